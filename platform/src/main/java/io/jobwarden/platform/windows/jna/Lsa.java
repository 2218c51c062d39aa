package io.jobwarden.platform.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import io.jobwarden.platform.windows.ScmException;
import java.nio.charset.StandardCharsets;

/**
 * The LSA policy calls jna-platform lacks: what granting an account "log on as a service" takes, as services.msc
 * and WinSW do when a service is set to run as a user. Loaded on first use, on Windows only.
 */
interface Lsa extends StdCallLibrary {
    /** POLICY_CREATE_ACCOUNT | POLICY_LOOKUP_NAMES */
    int POLICY_ACCESS = 0x00000010 | 0x00000800;

    String SERVICE_LOGON_RIGHT = "SeServiceLogonRight";

    int LsaOpenPolicy(
            LsaUnicodeString systemName, LsaObjectAttributes attributes, int desiredAccess, PointerByReference policy);

    int LsaAddAccountRights(Pointer policy, Pointer accountSid, LsaUnicodeString userRights, int countOfRights);

    int LsaClose(Pointer policy);

    int LsaNtStatusToWinError(int status);

    /** LSA_UNICODE_STRING: lengths in bytes, the buffer need not end with a NUL. */
    @Structure.FieldOrder({"Length", "MaximumLength", "Buffer"})
    class LsaUnicodeString extends Structure {
        public short Length;
        public short MaximumLength;
        public Pointer Buffer;

        static LsaUnicodeString of(String text) {
            LsaUnicodeString s = new LsaUnicodeString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
            Memory buffer = new Memory(bytes.length + 2L);
            buffer.clear();
            buffer.write(0, bytes, 0, bytes.length);
            s.Buffer = buffer;
            s.Length = (short) bytes.length;
            s.MaximumLength = (short) (bytes.length + 2);
            return s;
        }
    }

    /** LSA_OBJECT_ATTRIBUTES, unused by LsaOpenPolicy but for its size: all zero. */
    @Structure.FieldOrder({
        "Length",
        "RootDirectory",
        "ObjectName",
        "Attributes",
        "SecurityDescriptor",
        "SecurityQualityOfService"
    })
    class LsaObjectAttributes extends Structure {
        public int Length;
        public Pointer RootDirectory;
        public Pointer ObjectName;
        public int Attributes;
        public Pointer SecurityDescriptor;
        public Pointer SecurityQualityOfService;

        LsaObjectAttributes() {
            Length = size();
        }
    }

    /** Grants {@code account} SeServiceLogonRight on this machine; granting a right it already has is no error. */
    static void grantServiceLogonRight(String account) {
        byte[] sid;
        try {
            sid = Advapi32Util.getAccountByName(account).sid;
        } catch (Win32Exception e) {
            throw new ScmException("LookupAccountName " + account, e.getErrorCode(), e.getMessage());
        }
        Lsa lsa = Native.load("advapi32", Lsa.class, W32APIOptions.DEFAULT_OPTIONS);
        PointerByReference policy = new PointerByReference();
        int status = lsa.LsaOpenPolicy(null, new LsaObjectAttributes(), POLICY_ACCESS, policy);
        if (status != 0) throw failure(lsa, "LsaOpenPolicy", status);
        try {
            Memory sidMemory = new Memory(sid.length);
            sidMemory.write(0, sid, 0, sid.length);
            status = lsa.LsaAddAccountRights(policy.getValue(), sidMemory, LsaUnicodeString.of(SERVICE_LOGON_RIGHT), 1);
            if (status != 0) throw failure(lsa, "LsaAddAccountRights " + account + " " + SERVICE_LOGON_RIGHT, status);
        } finally {
            lsa.LsaClose(policy.getValue());
        }
    }

    private static ScmException failure(Lsa lsa, String call, int ntStatus) {
        int error = lsa.LsaNtStatusToWinError(ntStatus);
        return new ScmException(call, error, com.sun.jna.platform.win32.Kernel32Util.formatMessage(error));
    }
}
