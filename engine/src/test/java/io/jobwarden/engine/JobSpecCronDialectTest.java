package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.schedule.CronDialect;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A job's {@code cron-dialect}, the config's default for it, zone prefixes and the warnings, as jobs are read. */
class JobSpecCronDialectTest {
    /** A job type with no settings of its own: these tests are about the common keys. */
    private static final TaskRunner PLAIN = new TaskRunner() {
        @Override
        public String type() {
            return "plain";
        }

        @Override
        public void validate(Map<String, Object> settings, ValidationErrors errors) {}

        @Override
        public TaskResult run(RunContext context) {
            throw new UnsupportedOperationException("never run here");
        }
    };

    private static final Instant SATURDAY = Instant.parse("2026-01-03T12:00:00Z");

    private static JobSpecReader reader(CronDialect configDefault) {
        return new JobSpecReader(Map.of("plain", PLAIN), Set.of(), configDefault);
    }

    private static Map<String, Object> job(String schedule, Object... more) {
        Map<String, Object> job =
                new HashMap<>(Map.of("id", "j", "type", "plain", "schedule", schedule, "zone", "UTC"));
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) job.remove((String) more[i]);
            else job.put((String) more[i], more[i + 1]);
        }
        return job;
    }

    private static List<String> errors(JobSpecReader reader, Map<String, Object> job) {
        ValidationErrors errors = new ValidationErrors();
        assertThat(reader.read(job, errors)).isNull();
        return errors.list().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void theJobsDialectDecidesTheDaysAndIsKeptWhenStored() {
        JobSpec spring = reader(null).readValid(job("0 0 6 ? * 1-5", "cron-dialect", "spring"));
        assertThat(spring.cronDialect()).isEqualTo(CronDialect.SPRING);
        assertThat(spring.parsedSchedule().nextAfter(SATURDAY)).contains(Instant.parse("2026-01-05T06:00:00Z"));
        assertThat(JobSpecReader.toMap(spring)).containsEntry("cron-dialect", "spring");
        assertThat(JobSpecReader.lenient().readValid(JobSpecReader.toMap(spring)))
                .isEqualTo(spring);
        assertThat(spring.warnings(SATURDAY)).isEmpty();

        JobSpec quartz = reader(null).readValid(job("0 0 6 ? * 1-5"));
        assertThat(quartz.cronDialect()).isNull();
        assertThat(quartz.parsedSchedule().nextAfter(SATURDAY)).contains(Instant.parse("2026-01-04T06:00:00Z"));
        assertThat(JobSpecReader.toMap(quartz)).doesNotContainKey("cron-dialect");
        assertThat(quartz.warnings(SATURDAY))
                .containsExactly("schedule: day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in Spring:"
                        + " set cron-dialect: quartz or spring");
    }

    @Test
    void theConfigDefaultAppliesToJobsThatSetNone() {
        JobSpec byDefault = reader(CronDialect.SPRING).readValid(job("0 0 6 ? * 1-5"));
        assertThat(byDefault.cronDialect()).isEqualTo(CronDialect.SPRING);
        assertThat(byDefault.warnings(SATURDAY)).isEmpty();
        JobSpec own = reader(CronDialect.SPRING).readValid(job("0 0 6 ? * 1-5", "cron-dialect", "QUARTZ"));
        assertThat(own.cronDialect()).isEqualTo(CronDialect.QUARTZ);
        assertThat(errors(reader(CronDialect.UNIX), job("0 0 6 ? * 1-5")))
                .containsExactly("schedule: expected 5 fields in the unix cron dialect but found 6;"
                        + " for seconds first set cron-dialect: quartz or spring");
    }

    @Test
    void aBadDialectIsAFieldError() {
        assertThat(errors(reader(null), job("0 0 6 * * ?", "cron-dialect", "vixie")))
                .containsExactly("cron-dialect: 'vixie' is not one of quartz | spring | unix");
        assertThat(errors(reader(null), job("0 0 6 * * ?", "cron-dialect", 5)))
                .containsExactly("cron-dialect: '5' is not one of quartz | spring | unix");
    }

    @Test
    void aZonePrefixIsTheJobsZoneAndMayNotContradictIt() {
        JobSpec tokyo = reader(null).readValid(job("CRON_TZ=Asia/Tokyo 0 0 6 * * ?", "zone", null));
        assertThat(tokyo.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.parsedSchedule().nextAfter(SATURDAY)).contains(Instant.parse("2026-01-03T21:00:00Z"));
        assertThat(reader(null)
                        .readValid(job("TZ=Asia/Tokyo 0 6 * * *", "zone", "Asia/Tokyo"))
                        .zone())
                .isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(reader(null)
                        .readValid(job("CRON_TZ=Asia/Calcutta 0 0 6 * * ?", "zone", "Asia/Kolkata"))
                        .parsedSchedule()
                        .nextAfter(SATURDAY))
                .as("two names of one zone agree")
                .contains(Instant.parse("2026-01-04T00:30:00Z"));
        assertThat(errors(reader(null), job("CRON_TZ=Asia/Tokyo 0 0 6 * * ?", "zone", "Europe/Berlin")))
                .containsExactly("zone: 'Europe/Berlin' disagrees with the schedule's zone prefix 'Asia/Tokyo';"
                        + " keep one of them");
        assertThat(errors(reader(null), job("CRON_TZ=Nowhere 0 0 6 * * ?")))
                .containsExactly("schedule: CRON_TZ: 'Nowhere' is not a time zone; use a name like Asia/Tokyo or UTC");
    }
}
