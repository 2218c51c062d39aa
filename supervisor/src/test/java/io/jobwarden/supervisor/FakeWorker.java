package io.jobwarden.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker for the supervisor's tests. Arguments: the crash directory, then one behaviour per incarnation; the
 * n-th restart plays behaviour n (the last one repeats), so a test scripts "crash twice, then run healthy".
 *
 * <p>Behaviours: {@code healthy}, {@code exit:CODE}, {@code healthy-then-exit:MILLIS} (exit code 1),
 * {@code hang-after:BEATS} (starts a child process, beats from its main loop, then hangs),
 * {@code throw} (uncaught exception in main), {@code oom}, {@code print-then-die:LINES},
 * {@code stop-on-purpose:CODE}, {@code ignore-stop}, {@code up-after:MILLIS} (beats, prints STARTING, and after
 * MILLIS takes reloads, writes the file {@code up-sent} beside the crash directory, says on the link that its start
 * is done and prints UP SENT; prints RELOAD RECEIVED for each reload asked).
 */
public final class FakeWorker {
    public static void main(String[] args) throws Exception {
        Path crashDir = Path.of(args[0]);
        WorkerLink link = WorkerLink.connectFromEnvironment().orElseThrow();
        SupervisorStatus status = link.supervisorStatus();
        String behaviour = args[1 + Math.min(status.restarts(), args.length - 2)];
        String mode = behaviour.split(":")[0];
        int n = behaviour.contains(":") ? Integer.parseInt(behaviour.split(":")[1]) : 0;
        System.out.println("FAKE WORKER pid=" + ProcessHandle.current().pid() + " behaviour=" + behaviour + " restarts="
                + status.restarts() + " crashLoop=" + status.crashLoop() + " lastCause=" + status.lastCause());
        switch (mode) {
            case "healthy" -> beatForever(link);
            case "exit" -> System.exit(n);
            case "healthy-then-exit" -> {
                link.startBeating(() -> true);
                Thread.sleep(n);
                System.exit(1);
            }
            case "hang-after" -> {
                Process child = new ProcessBuilder("sleep", "600").start();
                System.out.println("CHILD " + child.pid());
                for (int beat = 0; beat < n; beat++) {
                    link.beat();
                    Thread.sleep(link.heartbeatInterval().toMillis());
                }
                System.out.println("HANGING NOW");
                while (true) LockSupport.park();
            }
            case "throw" -> {
                CrashReporter.install(crashDir);
                throw new IllegalStateException("fake worker failure");
            }
            case "oom" -> {
                link.startBeating(() -> true);
                List<long[]> hog = new ArrayList<>();
                while (true) hog.add(new long[1 << 20]);
            }
            case "print-then-die" -> {
                for (int line = 1; line <= n; line++) System.out.println("line " + line);
                System.out.flush();
                Runtime.getRuntime().halt(7);
            }
            case "stop-on-purpose" -> {
                link.stoppingOnPurpose();
                System.exit(n);
            }
            case "up-after" -> {
                link.startBeating(() -> true);
                System.out.println("STARTING");
                Thread.sleep(n);
                // As the real worker: reloads are taken once there is something started to reload.
                link.onReloadRequest(() -> System.out.println("RELOAD RECEIVED"));
                Files.writeString(crashDir.resolveSibling("up-sent"), "up");
                link.started();
                System.out.println("UP SENT");
                while (true) LockSupport.park();
            }
            case "ignore-stop" -> {
                link.onStopRequest(() -> System.out.println("IGNORING STOP"));
                System.out.println("WILL IGNORE STOP");
                beatForever(link);
            }
            default -> throw new IllegalArgumentException("unknown behaviour " + behaviour);
        }
    }

    private static void beatForever(WorkerLink link) {
        link.startBeating(() -> true);
        while (true) LockSupport.park();
    }
}
