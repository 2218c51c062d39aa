package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.errors;
import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.server.cli.Main;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.LiveServer;
import io.jobwarden.server.http.LiveServerFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job key and config key {@code cron-dialect}, zone prefixes and the warnings of issue 18: bad input is a 400 (or a
 * config error) naming its field and changes nothing; an ambiguous day number is accepted with a warning.
 */
class CronDialectInputTest extends LiveServerFixture {

    private static String job(String id, String schedule, String extra) {
        return LiveServer.job(id, schedule, extra);
    }

    private static HttpResponse<String> send(String method, String id, String body) {
        return live.call(
                method,
                method.equals("POST") ? "/api/jobs" : "/api/jobs/" + id,
                OPERATOR,
                body,
                "Content-Type",
                "application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"vixie\"", "\"\"", "5", "true", "[\"spring\"]", "{\"a\":1}"})
    void aBadDialectIsA400NamingTheFieldAndChangesNothing(String value) {
        for (String method : new String[] {"POST", "PUT"}) {
            HttpResponse<String> r = send(method, "d-bad", job("d-bad", "0 0 6 * * ?", "\"cron-dialect\":" + value));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(errors(r)).singleElement().asString().startsWith("cron-dialect: '");
            assertThat(errors(r).get(0)).endsWith("' is not one of quartz | spring | unix");
        }
        assertThat(live.get("/api/jobs/d-bad", VIEWER).statusCode()).isEqualTo(404);
    }

    @Test
    void aZonePrefixThatContradictsTheZoneOrNamesNoZoneIsA400() {
        HttpResponse<String> disagree =
                send("POST", "d-zone", job("d-zone", "CRON_TZ=Asia/Tokyo 0 0 6 * * ?", "\"zone\":\"Europe/Berlin\""));
        assertThat(disagree.statusCode()).as(disagree.body()).isEqualTo(400);
        assertThat(errors(disagree))
                .containsExactly("zone: 'Europe/Berlin' disagrees with the schedule's zone prefix 'Asia/Tokyo';"
                        + " keep one of them");
        HttpResponse<String> nowhere = send("PUT", "d-zone", job("d-zone", "TZ=../../etc/passwd 0 6 * * *", ""));
        assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(400);
        assertThat(errors(nowhere))
                .containsExactly(
                        "schedule: TZ: '../../etc/passwd' is not a time zone; use a name like Asia/Tokyo" + " or UTC");
        assertThat(live.get("/api/jobs/d-zone", VIEWER).statusCode()).isEqualTo(404);
    }

    @Test
    void anAmbiguousDayNumberIsAcceptedWithAWarningAndADialectSilencesIt() {
        String warning = "schedule: day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in Spring:"
                + " set cron-dialect: quartz or spring";
        HttpResponse<String> created = send("POST", "d-warn", job("d-warn", "0 0 6 ? * 1-5", ""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("warnings")).hasSize(1);
        assertThat(json(created).path("warnings").get(0).asText()).isEqualTo(warning);
        HttpResponse<String> replaced = send("PUT", "d-warn", job("d-warn", "0 0 7 ? * 1-5", ""));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).path("warnings").get(0).asText()).contains("'1-5' = SUN-THU in Quartz");
        assertThat(json(live.get("/api/jobs/d-warn", VIEWER)).has("warnings"))
                .as("warnings answer a write; they are not stored")
                .isFalse();

        HttpResponse<String> spring =
                send("PUT", "d-warn", job("d-warn", "0 0 6 ? * 1-5", "\"cron-dialect\":\"spring\""));
        assertThat(spring.statusCode()).as(spring.body()).isEqualTo(200);
        JsonNode answer = json(spring);
        assertThat(answer.has("warnings")).isFalse();
        assertThat(answer.path("definition").path("cron-dialect").asText()).isEqualTo("spring");
        assertThat(live.engine.job("d-warn").orElseThrow().spec().cronDialect()).isEqualTo(CronDialect.SPRING);
    }

    @Test
    void theConfigKeyIsCheckedAndAppliesToJobsThatSetNone() {
        ConfigLoader loader = new ConfigLoader(JobTypes.defaults(), Map.of());
        assertThatThrownBy(() -> loader.parse("cron-dialect: vixie\n", "jobwarden.yml", dir))
                .hasMessageContaining("cron-dialect: 'vixie' is not one of quartz | spring | unix");
        assertThatThrownBy(() -> loader.parse("""
                        jobs:
                          - { id: a, schedule: "@hourly", type: shell, command: [echo], cron-dialect: cron }
                        """, "jobwarden.yml", dir))
                .hasMessageContaining("jobs[0].cron-dialect: 'cron' is not one of quartz | spring | unix");
        JobwardenConfig config = loader.parse("""
                cron-dialect: spring
                jobs:
                  - { id: a, schedule: "0 0 6 ? * 1-5", type: shell, command: [echo] }
                  - { id: b, schedule: "0 0 6 ? * 1-5", type: shell, command: [echo], cron-dialect: quartz }
                """, "jobwarden.yml", dir);
        assertThat(config.cronDialect()).isEqualTo(CronDialect.SPRING);
        assertThat(config.jobs().get(0).cronDialect()).isEqualTo(CronDialect.SPRING);
        assertThat(config.jobs().get(1).cronDialect()).isEqualTo(CronDialect.QUARTZ);
        assertThat(loader.parse("threads: 2\n", "jobwarden.yml", dir).cronDialect())
                .isNull();
    }

    @Test
    void validateWarnsOnStderrAndStillExits0() throws IOException {
        Path file = Files.writeString(dir.resolve("warned.yml"), """
                jobs:
                  - { id: a, schedule: "0 0 6 ? * MON-FRI", type: shell, command: [echo] }
                  - { id: b, schedule: "0 0 6 ? * 1-5", type: shell, command: [echo] }
                  - { id: c, schedule: "0 0 6 ? * 1-5", type: shell, command: [echo], cron-dialect: spring }
                """);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = Main.execute("validate", "--config", file.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(code).isEqualTo(0);
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("warning: jobs[1].schedule: day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in"
                        + " Spring: set cron-dialect: quartz or spring");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("OK: 3 jobs");
    }
}
