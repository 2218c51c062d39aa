package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The store's memory of used {@code /control} signatures, on every database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ControlReplayContract {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final String prefix = StoreTarget.uniquePrefix();
    private JdbcJobStore store;
    private JdbcJobStore otherNode;

    protected abstract StoreTarget target();

    @BeforeAll
    void open() {
        StoreOptions options = StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(4);
        store = target().open(options);
        otherNode = target().open(options);
    }

    @AfterAll
    void drop() {
        if (store != null) store.close();
        if (otherNode != null) otherNode.close();
        target().dropTables(prefix);
    }

    @Test
    void aSignatureIsAcceptedOnceOnEveryStoreSharingTheDatabase() {
        Instant expires = NOW.plusSeconds(301);
        assertThat(store.markControlUsed("a1", expires, NOW)).isTrue();
        assertThat(store.markControlUsed("a1", expires, NOW.plusSeconds(10))).isFalse();
        assertThat(otherNode.markControlUsed("a1", expires, NOW.plusSeconds(20)))
                .isFalse();
        assertThat(otherNode.markControlUsed("a2", expires, NOW)).isTrue();
    }

    @Test
    void anExpiredSignatureIsPurgedAndNoLongerRemembered() throws Exception {
        assertThat(store.markControlUsed("b1", NOW.plusSeconds(5), NOW)).isTrue();
        assertThat(store.markControlUsed("b2", NOW.plusSeconds(500), NOW)).isTrue();
        // Another request, after b1's window: b1's row goes, b2's stays.
        assertThat(store.markControlUsed("b3", NOW.plusSeconds(400), NOW.plusSeconds(6)))
                .isTrue();
        assertThat(rows()).contains("b2", "b3").doesNotContain("b1");
        assertThat(store.markControlUsed("b2", NOW.plusSeconds(500), NOW.plusSeconds(7)))
                .isFalse();
    }

    @Test
    void ofManyNodesRacingWithTheSameSignatureExactlyOneWins() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                JdbcJobStore node = i % 2 == 0 ? store : otherNode;
                Callable<Boolean> race = () -> {
                    start.await();
                    return node.markControlUsed("race", NOW.plusSeconds(301), NOW);
                };
                results.add(pool.submit(race));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) if (r.get()) winners++;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> rows() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = target().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT signature_hash FROM " + prefix + "control_used")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
