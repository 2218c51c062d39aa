package io.jobwarden.platform;

/** The service account's password; its text never appears in a plan, a log line or toString. */
public record ServicePassword(String source, String value) {
    /** @param source where it came from, for plans: "environment variable JOBWARDEN_SERVICE_PASSWORD" */
    public ServicePassword {
        if (value == null) throw new IllegalArgumentException("password value is required");
    }

    @Override
    public String toString() {
        return "(password from " + source + ", not shown)";
    }
}
