package io.jobwarden.faults;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Stands in, inside one node process, for the JDBC drivers the store's pool finds by URL, so that the store runs
 * unchanged over connections that misbehave the way a network or a server can:
 *
 * <ul>
 *   <li>{@code lostCommitAck}: within the window, a share of the commits go through on the server but fail on the
 *       node as if the connection had dropped before the acknowledgement came back (SQLState 08006, the connection
 *       closed), so the node cannot tell whether its transaction happened;
 *   <li>{@code heartbeatStall}: within the window, the node's lease renewals stall after the database has read its
 *       clock and before the update that writes the new lease, as a call stuck on a slow network does, while the
 *       renewal's transaction holds the node's row;
 *   <li>{@code pauseAfterRenewal}: once, within the window, the node stops itself ({@code kill -STOP} of its own pid)
 *       the moment a lease renewal has committed and before its answer is read, as a paused JVM (SIGSTOP, a long GC)
 *       can be; the test resumes it.
 * </ul>
 *
 * Outside the window, and for every other statement, it only passes calls on.
 */
final class FaultyJdbcDriver implements Driver {
    /** The lease renewal's update of the node row (NodeLeases): the statement a stalled heartbeat is stuck before. */
    private static final Pattern LEASE_RENEWAL =
            Pattern.compile("UPDATE \\S*nodes SET name = \\?.*lease_until = \\?.*", Pattern.DOTALL);

    /** When {@link #arm} was called (epoch ms): the fault windows count from there. */
    private static volatile long armedAt = Long.MAX_VALUE;

    /**
     * Which fault, from when (ms after {@link #arm}) for how long, and how hard (a commit's odds of losing its ack; a
     * stall's length).
     */
    record Fault(String kind, long afterMillis, long forMillis, double lostAckOdds, long stallMillis) {
        static Fault fromArgs(Map<String, String> args) {
            String kind = args.getOrDefault("jdbcFault", "none");
            return new Fault(
                    kind,
                    Long.parseLong(args.getOrDefault("jdbcFaultAfter", "0")),
                    Long.parseLong(args.getOrDefault("jdbcFaultFor", "0")),
                    Double.parseDouble(args.getOrDefault("lostAckOdds", "0.3")),
                    Long.parseLong(args.getOrDefault("stallMs", "0")));
        }

        List<String> toArgs() {
            return List.of(
                    "jdbcFault=" + kind,
                    "jdbcFaultAfter=" + afterMillis,
                    "jdbcFaultFor=" + forMillis,
                    "lostAckOdds=" + lostAckOdds,
                    "stallMs=" + stallMillis);
        }

        boolean active() {
            long from = armedAt == Long.MAX_VALUE ? Long.MAX_VALUE : armedAt + afterMillis;
            long now = System.currentTimeMillis();
            return now >= from && now - from < forMillis;
        }
    }

    private final Driver real;
    private final Fault fault;
    private final AtomicInteger lostAcks = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();

    private FaultyJdbcDriver(Driver real, Fault fault) {
        this.real = real;
        this.fault = fault;
    }

    /** Replaces every registered driver with one that injects {@code fault}; none for kind {@code none}. */
    static void install(Fault fault) throws SQLException {
        if (fault.kind().equals("none")) return;
        if (!List.of("lostCommitAck", "heartbeatStall", "pauseAfterRenewal").contains(fault.kind()))
            throw new IllegalArgumentException("jdbcFault: unknown fault " + fault.kind());
        List<Driver> drivers = new ArrayList<>(Collections.list(DriverManager.getDrivers()));
        System.out.println("FAULT " + fault + " over " + drivers.size() + " JDBC drivers");
        for (Driver d : drivers) {
            DriverManager.deregisterDriver(d);
            DriverManager.registerDriver(new FaultyJdbcDriver(d, fault));
        }
    }

    /**
     * Starts the clock of the fault's window: a node on a busy host may come up after its plan's burst began, and a
     * window counted from a fixed instant could be over before the node had a connection.
     */
    static void arm(long epochMillis) {
        armedAt = epochMillis;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection c = real.connect(url, info);
        return c == null ? null : wrap(c);
    }

    private Connection wrap(Connection c) {
        // Set when this connection's transaction sent a lease renewal; the commit that follows is the renewal's.
        java.util.concurrent.atomic.AtomicBoolean renewing = new java.util.concurrent.atomic.AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit")
                    && renewing.getAndSet(false)
                    && fault.active()
                    && paused.compareAndSet(false, true)) {
                call(c, method, args);
                System.out.println("FAULT paused after a lease renewal committed");
                System.out.flush();
                PrivateServer.run(List.of(
                        "kill", "-STOP", Long.toString(ProcessHandle.current().pid())));
                return null;
            }
            if (method.getName().equals("rollback")) renewing.set(false);
            if (method.getName().equals("commit") && fault.kind().equals("lostCommitAck") && fault.active()) {
                call(c, method, args);
                if (ThreadLocalRandom.current().nextDouble() < fault.lostAckOdds()) {
                    System.out.println("FAULT lost commit acknowledgement #" + lostAcks.incrementAndGet());
                    c.close();
                    throw new SQLException(
                            "fault injection: the commit went through but its acknowledgement was lost", "08006");
                }
                return null;
            }
            Object result = call(c, method, args);
            if (method.getName().equals("prepareStatement")
                    && LEASE_RENEWAL.matcher((String) args[0]).matches()) {
                if (fault.kind().equals("heartbeatStall")) return stallingRenewal((PreparedStatement) result);
                if (fault.kind().equals("pauseAfterRenewal")) renewing.set(true);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(
                FaultyJdbcDriver.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private PreparedStatement stallingRenewal(PreparedStatement ps) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && fault.active()) {
                System.out.println(
                        "FAULT lease renewal stalled " + fault.stallMillis() + " ms #" + stalls.incrementAndGet());
                Thread.sleep(fault.stallMillis());
            }
            return call(ps, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(
                FaultyJdbcDriver.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return real.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return real.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return real.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return real.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return real.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }
}
