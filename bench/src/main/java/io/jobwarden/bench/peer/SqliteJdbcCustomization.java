package io.jobwarden.bench.peer;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler 16.7 has no SQLite dialect of its own: its default one with instants in UTC and SQLite's LIMIT
 * clause instead of the ANSI FETCH FIRST, which SQLite does not parse.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {
    SqliteJdbcCustomization() {
        super(true);
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }

    @Override
    public String getName() {
        return "SQLite (bench)";
    }
}
