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
     * collector with a small heap it gives back after start-up and keeps tight (a young generation an eighth of the
     * old one, at most 15% of the old one free); C1 only, with one compiler thread and compile thresholds a hundred
     * times the default, so that the little code that ever gets hot (relaying output, the heartbeat) is compiled and
     * the start-up's config reading is not (C2's arenas, and C1's for a thousand start-up methods, cost more memory
     * than the supervisor's code ever gains). Not {@code -Xint} or a maximum heap, and no smaller thread stacks
     * than the worker's: with {@code supervisor.enabled: false} the same JVM runs the worker itself, only warming up
     * later (bench/FOOTPRINT.md).
     */
    public static final List<String> SUPERVISOR = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-XX:NewRatio=8",
            "-XX:MinHeapFreeRatio=5",
            "-XX:MaxHeapFreeRatio=15",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:CompileThresholdScaling=100");

    /**
     * The worker: the serial collector from a small initial heap, growing only as the jobs need (no maximum is
     * set: the JVM's default, a quarter of the machine's memory, still applies); C1 only, which starts faster
     * and leaves out C2's compiler memory, while the engine's own work per fire is mostly waiting on its store, with
     * one compiler thread: on a two-core machine the JVM's two took 0.6 s of CPU during a start whose own thread ran
     * 0.7 s and waited 0.2 to 0.4 s for a core (bench/FOOTPRINT.md, round eight); and 512 KiB thread stacks.
     * A worker running CPU-heavy {@code java} jobs can add {@code -XX:TieredStopAtLevel=4} and a larger
     * {@code -XX:CICompilerCount} in {@code supervisor.jvm-options}, which come after these.
     */
    public static final List<String> WORKER =
            List.of("-XX:+UseSerialGC", "-Xms8m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");

    private static final String COMPILE_LEVEL = "-XX:TieredStopAtLevel=";
    private static final String COMPILER_COUNT = "-XX:CICompilerCount=";

    private JvmOptions() {}

    /**
     * {@code defaults}, then {@code chosen}. Two defaults give way to a choice the JVM would refuse beside them: a
     * collector {@code chosen} selects replaces the default's, and a compile level {@code chosen} sets
     * ({@code -XX:TieredStopAtLevel=4}, the full JIT) drops the default's single compiler thread unless
     * {@code chosen} sets the count too, since C2 needs at least two and the JVM would not start.
     */
    public static List<String> withDefaults(List<String> defaults, List<String> chosen) {
        boolean choosesCollector = chosen.stream().anyMatch(JvmOptions::selectsCollector);
        boolean choosesCompilers = chosen.stream().anyMatch(o -> o.startsWith(COMPILE_LEVEL))
                && chosen.stream().noneMatch(o -> o.startsWith(COMPILER_COUNT));
        List<String> merged = new ArrayList<>();
        for (String option : defaults) {
            if (choosesCollector && selectsCollector(option)) continue;
            if (choosesCompilers && option.startsWith(COMPILER_COUNT)) continue;
            merged.add(option);
        }
        merged.addAll(chosen);
        return List.copyOf(merged);
    }

    /** {@code -XX:+UseSerialGC}, {@code -XX:+UseG1GC}, {@code -XX:+UseZGC} and the like. */
    static boolean selectsCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }
}
