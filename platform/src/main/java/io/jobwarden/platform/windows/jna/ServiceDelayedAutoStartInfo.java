package io.jobwarden.platform.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Winsvc;

/** SERVICE_DELAYED_AUTO_START_INFO (winsvc.h), missing from jna-platform: { BOOL fDelayedAutostart; } */
@Structure.FieldOrder({"fDelayedAutostart"})
public class ServiceDelayedAutoStartInfo extends Winsvc.ChangeServiceConfig2Info {
    /** A Win32 BOOL: a 4-byte int, not a one-byte boolean. */
    public int fDelayedAutostart;

    public ServiceDelayedAutoStartInfo() {
        super();
    }

    public ServiceDelayedAutoStartInfo(boolean delayed) {
        super();
        this.fDelayedAutostart = delayed ? 1 : 0;
    }
}
