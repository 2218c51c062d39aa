package io.jobwarden.supervisor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a supervisor as a process of its own, the way {@code jobwarden run} will, so tests can signal it.
 * Arguments: a working directory, then the worker behaviours. Prints {@code WORKER-PID <pid>} once the worker runs.
 */
public final class SupervisorMain {
    public static void main(String[] args) {
        String[] behaviours = java.util.Arrays.copyOfRange(args, 1, args.length);
        Supervisor supervisor = new Supervisor(TestWorkers.settings(
                Path.of(args[0]),
                // Generous, as in SupervisorProcessTest: a slow first heartbeat on a loaded machine is not a hang.
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                Duration.ofSeconds(5),
                behaviours));
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "supervisor-stop"));
        Thread announcer = new Thread(
                () -> {
                    while (supervisor.state() != Supervisor.State.RUNNING) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    System.out.println("WORKER-PID " + supervisor.workerPid().orElseThrow());
                },
                "announcer");
        announcer.setDaemon(true);
        announcer.start();
        System.exit(supervisor.run());
    }
}
