package io.jobwarden.store;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: in logs, health details and error messages, never with a password. */
final class JdbcUrls {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|passwd|pwd|sslpassword)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private JdbcUrls() {}

    static String redact(String url) {
        if (url == null) return "";
        String out = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(out).replaceAll("//$1:***@");
    }
}
