package io.jobwarden.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict every scenario relies on, fed ledgers with planted faults. */
class ExactlyOnceCheckTest {
    private static final Instant DUE = Instant.parse("2026-01-01T00:00:00Z");

    private static LedgerSnapshot ledgerOf(String... jobIds) {
        ExecutionLedger ledger = new ExecutionLedger();
        for (String id : jobIds) ledger.executed(id, DUE);
        return ledger.snapshot();
    }

    private static List<String> fires(String... jobIds) {
        return java.util.Arrays.stream(jobIds)
                .map(id -> ExecutionLedger.fireKey(id, DUE))
                .toList();
    }

    @Test
    void everyFireOnceAcrossNodesPasses() {
        LedgerSnapshot merged = LedgerSnapshot.merge(List.of(ledgerOf("a", "b"), ledgerOf("c")));

        ExactlyOnceCheck check = ExactlyOnceCheck.of(fires("a", "b", "c"), merged);

        assertThat(check.passed()).isTrue();
        assertThat(check.executions()).isEqualTo(3);
        assertThat(check.verdict()).startsWith("ok");
    }

    @Test
    void aFireRunOnTwoNodesIsADuplicate() {
        LedgerSnapshot merged = LedgerSnapshot.merge(List.of(ledgerOf("a", "b"), ledgerOf("b", "c")));

        ExactlyOnceCheck check = ExactlyOnceCheck.of(fires("a", "b", "c"), merged);

        assertThat(check.passed()).isFalse();
        assertThat(check.duplicates()).isEqualTo(1);
        assertThat(check.verdict()).contains("1 duplicate runs");
    }

    @Test
    void aFireRunTwiceOnOneNodeIsADuplicate() {
        ExactlyOnceCheck check = ExactlyOnceCheck.of(fires("a"), ledgerOf("a", "a", "a"));

        assertThat(check.duplicates()).isEqualTo(2);
        assertThat(check.passed()).isFalse();
    }

    @Test
    void missingAndUnexpectedFiresFail() {
        ExactlyOnceCheck check = ExactlyOnceCheck.of(fires("a", "b"), ledgerOf("a", "x"));

        assertThat(check.missing()).isEqualTo(1);
        assertThat(check.unexpected()).isEqualTo(1);
        assertThat(check.verdict()).contains("1 of 2 fires never ran").contains("1 unexpected fires ran");
    }

    @Test
    void firesOutOfScopeAreNotJudged() {
        ExecutionLedger ledger = new ExecutionLedger();
        ledger.executed("a", DUE);
        ledger.executed("a", DUE.plusSeconds(1));
        ledger.executed("a", DUE.plusSeconds(1)); // a duplicate, but outside the judged window

        ExactlyOnceCheck check =
                ExactlyOnceCheck.of(fires("a"), ledger.snapshot(), fire -> fire.endsWith("@" + DUE.toEpochMilli()));

        assertThat(check.passed()).isTrue();
    }

    @Test
    void aLedgerSurvivesItsFile(@TempDir Path dir) {
        ExecutionLedger ledger = new ExecutionLedger();
        ledger.executed("job-1", DUE);
        ledger.executed("job-1", DUE);
        ledger.executed("job-2", DUE.plusSeconds(5));
        LedgerSnapshot written = ledger.snapshot();

        written.writeTo(dir.resolve("n.ledger"));
        LedgerSnapshot read = LedgerSnapshot.readFrom(dir.resolve("n.ledger"));

        assertThat(read.fires())
                .isEqualTo(Map.of(
                        ExecutionLedger.fireKey("job-1", DUE),
                        2,
                        ExecutionLedger.fireKey("job-2", DUE.plusSeconds(5)),
                        1));
        assertThat(read.firstStartMillis()).isEqualTo(written.firstStartMillis());
        assertThat(read.lastEndMillis()).isEqualTo(written.lastEndMillis());
        assertThat(read.lateness()).containsExactly(written.lateness());
        assertThat(read.latenessMicros(DUE.toEpochMilli(), DUE.toEpochMilli() + 1))
                .hasSize(2);
    }
}
