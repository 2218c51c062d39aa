package io.jobwarden.platform.windows;

import io.jobwarden.platform.ServiceException;

/** A Win32 service call failed; {@link #errorCode()} is GetLastError(). */
public final class ScmException extends ServiceException {
    private final int errorCode;

    public ScmException(String call, int errorCode, String systemMessage) {
        super(call + " failed: " + (systemMessage == null || systemMessage.isBlank() ? "error" : systemMessage.strip())
                + " (" + errorCode + ")");
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
