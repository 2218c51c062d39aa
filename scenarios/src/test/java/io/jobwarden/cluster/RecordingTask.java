package io.jobwarden.cluster;

import io.jobwarden.api.Task;
import io.jobwarden.api.TaskContext;
import java.nio.file.Path;

/**
 * The task of jobs that name their class ({@code type: java}, {@code class: io.jobwarden.cluster.RecordingTask}) rather
 * than being registered in code: what jobs created through the API run. It records its execution like the registered
 * tasks do, in the file of the node it runs on, which {@link ClusterNodeMain} names before starting the engine.
 */
public final class RecordingTask implements Task {
    static final String FILE_PROPERTY = "jobwarden.cluster.executions";
    static final String NODE_PROPERTY = "jobwarden.cluster.node";

    @Override
    public void run(TaskContext ctx) {
        Execution.of(ctx, System.getProperty(NODE_PROPERTY)).appendTo(Path.of(System.getProperty(FILE_PROPERTY)));
    }
}
