package io.jobwarden.platform.launchd;

import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;

/** The launchd property list of one instance, a system daemon kept alive by launchd. */
public final class LaunchdPlist {
    private LaunchdPlist() {}

    public static String label(ServiceName name) {
        return "io.jobwarden." + name;
    }

    public static String render(ServiceDefinition d, String logDirectory) {
        StringBuilder p = new StringBuilder();
        p.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        p.append(
                "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        p.append("<plist version=\"1.0\">\n<dict>\n");
        key(p, "Label").append("  <string>").append(xml(label(d.name()))).append("</string>\n");
        key(p, "ProgramArguments").append("  <array>\n");
        for (String arg : d.command()) p.append("    <string>").append(xml(arg)).append("</string>\n");
        p.append("  </array>\n");
        key(p, "WorkingDirectory")
                .append("  <string>")
                .append(xml(d.workingDirectory()))
                .append("</string>\n");
        d.account()
                .ifPresent(user -> key(p, "UserName")
                        .append("  <string>")
                        .append(xml(user))
                        .append("</string>\n"));
        key(p, "RunAtLoad").append("  <true/>\n");
        // launchd's Restart=always: start again whenever the process ends, however it ended.
        key(p, "KeepAlive").append("  <true/>\n");
        key(p, "ThrottleInterval")
                .append("  <integer>")
                .append(Math.max(1, d.restartPolicy().firstDelay().toSeconds()))
                .append("</integer>\n");
        key(p, "ExitTimeOut")
                .append("  <integer>")
                .append(d.stopTimeout().toSeconds())
                .append("</integer>\n");
        key(p, "ProcessType").append("  <string>Standard</string>\n");
        key(p, "StandardOutPath")
                .append("  <string>")
                .append(xml(logDirectory + "/" + d.name().serviceId() + ".out.log"))
                .append("</string>\n");
        key(p, "StandardErrorPath")
                .append("  <string>")
                .append(xml(logDirectory + "/" + d.name().serviceId() + ".err.log"))
                .append("</string>\n");
        p.append("</dict>\n</plist>\n");
        return p.toString();
    }

    private static StringBuilder key(StringBuilder p, String key) {
        return p.append("  <key>").append(key).append("</key>\n");
    }

    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
