package io.jobwarden.platform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** When the OS starts the service: at boot, at boot after the other automatic services, or only on request. */
public enum StartType {
    AUTO("auto"),
    DELAYED("delayed"),
    MANUAL("manual");

    private final String option;

    StartType(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static StartType parse(String text) {
        for (StartType t : values()) {
            if (t.option.equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) return t;
        }
        throw new InvalidServiceDefinitionException(
                "--start",
                "'" + text + "' is not a start type; use one of "
                        + Arrays.stream(values()).map(StartType::option).collect(Collectors.joining(", ")));
    }
}
