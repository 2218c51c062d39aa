package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedValuesTest {
    private final ValidationErrors errors = new ValidationErrors();

    private List<String> problems() {
        return errors.list().stream().map(FieldError::toString).toList();
    }

    @Test
    void wholeNumbersComeAsNumbersOrAsText() {
        assertThat(TypedValues.integer(3, "n", 0, 10, errors)).isEqualTo(3);
        assertThat(TypedValues.integer(" 7 ", "n", 0, 10, errors)).isEqualTo(7);
        assertThat(TypedValues.wholeNumber("-5", "n", -10, Long.MAX_VALUE, errors))
                .isEqualTo(-5L);
        assertThat(TypedValues.integer(null, "n", 0, 10, errors)).isNull();
        assertThat(errors.isEmpty()).isTrue();

        assertThat(TypedValues.integer("2.5", "n", 0, 10, errors)).isNull();
        assertThat(TypedValues.integer(11, "m", 0, 10, errors)).isNull();
        assertThat(TypedValues.integer(-1, "k", 0, Integer.MAX_VALUE, errors)).isNull();
        assertThat(TypedValues.integer("99999999999", "j", 0, Integer.MAX_VALUE, errors))
                .isNull();
        assertThat(problems())
                .containsExactly(
                        "n: '2.5' is not a whole number",
                        "m: must be 0-10",
                        "k: must be at least 0",
                        "j: must be at most 2147483647");
    }

    @Test
    void booleansComeAsBooleansOrAsText() {
        assertThat(TypedValues.bool(true, "b", errors)).isTrue();
        assertThat(TypedValues.bool("FALSE", "b", errors)).isFalse();
        assertThat(TypedValues.bool("yes", "c", errors)).isNull();
        assertThat(problems()).containsExactly("c: must be true or false");
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(TypedValues.duration("30s", "d", errors)).isEqualTo(Duration.ofSeconds(30));
        assertThat(TypedValues.duration(30, "d", errors)).isNull();
        assertThat(TypedValues.duration(Map.of(), "e", errors)).isNull();
        assertThat(problems())
                .containsExactly(
                        "d: 30 has no unit; write a duration like 30s, 10m or 2h",
                        "e: must be a duration like 30s, 10m or 2h, not a mapping");
    }

    @Test
    void echoedInputIsCutShort() {
        assertThat(TypedValues.abbreviate("x".repeat(60))).hasSize(60);
        assertThat(TypedValues.abbreviate("x".repeat(61))).hasSize(60).endsWith("...");
    }
}
