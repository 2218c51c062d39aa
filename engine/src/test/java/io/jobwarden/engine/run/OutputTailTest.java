package io.jobwarden.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OutputTailTest {
    @Test
    void keepsEverythingWhileItFits() {
        OutputTail tail = new OutputTail(16);
        tail.printStream().print("hello");
        assertThat(tail.text()).isEqualTo("hello");
        assertThat(tail.totalBytes()).isEqualTo(5);
    }

    @Test
    void keepsOnlyTheLastBytesOfLongOutput() {
        OutputTail tail = new OutputTail(64 * 1024);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20_000; i++) all.append("line ").append(i).append('\n');
        tail.printStream().print(all);
        String kept = tail.text();
        assertThat(kept).hasSize(64 * 1024).endsWith("line 19999\n");
        assertThat(all.toString()).endsWith(kept);
    }

    @Test
    void dropsACharacterCutInHalfAtTheFront() {
        OutputTail tail = new OutputTail(5);
        tail.printStream().print("ab€cd"); // € is three bytes; the ring keeps its last two and "cd"... then some
        tail.printStream().print("€x");
        assertThat(tail.text()).isEqualTo("d€x");
    }

    @Property(tries = 500)
    void isAlwaysTheSuffixOfWhatWasWritten(
            @ForAll @Size(max = 40) java.util.List<@Size(max = 50) byte[]> chunks,
            @ForAll @IntRange(min = 1, max = 64) int capacity) {
        OutputTail tail = new OutputTail(capacity);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] c : chunks) {
            tail.write(c, 0, c.length);
            all.write(c, 0, c.length);
        }
        byte[] everything = all.toByteArray();
        int keep = Math.min(capacity, everything.length);
        byte[] expected = java.util.Arrays.copyOfRange(everything, everything.length - keep, everything.length);
        String expectedText = new String(expected, StandardCharsets.UTF_8);
        assertThat(tail.totalBytes()).isEqualTo(everything.length);
        // The tail may drop a leading partial character; otherwise it is exactly the suffix.
        assertThat(expectedText).endsWith(tail.text());
    }
}
