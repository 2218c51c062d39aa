package io.jobwarden.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisAddressTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "redis://127.0.0.1:6379                | redis://127.0.0.1:6379/0",
                "redis://cache.internal                | redis://cache.internal:6379/0",
                "redis://:s3cr3t@10.0.0.5:6380/2       | redis://:***@10.0.0.5:6380/2",
                "redis://jobs:s3cr3t@10.0.0.5/1        | redis://jobs:***@10.0.0.5:6379/1",
                "rediss://:s3cr3t@redis.example.com:6390 | rediss://:***@redis.example.com:6390/0",
                "redis://s3cr3t@10.0.0.5               | redis://:***@10.0.0.5:6379/0",
                "redis://[::1]:6379                    | redis://[::1]:6379/0",
            })
    void describeShowsEverythingButThePassword(String uri, String described) {
        RedisAddress address = RedisAddress.parse("cluster.redis", uri);

        assertThat(address.describe()).isEqualTo(described).doesNotContain("s3cr3t");
        assertThat(address.toString()).isEqualTo(described);
    }

    @Test
    void maskBlanksThePasswordInOtherMessages() {
        RedisAddress address = RedisAddress.parse("cluster.redis", "redis://:s3cr3t@10.0.0.5:6379");

        assertThat(address.mask("WRONGPASS s3cr3t rejected")).isEqualTo("WRONGPASS *** rejected");
        assertThat(RedisAddress.parse("cluster.redis", "redis://10.0.0.5").mask("no password here"))
                .isEqualTo("no password here");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "127.0.0.1:6379",
                "http://:s3cr3t@10.0.0.5:6379",
                "redis://:s3cr3t@/0",
                "redis://:s3cr3t@10.0.0.5:6379/zero",
                "redis://:s3cr3t@10.0.0.5:63 79"
            })
    void aBadUriIsAnErrorNamingTheFieldWithoutThePassword(String uri) {
        assertThatThrownBy(() -> RedisAddress.parse("cluster.redis", uri))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cluster.redis")
                .message()
                .doesNotContain("s3cr3t");
    }

    @Test
    void theErrorSaysWhatIsWrong() {
        assertThatThrownBy(() -> RedisAddress.parse("cluster.redis", "http://:s3cr3t@10.0.0.5:6379"))
                .hasMessageContaining("must start with redis:// or rediss://")
                .hasMessageContaining("http://***@10.0.0.5:6379");
        assertThatThrownBy(() -> RedisAddress.parse("cluster.redis", "redis://10.0.0.5/zero"))
                .hasMessageContaining("database 'zero'");
        assertThatThrownBy(() ->
                        RedisFireGuard.builder("", "node").field("redis-url").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("redis-url");
    }
}
