package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.schedule.CronDialect;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder embedding code writes jobs with: what it leaves unset takes the same defaults as the API's. */
class JobSpecBuilderTest {
    private static final JobSpec EVERY_FIELD = JobSpec.builder("nightly", "0 30 2 * * ?", "shell")
            .zone(ZoneId.of("Europe/Berlin"))
            .settings(Map.of("command", "report.sh"))
            .timeout(Duration.ofHours(1))
            .retry(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10)))
            .overlap(OverlapPolicy.QUEUE)
            .misfire(MisfirePolicy.SKIP)
            .group("reports")
            .priority(7)
            .description("the nightly report")
            .maxQueued(4)
            .cronDialect(CronDialect.SPRING)
            .build();

    @Test
    void fieldsLeftUnsetTakeTheDefaults() {
        JobSpec spec = JobSpec.builder("tick", "@every 1s", "java").build();

        assertThat(spec.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(spec.settings()).isEmpty();
        assertThat(spec.timeout()).isNull();
        assertThat(spec.retry()).isEqualTo(RetryPolicy.NONE);
        assertThat(spec.overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(spec.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(spec.group()).isEqualTo(GroupSpec.DEFAULT);
        assertThat(spec.priority()).isNull();
        assertThat(spec.queueBound()).isEqualTo(OverlapPolicy.DEFAULT_MAX_QUEUED);
        assertThat(spec.cronDialect()).isNull();
        assertThat(spec).isEqualTo(JobSpec.of("tick", "@every 1s", "java", null));
    }

    @Test
    void everyFieldSetIsKept() {
        assertThat(EVERY_FIELD.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(EVERY_FIELD.settings()).containsExactly(Map.entry("command", "report.sh"));
        assertThat(EVERY_FIELD.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(EVERY_FIELD.retry().max()).isEqualTo(3);
        assertThat(EVERY_FIELD.overlap()).isEqualTo(OverlapPolicy.QUEUE);
        assertThat(EVERY_FIELD.misfire()).isEqualTo(MisfirePolicy.SKIP);
        assertThat(EVERY_FIELD.group()).isEqualTo("reports");
        assertThat(EVERY_FIELD.priority()).isEqualTo(7);
        assertThat(EVERY_FIELD.description()).isEqualTo("the nightly report");
        assertThat(EVERY_FIELD.queueBound()).isEqualTo(4);
        assertThat(EVERY_FIELD.cronDialect()).isEqualTo(CronDialect.SPRING);
    }

    @Test
    void toBuilderCopiesEveryFieldAndChangesOnlyWhatIsSet() {
        assertThat(EVERY_FIELD.toBuilder().build()).isEqualTo(EVERY_FIELD);

        JobSpec renamed = EVERY_FIELD.withId("nightly-copy");
        assertThat(renamed.id()).isEqualTo("nightly-copy");
        assertThat(renamed.toBuilder().id("nightly").build()).isEqualTo(EVERY_FIELD);

        JobSpec reprioritised = EVERY_FIELD.toBuilder().priority(1).build();
        assertThat(reprioritised.priority()).isEqualTo(1);
        assertThat(reprioritised.toBuilder().priority(7).build()).isEqualTo(EVERY_FIELD);
    }

    @Test
    void settingsAreCopiedWhenBuilt() {
        Map<String, Object> settings = new HashMap<>(Map.of("command", "a.sh"));
        JobSpec.Builder builder = JobSpec.builder("copy", "@every 1m", "shell").settings(settings);
        JobSpec spec = builder.build();
        settings.put("command", "b.sh");

        assertThat(spec.settings()).containsEntry("command", "a.sh");
    }

    @Test
    void whatAJobMustHaveIsCheckedWhenBuilt() {
        assertThatThrownBy(() -> JobSpec.builder(null, "@every 1s", "java").build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> JobSpec.builder("x", null, "java").build()).hasMessage("schedule");
        assertThatThrownBy(() -> JobSpec.builder("x", "@every 1s", null).build())
                .hasMessage("type");
    }
}
