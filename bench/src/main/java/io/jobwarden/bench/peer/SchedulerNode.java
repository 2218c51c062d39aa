package io.jobwarden.bench.peer;

import java.time.Instant;
import java.util.List;

/** One running instance of a scheduler under test, inside a node process. */
public interface SchedulerNode {

    /** One-shot jobs due at {@code due}, for a scheduler whose jobs live in this process; before {@link #start()}. */
    void addOneShots(List<String> ids, Instant due);

    /** Jobs firing every second ({@code * * * * * ?}); before {@link #start()}. */
    void addEverySecond(List<String> ids);

    void start();

    /** Stops; returns once every outcome the scheduler keeps has been written. */
    void stop();
}
