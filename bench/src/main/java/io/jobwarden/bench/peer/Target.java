package io.jobwarden.bench.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scheduler set up one way: which one, on which database and table prefix, with how many worker threads and
 * how often it polls. Node processes get it as {@code key=value} arguments.
 *
 * @param database null for a scheduler that keeps nothing (Quartz RAMJobStore)
 */
public record Target(Kind kind, Database database, String prefix, int threads, Duration pollInterval) {

    public String label() {
        String store = database == null
                ? ""
                : database.isSqlite()
                        ? " on SQLite" + (database.inMemoryFileSystem() ? " in tmpfs (no disk sync)" : "")
                        : " on PostgreSQL";
        return kind.label() + (kind == Kind.QUARTZ_RAM || kind == Kind.QUARTZ_CLUSTER ? "" : store);
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("kind=" + kind.name());
        if (database != null) {
            args.add("url=" + database.url());
            if (database.user() != null) args.add("user=" + database.user());
            if (database.password() != null) args.add("password=" + database.password());
        }
        args.add("prefix=" + prefix);
        args.add("threads=" + threads);
        args.add("poll=" + pollInterval.toMillis());
        return args;
    }

    public static Target fromArgs(Map<String, String> args) {
        String url = args.get("url");
        // Read by node processes only: their connections are the ones whose database CPU is measured.
        Database db = url == null ? null : new Database(url, args.get("user"), args.get("password")).forNodes();
        return new Target(
                Kind.valueOf(args.get("kind")),
                db,
                args.get("prefix"),
                Integer.parseInt(args.get("threads")),
                Duration.ofMillis(Long.parseLong(args.get("poll"))));
    }
}
