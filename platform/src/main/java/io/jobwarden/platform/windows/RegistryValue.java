package io.jobwarden.platform.windows;

/** A value under HKEY_LOCAL_MACHINE written at install. */
public record RegistryValue(String key, String name, Type type, String text, int number) {
    public enum Type {
        REG_EXPAND_SZ,
        REG_DWORD
    }

    public static RegistryValue expandString(String key, String name, String text) {
        return new RegistryValue(key, name, Type.REG_EXPAND_SZ, text, 0);
    }

    public static RegistryValue dword(String key, String name, int number) {
        return new RegistryValue(key, name, Type.REG_DWORD, null, number);
    }

    public String describe() {
        return "HKLM\\" + key + " " + name + " " + type + " = "
                + (type == Type.REG_DWORD ? String.valueOf(number) : text);
    }
}
