package io.jobwarden.platform.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import io.jobwarden.platform.eventlog.EventLogSink;

/** Writes to the Windows Event Log through RegisterEventSource/ReportEvent. Loaded only on Windows. */
public final class JnaEventLogSink implements EventLogSink {
    private final WinNT.HANDLE handle;

    public JnaEventLogSink(String source) {
        WinNT.HANDLE h = Advapi32.INSTANCE.RegisterEventSource(null, source);
        if (h == null)
            throw new IllegalStateException(
                    "RegisterEventSource(" + source + ") failed: error " + Native.getLastError());
        this.handle = h;
    }

    @Override
    public void report(int type, int eventId, String message) {
        if (!Advapi32.INSTANCE.ReportEvent(handle, type, 0, eventId, null, 1, 0, new String[] {message}, null)) {
            throw new IllegalStateException("ReportEvent failed: error " + Native.getLastError());
        }
    }

    @Override
    public void close() {
        Advapi32.INSTANCE.DeregisterEventSource(handle);
    }
}
