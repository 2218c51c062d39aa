package io.jobwarden.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A started process and everything it spawned, stopped as a whole: first politely (SIGTERM on Unix, children before
 * their parents), then, after a grace period, by force (SIGKILL), repeating until nothing of it is left.
 *
 * <p>Java cannot put a child in its own process group, so the tree is found by walking descendants. Every process
 * ever seen is remembered: once a parent dies its children are re-parented and no longer its descendants, yet they
 * are still ours to stop, and so are the processes they spawn. Safe to use from the cancelling thread and the
 * runner's thread at once: signals are idempotent.
 */
final class ProcessTree {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int FORCE_ROUNDS = 40;
    private static final Path PROC = Path.of("/proc");

    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    ProcessTree(ProcessHandle root) {
        this.root = root;
        seen.add(root);
    }

    /** Asks every live process of the tree to stop, children before their parents, without waiting. */
    int terminate() {
        List<ProcessHandle> members = liveMembers();
        members.forEach(ProcessTree::askToStop);
        return members.size();
    }

    /**
     * Stops the whole tree and returns once it is gone: terminate, wait up to {@code grace}, then kill by force
     * whatever is left or was spawned meanwhile. An interrupt cuts the grace short but never the killing.
     *
     * @return the processes that survived even force (normally none: only one we may not signal)
     */
    List<ProcessHandle> stop(Duration grace) {
        boolean interrupted = false;
        List<ProcessHandle> members = liveMembers();
        members.forEach(ProcessTree::askToStop);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!members.isEmpty() && System.nanoTime() < deadline) {
                pause();
                members = liveMembers();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (int round = 0; round < FORCE_ROUNDS; round++) {
            members = liveMembers();
            if (members.isEmpty()) break;
            // Parents first now: a parent killed after its children could react to their deaths (a script goes on
            // to its next line, a supervisor respawns), and the children are already known, so none is lost.
            for (int i = members.size() - 1; i >= 0; i--) force(members.get(i));
            try {
                pause();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return liveMembers();
    }

    /** The live processes of the tree, deepest first, so a child is always signalled before its parent. */
    private List<ProcessHandle> liveMembers() {
        seen.removeIf(handle -> handle != root && !isLive(handle));
        Set<Long> livePids = new HashSet<>();
        for (ProcessHandle handle : seen) {
            if (isLive(handle)) livePids.add(handle.pid());
        }
        for (ProcessHandle handle : List.copyOf(seen)) {
            // Only the tops of the known forest are walked: one walk reads every process of the machine.
            boolean top = handle.parent()
                    .map(parent -> !livePids.contains(parent.pid()))
                    .orElse(true);
            if (livePids.contains(handle.pid()) && top) handle.descendants().forEach(seen::add);
        }
        Map<ProcessHandle, Integer> depth = new HashMap<>();
        for (ProcessHandle handle : seen) {
            if (isLive(handle)) depth.put(handle, depth(handle));
        }
        List<ProcessHandle> live = new ArrayList<>(depth.keySet());
        live.sort(Comparator.comparing((ProcessHandle h) -> depth.get(h)).reversed());
        return live;
    }

    private static int depth(ProcessHandle handle) {
        int depth = 0;
        for (var parent = handle.parent();
                parent.isPresent() && depth < 1000;
                parent = parent.get().parent()) {
            depth++;
        }
        return depth;
    }

    private static void askToStop(ProcessHandle handle) {
        try {
            handle.destroy();
        } catch (RuntimeException e) {
            // Not ours to signal, or gone between the check and the signal: force() and the liveness check decide.
        }
    }

    private static void force(ProcessHandle handle) {
        try {
            handle.destroyForcibly();
        } catch (RuntimeException e) {
            // As in askToStop: a survivor is reported by stop().
        }
    }

    private static void pause() throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
    }

    /**
     * Alive and not a zombie. A killed process whose parent has not reaped it counts as alive to Java, and without
     * an init that reaps orphans (a bare container) it stays a zombie for good; it runs nothing, so it is gone.
     */
    static boolean isLive(ProcessHandle handle) {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    private static boolean isZombie(long pid) {
        Path stat = PROC.resolve(Long.toString(pid)).resolve("stat");
        try {
            String text = Files.readString(stat, StandardCharsets.UTF_8);
            int end = text.lastIndexOf(')');
            return end >= 0 && end + 2 < text.length() && text.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux) or the process just vanished: Java's own liveness answer stands.
            return false;
        }
    }
}
