package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.run.TaskRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunnersTest {
    @Test
    void theDefaultsServeEachProductTypeOnce() {
        assertThat(Runners.defaults(Path.of("plugins")))
                .extracting(TaskRunner::type)
                .containsExactlyInAnyOrder("shell", "http", "java");
    }
}
