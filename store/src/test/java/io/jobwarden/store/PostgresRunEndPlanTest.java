package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The statements that end a run by its id give PostgreSQL a condition on the first column of every index of running
 * runs. Which of those indexes a plan made on a new runs table (no statistics) uses is a tie PostgreSQL breaks as
 * it likes, and the plan is kept for the connection's life: an index without a condition would be read whole, all
 * running runs, for each run ended (RunCompletionWriter#END_RUN).
 */
class PostgresRunEndPlanTest {
    private static final Pattern FIRST_COLUMN = Pattern.compile("USING btree \\((\\w+)");

    @Test
    void everyIndexOfRunningRunsHasAConditionInTheStatementsThatEndARun() throws SQLException {
        StoreTarget target = StoreTarget.postgres();
        String prefix = StoreTarget.uniquePrefix();
        target.open(StoreOptions.defaults().withTablePrefix(prefix)).close();
        try {
            List<String> firstColumns = runningRunIndexes(target, prefix + "runs");
            assertThat(firstColumns)
                    .as("the migrations' indexes of running runs")
                    .contains("run_id", "job_id");
            for (String statement : List.of(RunCompletionWriter.END_RUN, AbandonedRunRecovery.ABANDON)) {
                for (String column : firstColumns) assertThat(statement).contains(column + " = ?");
            }
        } finally {
            target.dropTables(prefix);
        }
    }

    private static List<String> runningRunIndexes(StoreTarget target, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT indexdef FROM pg_indexes WHERE tablename = ? AND indexdef LIKE '%RUNNING%'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = FIRST_COLUMN.matcher(rs.getString(1));
                    assertThat(m.find()).as(rs.getString(1)).isTrue();
                    columns.add(m.group(1));
                }
            }
        }
        return columns;
    }
}
