package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesEveryUnitAndPrintsItBack() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse(" 1d ")).isEqualTo(Duration.ofDays(1));
        for (String s : new String[] {"500ms", "30s", "10m", "2h", "1d", "90s", "1500ms", "0s"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
    }

    @Test
    void readsCompoundDurationsAsGoWritesThem() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
        assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("1h0m5s250ms")).isEqualTo(Duration.ofMillis(3_605_250));
        assertThat(Durations.format(Durations.parse("1h30m"))).isEqualTo("90m");
    }

    @Test
    void refusesCompoundsOutOfOrderOrRepeated() {
        for (String bad : new String[] {"30m1h", "1h1h", "5s1m", "500ms1s"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a duration; write its parts largest unit first and each unit"
                            + " once, like 1h30m or 2m30s");
        }
        for (String bad : new String[] {"1h30", "1h 30m", "h30m", "1h-30m"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("or several like 1h30m");
        }
    }

    @Test
    void refusesWhatIsNotADurationWithAMessageThatShowsTheSyntax() {
        for (String bad : new String[] {"", "10", "ten s", "-5s", "1.5h", "10 m", "5w", "99999999999999s"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("500ms, 30s, 10m, 2h, 1d");
        }
    }
}
