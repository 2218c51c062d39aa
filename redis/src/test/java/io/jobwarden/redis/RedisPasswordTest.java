package io.jobwarden.redis;

import static io.jobwarden.redis.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Redis that requires a password: the right one works, and the password shows up in no message or log line. */
class RedisPasswordTest {
    private static final String SECRET = "pa55-w0rd-7f3c";

    private RedisServerProcess server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.started("--requirepass", SECRET);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logs);
        server.close();
    }

    private String uri(String password) {
        return "redis://:" + password + "@127.0.0.1:" + server.port() + "/0";
    }

    @Test
    void theRightPasswordWorksAndIsNeverShown() {
        try (RedisFireGuard guard =
                RedisFireGuard.builder(uri(SECRET), "node-a").build()) {
            assertThat(guard.ready()).isTrue();
            assertThat(guard.acquire(run(1), Duration.ofSeconds(30))).isNotNull();
            assertThat(guard.health().describe()).isEqualTo("redis://:***@127.0.0.1:" + server.port() + "/0");
            assertThat(guard.toString()).doesNotContain(SECRET).contains(":***@");
        }
        assertNoLogLineShows(SECRET);
    }

    @Test
    void aWrongPasswordFailsClosedWithoutShowingIt() {
        String wrong = "not-the-pa55word";
        try (RedisFireGuard guard = RedisFireGuard.builder(uri(wrong), "node-a")
                .commandTimeout(Duration.ofMillis(500))
                .build()) {
            assertThat(guard.ready()).isFalse();
            assertThat(guard.acquire(run(1), Duration.ofSeconds(30))).isNull();
            assertThatThrownBy(() -> guard.health().ping())
                    .isInstanceOf(RedisUnavailableException.class)
                    .message()
                    .doesNotContain(wrong)
                    .contains(":***@127.0.0.1");
        }
        assertThat(logs.list).as("the failure was logged").isNotEmpty();
        assertNoLogLineShows(wrong);
    }

    private void assertNoLogLineShows(String secret) {
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(secret);
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }
}
