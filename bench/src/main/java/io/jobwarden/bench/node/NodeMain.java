package io.jobwarden.bench.node;

import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.bench.peer.Contestants;
import io.jobwarden.bench.peer.SchedulerNode;
import io.jobwarden.bench.peer.Target;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A node process: one scheduler under test, driven by the harness over stdin/stdout. It sets the scheduler up and
 * says {@code READY}; starts it on {@code GO}; reports its execution count every 100 ms; on {@code STOP} stops it,
 * writes its ledger and says {@code DONE}. Arguments are {@code key=value}: the {@link Target}'s, plus
 * {@code node}, {@code ledger}, and the jobs that live in the node ({@code oneShots} with {@code due},
 * {@code everySecond}).
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            say("FAILED " + t.toString().replace('\n', ' '));
            t.printStackTrace();
            System.exit(2);
        }
    }

    private static void run(Map<String, String> args) throws Exception {
        ExecutionLedger ledger = new ExecutionLedger();
        SchedulerNode node = Contestants.of(Target.fromArgs(args)).node(args.get("node"), ledger);
        if (args.containsKey("oneShots")) {
            node.addOneShots(
                    JobIds.of(Integer.parseInt(args.get("oneShots"))),
                    Instant.ofEpochMilli(Long.parseLong(args.get("due"))));
        }
        if (args.containsKey("everySecond")) node.addEverySecond(JobIds.of(Integer.parseInt(args.get("everySecond"))));
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        expect(in, "GO");
        node.start();
        say("STARTED " + System.currentTimeMillis());
        Thread reporter = new Thread(
                () -> {
                    try {
                        while (true) {
                            say("COUNT " + ledger.executions());
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        // stopping
                    }
                },
                "bench-reporter");
        reporter.setDaemon(true);
        reporter.start();
        expect(in, "STOP");
        reporter.interrupt();
        node.stop();
        ledger.snapshot().writeTo(Path.of(args.get("ledger")));
        say("DONE");
    }

    private static void expect(BufferedReader in, String word) throws Exception {
        String line = in.readLine();
        if (line == null) throw new IllegalStateException("the harness went away before " + word);
        if (!line.strip().equals(word))
            throw new IllegalStateException("expected " + word + " from the harness, got '" + line + "'");
    }

    static synchronized void say(String message) {
        System.out.println(NodeProcess.MARK + message);
        System.out.flush();
    }
}
