package io.jobwarden.platform.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Winsvc;

/** SERVICE_PRESHUTDOWN_INFO (winsvc.h), missing from jna-platform: { DWORD dwPreshutdownTimeout; } */
@Structure.FieldOrder({"dwPreshutdownTimeout"})
public class ServicePreshutdownInfo extends Winsvc.ChangeServiceConfig2Info {
    public int dwPreshutdownTimeout;

    public ServicePreshutdownInfo() {
        super();
    }

    public ServicePreshutdownInfo(int timeoutMillis) {
        super();
        this.dwPreshutdownTimeout = timeoutMillis;
    }
}
