package io.jobwarden.supervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the two processes start with unless told otherwise, chosen by measurement (bench/FOOTPRINT.md).
 * Options given by the operator come after the defaults, so that for any option the JVM reads twice the operator's
 * wins; the one pair the JVM refuses to see twice, two garbage collectors, is resolved by dropping the default's.
 */
public final class JvmOptions {
    /**
     * The supervisor: a few hundred classes and a thread per worker stream, nothing to optimise. The serial
     * collector with a small heap it gives back after start-up, C1 only with one compiler thread (C2's compiler
     * arenas cost more memory than the supervisor's code ever gains from it). No maximum heap and no smaller thread
     * stacks than the worker's: with {@code supervisor.enabled: false} the same JVM runs the worker itself.
     */
    public static final List<String> SUPERVISOR = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1");

    /**
     * The worker: the serial collector from a small initial heap, growing only as the jobs need (no maximum is
     * set: the JVM's default, a quarter of the machine's memory, still applies); C1 only, which starts faster
     * and leaves out C2's compiler memory, while the engine's own work per fire is mostly waiting on its store; and
     * 512 KiB thread stacks. A worker running CPU-heavy {@code java} jobs can add {@code -XX:TieredStopAtLevel=4}
     * in {@code supervisor.jvm-options}, which comes after these.
     */
    public static final List<String> WORKER =
            List.of("-XX:+UseSerialGC", "-Xms8m", "-Xss512k", "-XX:TieredStopAtLevel=1");

    private JvmOptions() {}

    /** {@code defaults}, then {@code chosen}; a collector {@code chosen} selects replaces the default's. */
    public static List<String> withDefaults(List<String> defaults, List<String> chosen) {
        boolean choosesCollector = chosen.stream().anyMatch(JvmOptions::selectsCollector);
        List<String> merged = new ArrayList<>();
        for (String option : defaults) {
            if (!(choosesCollector && selectsCollector(option))) merged.add(option);
        }
        merged.addAll(chosen);
        return List.copyOf(merged);
    }

    /** {@code -XX:+UseSerialGC}, {@code -XX:+UseG1GC}, {@code -XX:+UseZGC} and the like. */
    static boolean selectsCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }
}
