package io.jobwarden.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRank() {
        Percentiles p = new Percentiles(new long[] {50, 10, 40, 20, 30, 60, 70, 80, 90, 100});

        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(99)).isEqualTo(100);
        assertThat(p.at(10)).isEqualTo(10);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Percentiles p = new Percentiles(new long[] {7});

        assertThat(p.at(50)).isEqualTo(7);
        assertThat(p.at(99)).isEqualTo(7);
    }
}
