package io.jobwarden.bench.peer;

/** The contestant for a target. */
public final class Contestants {
    private Contestants() {}

    public static Contestant of(Target target) {
        return switch (target.kind()) {
            case JOBWARDEN -> new JobwardenContestant(target);
            case DBS_FETCH, DBS_LOCK_AND_FETCH -> new DbSchedulerContestant(target);
            case QUARTZ_CLUSTER, QUARTZ_RAM -> new QuartzContestant(target);
        };
    }
}
