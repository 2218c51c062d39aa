package io.jobwarden.cluster;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The jobs of one cluster test, known alike to the test and to every node process: {@code oneShots} jobs due together
 * at {@code oneShotAt}, and {@code everySecond} jobs firing each second from {@code everyFrom}. The test stores them
 * before any node starts; each node then registers the same definitions as its config jobs, as nodes sharing one
 * jobwarden.yml do.
 *
 * <p>The every-second jobs outrank the burst and allow overlap, and the nodes' misfire threshold is generous: the
 * tests count fires, and on a small shared host a stalled pass must not turn a late fire into a skipped or missed one
 * (those are policies with tests of their own).
 */
record JobSet(int oneShots, Instant oneShotAt, int everySecond, Instant everyFrom, int retryMax) {
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    static final int EVERY_PRIORITY = 8;
    static final int FULL_BURST = 10_000;
    private static final int STORE_WRITERS = 6;

    /**
     * A burst time far enough ahead for the test to store {@code oneShots} jobs and for the nodes to start and register
     * them (a few milliseconds a job on this machine). Were the nodes later, nothing breaks: their misfire threshold
     * keeps the burst on time, it just starts with fewer nodes.
     */
    static Instant burstTime(int oneShots) {
        return Instant.now().plusSeconds(5).plusMillis(3L * oneShots).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The default burst, or the full 10,000 with {@code -Djobwarden.cluster.full=true}, or {@code -Djobwarden.cluster.burst=N}. */
    static int burstSize(int reduced) {
        return Integer.getInteger(
                "jobwarden.cluster.burst", Boolean.getBoolean("jobwarden.cluster.full") ? FULL_BURST : reduced);
    }

    static String oneShotId(int i) {
        return String.format("once-%05d", i);
    }

    static String everyId(int i) {
        return "every-" + i;
    }

    static boolean isEvery(String jobId) {
        return jobId.startsWith("every-");
    }

    List<JobSpec> specs() {
        RetryPolicy retry = retryMax == 0
                ? RetryPolicy.NONE
                : new RetryPolicy(retryMax, RETRY_BACKOFF, RETRY_BACKOFF.multipliedBy(4));
        List<JobSpec> out = new ArrayList<>(oneShots + everySecond);
        for (int i = 1; i <= everySecond; i++) {
            out.add(JobSpec.builder(everyId(i), "@every 1s", "java")
                    .zone(ZoneOffset.UTC)
                    .settings(Map.of())
                    .retry(retry)
                    .overlap(OverlapPolicy.ALLOW)
                    .misfire(MisfirePolicy.FIRE_ONCE)
                    .priority(EVERY_PRIORITY)
                    .description("cluster test: one fire a second")
                    .build());
        }
        for (int i = 1; i <= oneShots; i++) {
            out.add(JobSpec.builder(oneShotId(i), "@at " + oneShotAt, "java")
                    .zone(ZoneOffset.UTC)
                    .settings(Map.of())
                    .retry(retry)
                    .misfire(MisfirePolicy.FIRE_ONCE)
                    .priority(5)
                    .description("cluster test: part of a burst")
                    .build());
        }
        return out;
    }

    /** Stores every job with its first fire, before the nodes start. */
    void storeIn(JobStore store) {
        storeAll(specs(), spec -> store.putJob(spec, JobOrigin.CONFIG, isEvery(spec.id()) ? everyFrom : oneShotAt));
    }

    /** Stores many jobs a few at a time, as that is many round trips. */
    static void storeAll(List<JobSpec> specs, Consumer<JobSpec> store) {
        ExecutorService writers = Executors.newFixedThreadPool(STORE_WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < STORE_WRITERS; w++) {
                int first = w;
                done.add(writers.submit(() -> {
                    for (int i = first; i < specs.size(); i += STORE_WRITERS) store.accept(specs.get(i));
                }));
            }
            for (Future<?> f : done) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the jobs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not store the jobs", e.getCause());
        } finally {
            writers.shutdownNow();
        }
    }

    /** Every fire of the one-shot jobs, and of the every-second jobs through {@code window} after their first. */
    List<String> expectedFires(Duration window) {
        List<String> out = new ArrayList<>(oneShotFires());
        out.addAll(everyFiresThrough(everyFrom.plus(window)));
        return out;
    }

    private List<String> oneShotFires() {
        List<String> out = new ArrayList<>(oneShots);
        for (int i = 1; i <= oneShots; i++) out.add(oneShotId(i) + "@" + oneShotAt);
        return out;
    }

    /** The fires of the every-second jobs from their first up to and including {@code last}. */
    private List<String> everyFiresThrough(Instant last) {
        List<String> out = new ArrayList<>();
        for (Instant t = everyFrom; !t.isAfter(last); t = t.plusSeconds(1)) {
            for (int i = 1; i <= everySecond; i++) out.add(everyId(i) + "@" + t);
        }
        return out;
    }

    List<String> everyIds() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= everySecond; i++) out.add(everyId(i));
        return out;
    }

    List<String> toArgs() {
        return List.of(
                "oneShots=" + oneShots,
                "oneShotAt=" + oneShotAt,
                "everySecond=" + everySecond,
                "everyFrom=" + everyFrom,
                "retryMax=" + retryMax);
    }

    static JobSet fromArgs(Map<String, String> args) {
        return new JobSet(
                Integer.parseInt(args.get("oneShots")),
                Instant.parse(args.get("oneShotAt")),
                Integer.parseInt(args.get("everySecond")),
                Instant.parse(args.get("everyFrom")),
                Integer.parseInt(args.get("retryMax")));
    }
}
