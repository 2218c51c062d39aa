package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.spi.StoreException;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecCodecTest {
    private final SpecCodec codec = new SpecCodec();

    private static JobSpec job(String id, Map<String, Object> settings) {
        return JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(settings)
                .priority(5)
                .build();
    }

    @Test
    void aDefinitionReadsBackAsItWasWrittenWithEveryKindOfValue() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", 2);
        nested.put("a", List.of(1, "x", true));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("command", List.of("echo", "hé \"quoted\" \\ \u2028"));
        settings.put("int", 7);
        settings.put("long", 5_000_000_000L);
        settings.put("big", new BigInteger("123456789012345678901234567890"));
        settings.put("double", 1.5);
        settings.put("flag", false);
        settings.put("empty", Map.of());
        settings.put("nested", nested);
        JobSpec spec = job("every-kind", settings);

        JobSpec read = codec.read(spec.id(), codec.write(spec));

        assertThat(read).isEqualTo(spec);
        assertThat(read.settings().get("long")).isInstanceOf(Long.class);
        assertThat(read.settings().get("big")).isInstanceOf(BigInteger.class);
    }

    @Test
    void anEncodingHoldsTheStoredTextAndADigestThatIgnoresTheOrderOfSettings() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("command", List.of("true"));
        one.put("cwd", "/tmp");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("cwd", "/tmp");
        other.put("command", List.of("true"));

        SpecCodec.Encoded first = codec.encode(job("j", one));
        SpecCodec.Encoded second = new SpecCodec().encode(job("j", other));

        assertThat(first.json()).isEqualTo(codec.write(job("j", one)));
        assertThat(first.hash()).matches("[0-9a-f]{64}").isEqualTo(second.hash());
        assertThat(codec.encode(job("j", Map.of("command", List.of("false")))).hash())
                .isNotEqualTo(first.hash());
    }

    @Test
    void readsTheSameValuesAsDataBinding() throws Exception {
        String text =
                "{\"id\":\"j\",\"schedule\":\"@every 1m\",\"zone\":\"Z\",\"type\":\"shell\",\"command\":[\"true\"],"
                        + "\"n\":[1,-2,2147483648,9223372036854775808,1.0e3,-0.5],\"m\":{\"z\":null,\"a\":{\"b\":[[],{}]}},"
                        + "\"retry\":{\"max\":2,\"backoff\":\"30s\",\"max-backoff\":\"10m\"}}";
        Map<String, Object> bound =
                new ObjectMapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});

        JobSpec read = codec.read("j", text);

        assertThat(read).isEqualTo(JobSpecReader.lenient().readValid(bound));
        assertThat(read.settings().get("n")).isEqualTo(bound.get("n"));
        assertThat(read.settings().get("m")).isEqualTo(bound.get("m"));
    }

    @Test
    void aDefinitionThatIsNoJsonObjectIsAStoreErrorNamingTheJob() {
        for (String text : List.of("", "[1]", "\"text\"", "{\"id\":", "{\"id\":\"j\"")) {
            assertThatThrownBy(() -> codec.read("broken", text))
                    .as(text)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the stored definition of job 'broken' cannot be read");
        }
    }
}
