package io.jobwarden.server.http.control;

import java.util.Locale;
import java.util.Optional;

/** The actions {@code POST /control} accepts. */
public enum ControlAction {
    PAUSE,
    RESUME,
    DRAIN,
    RESTART,
    STOP;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ControlAction> parse(String text) {
        for (ControlAction a : values()) {
            if (a.configName().equals(text)) return Optional.of(a);
        }
        return Optional.empty();
    }
}
