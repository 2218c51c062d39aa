package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void masks_url_passwords_key_value_secrets_and_bearer_tokens() {
        assertThat(Redaction.redact("redis://:pw-1@cache:6379/0")).isEqualTo("redis://:****@cache:6379/0");
        assertThat(Redaction.redact("jdbc:postgresql://db/x?user=jw&password=pw-2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=jw&password=****&ssl=true");
        assertThat(Redaction.redact("{\"client_secret\":\"pw-3\",\"n\":1}"))
                .isEqualTo("{\"client_secret\":\"****\",\"n\":1}");
        assertThat(Redaction.redact("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer ****");
        assertThat(Redaction.redact("api-key = k-4, next")).isEqualTo("api-key = ****, next");
    }

    @Test
    void leaves_ordinary_text_and_ports_alone_and_is_idempotent() {
        String plain = "connected to http://db.internal:5432/jobs as jw; 3 tokens: loaded, max-backoff=10m";
        assertThat(Redaction.redact(plain)).isEqualTo(plain);
        String once = Redaction.redact("password=x1 and https://u:p@h/");
        assertThat(Redaction.redact(once)).isEqualTo(once).isEqualTo("password=**** and https://u:****@h/");
    }
}
