package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rough measurement of nextAfter for the log, to notice a field-by-field search that went second by second.
 * It asserts the fires it walks through are in order, never the speed: this machine's speed proves nothing.
 */
class CronSpeedLogTest {
    private static final Logger LOG = LoggerFactory.getLogger(CronSpeedLogTest.class);
    private static final int FIRES = 20_000;

    @Test
    void logsTheCostOfOneNextFire() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        for (String expression :
                List.of("0 */5 * * * ?", "0 30 2 ? * MON-FRI", "0 0 12 LW * ?", "0 0 0 29 2 ?", "0 0 12 30 2 ?")) {
            Schedule schedule = Schedules.parse(expression, berlin);
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            int fires = 0;
            long started = System.nanoTime();
            for (int i = 0; i < FIRES; i++) {
                Instant next = schedule.nextAfter(t).orElse(null);
                if (next == null) {
                    t = Instant.parse("2026-01-01T00:00:00Z"); // a schedule that never fires: measure the full search
                    continue;
                }
                assertThat(next).isAfter(t);
                t = next;
                fires++;
            }
            long nanosPerCall = (System.nanoTime() - started) / FIRES;
            LOG.info("{}: {} µs per nextAfter ({} fires, reached {})", expression, nanosPerCall / 1000.0, fires, t);
        }
    }
}
