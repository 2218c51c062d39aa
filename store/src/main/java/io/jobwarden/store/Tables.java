package io.jobwarden.store;

/**
 * The store's table names under one prefix. SQL is written with {@code {jobs}}, {@code {fires}}, {@code {runs}},
 * {@code {nodes}}, {@code {mark}}, {@code {control_used}} and {@code {config_revisions}} and expanded here once, when the statement text is built.
 */
final class Tables {
    final String jobs;
    final String fires;
    final String runs;
    final String nodes;
    final String mark;
    final String controlUsed;
    final String configRevisions;

    Tables(String prefix) {
        this.jobs = prefix + "jobs";
        this.fires = prefix + "fires";
        this.runs = prefix + "runs";
        this.nodes = prefix + "nodes";
        this.mark = prefix + "change_mark";
        this.controlUsed = prefix + "control_used";
        this.configRevisions = prefix + "config_revisions";
    }

    String sql(String template) {
        return template.replace("{jobs}", jobs)
                .replace("{fires}", fires)
                .replace("{runs}", runs)
                .replace("{nodes}", nodes)
                .replace("{mark}", mark)
                .replace("{control_used}", controlUsed)
                .replace("{config_revisions}", configRevisions);
    }
}
