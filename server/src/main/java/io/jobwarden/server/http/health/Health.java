package io.jobwarden.server.http.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One component's state, written as Spring Boot Actuator writes it: {@code {"status":"UP","details":{...}}}. */
public record Health(Status status, Map<String, Object> details) {
    public enum Status {
        UP,
        DOWN
    }

    public Health {
        // Details may hold nulls (no last pass yet), which Map.copyOf refuses.
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Health up(Map<String, Object> details) {
        return new Health(Status.UP, details);
    }

    public static Health down(Map<String, Object> details) {
        return new Health(Status.DOWN, details);
    }

    public static Health of(boolean up, Map<String, Object> details) {
        return new Health(up ? Status.UP : Status.DOWN, details);
    }

    public boolean isUp() {
        return status == Status.UP;
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status.name());
        if (!details.isEmpty()) out.put("details", details);
        return out;
    }
}
