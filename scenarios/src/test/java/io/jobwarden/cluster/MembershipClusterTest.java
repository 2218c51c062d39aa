package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.spi.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/semantics.md#cluster, membership as the store reports it: started nodes appear with live leases that they keep
 * renewing; a killed node stays listed with a lease that runs out; a stopped node leaves; a restarted node is a new member.
 */
class MembershipClusterTest extends ClusterScenario {
    private static final Duration SETTLE = ClusterNodeMain.LEASE.plusSeconds(30);

    @ParameterizedTest(name = "{0}")
    @MethodSource(BOTH_DATABASES)
    void nodesJoinRenewExpireAndLeave(SharedDatabase db) {
        cluster = new Cluster(db);
        JobSet jobs =
                new JobSet(1, Instant.now().plusSeconds(3600), 1, Instant.now().plusSeconds(3600), 0);
        jobs.storeIn(cluster.store);
        List<NodeProcess> nodes = cluster.start(3, jobs);
        NodeProcess first = nodes.get(0);
        NodeProcess stopped = nodes.get(1);
        NodeProcess killed = nodes.get(2);

        await("three live members").atMost(SETTLE).untilAsserted(() -> {
            for (NodeProcess node : nodes)
                assertThat(live(node)).as("%s live", node).isTrue();
        });
        NodeInfo before = member(first).orElseThrow();
        assertThat(before.name()).isEqualTo("node-1");
        assertThat(before.startedAt()).isNotNull();
        await("heartbeats renew the lease")
                .atMost(SETTLE)
                .until(() -> member(first).orElseThrow().leaseUntil().isAfter(before.leaseUntil()));

        killed.kill();
        Instant killedAt = Instant.now();
        await("the killed node's lease runs out")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> member(killed).orElseThrow().leaseUntil().isBefore(Instant.now()));
        NodeInfo dead = member(killed).orElseThrow();
        System.out.printf(
                "[%s] %s killed; its lease ran out %d ms later (lease %d ms)%n",
                db, killed, Duration.between(killedAt, dead.leaseUntil()).toMillis(), ClusterNodeMain.LEASE.toMillis());
        assertThat(dead.leaseUntil())
                .as("a dead node's lease is not renewed")
                .isEqualTo(member(killed).orElseThrow().leaseUntil());
        assertThat(live(first)).as("the others stay alive").isTrue();
        assertThat(live(stopped)).isTrue();

        assertThat(stopped.stop()).as("exit code of a graceful stop").isZero();
        await("the stopped node left")
                .atMost(SETTLE)
                .until(() -> member(stopped).isEmpty());

        NodeProcess restarted = cluster.launch(killed.name, jobs).awaitReady();
        assertThat(restarted.nodeId()).as("a restarted node is a new member").isNotEqualTo(killed.nodeId());
        await("the restarted node is live").atMost(SETTLE).until(() -> live(restarted));
        assertThat(cluster.store.nodes())
                .extracting(NodeInfo::nodeId)
                .containsExactlyInAnyOrder(first.nodeId(), killed.nodeId(), restarted.nodeId());
        assertThat(live(killed)).as("the earlier process of the restarted node").isFalse();
        assertThat(live(first)).isTrue();
        cluster.stopAll();
        assertThat(cluster.store.nodes()).extracting(NodeInfo::nodeId).containsExactly(killed.nodeId());
    }

    private Optional<NodeInfo> member(NodeProcess node) {
        return cluster.store.nodes().stream()
                .filter(n -> n.nodeId().equals(node.nodeId()))
                .findFirst();
    }

    private boolean live(NodeProcess node) {
        return member(node).map(n -> !n.leaseUntil().isBefore(Instant.now())).orElse(false);
    }
}
