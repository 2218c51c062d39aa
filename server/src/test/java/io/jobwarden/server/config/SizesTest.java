package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void parse_to_bytes_and_print_back() {
        assertThat(Sizes.parse("50MB")).isEqualTo(50L * 1024 * 1024);
        assertThat(Sizes.parse("512kb")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("2GB")).isEqualTo(2L << 30);
        assertThat(Sizes.parse("100")).isEqualTo(100);
        assertThat(Sizes.format(50L << 20)).isEqualTo("50MB");
        assertThat(Sizes.format(1536)).isEqualTo("1536B");
        assertThat(Sizes.format(3072)).isEqualTo("3KB");
        assertThatThrownBy(() -> Sizes.parse("1.5GB"))
                .hasMessage("'1.5GB' is not a size; use a whole number and a unit: 512KB, 50MB, 2GB");
    }
}
