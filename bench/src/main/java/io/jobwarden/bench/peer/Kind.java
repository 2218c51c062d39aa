package io.jobwarden.bench.peer;

/** The schedulers under test, each in one of the set-ups the scenarios compare. */
public enum Kind {
    JOBWARDEN("Jobwarden"),
    DBS_FETCH("db-scheduler (fetch)"),
    DBS_LOCK_AND_FETCH("db-scheduler (lock-and-fetch)"),
    QUARTZ_CLUSTER("Quartz JobStoreTX clustered"),
    QUARTZ_RAM("Quartz RAMJobStore");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
