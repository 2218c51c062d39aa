package io.jobwarden.server.http.jobs;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.SchedulerClient;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.JsonCodec;
import io.jobwarden.server.http.auth.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code GET /api/nodes}: the cluster's members, their last heartbeat and the runs each has in progress. */
public final class NodeRoutes {
    private final SchedulerClient engine;
    private final JsonCodec json;

    public NodeRoutes(SchedulerClient engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/nodes", this::nodes, Role.VIEWER);
    }

    private void nodes(Context ctx) {
        Map<String, List<RunRecord>> running =
                engine.runningRuns().stream().collect(Collectors.groupingBy(r -> String.valueOf(r.nodeId())));
        String self = engine.node().nodeId();
        List<Map<String, Object>> nodes = engine.nodes().stream()
                .map(n -> view(n, self, running.getOrDefault(n.nodeId(), List.of())))
                .toList();
        json.respond(ctx, 200, Map.of("nodes", nodes));
    }

    private static Map<String, Object> view(NodeInfo n, String self, List<RunRecord> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodeId", n.nodeId());
        out.put("name", n.name());
        out.put("host", n.host());
        out.put("self", n.nodeId().equals(self));
        out.put("startedAt", RunView.text(n.startedAt()));
        out.put("heartbeatAt", RunView.text(n.heartbeatAt()));
        out.put("leaseUntil", RunView.text(n.leaseUntil()));
        out.put("running", n.running());
        out.put("runs", runs.stream().map(RunView::summary).toList());
        return out;
    }
}
