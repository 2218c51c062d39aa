package io.jobwarden.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes {@code jobwarden jobs add FILE} accepts, and a clear line for each it does not. */
class JobFileTest {
    @TempDir
    Path dir;

    @Test
    void oneJobAListOrAJobsSectionInYamlOrJson() throws Exception {
        assertThat(JobFile.read(write("one.yml", "id: a\nschedule: '@daily'\ntype: shell\n")))
                .extracting(m -> m.get("id"))
                .containsExactly("a");
        assertThat(JobFile.read(write("list.yml", "- {id: a}\n- {id: b}\n")))
                .extracting(m -> m.get("id"))
                .containsExactly("a", "b");
        assertThat(JobFile.read(write("config.yml", "name: x\njobs:\n  - {id: c}\n")))
                .extracting(m -> m.get("id"))
                .containsExactly("c");
        assertThat(JobFile.read(write("one.json", "{\"id\":\"d\",\"timeout\":\"10m\"}")))
                .singleElement()
                .satisfies(m -> assertThat(m).containsEntry("timeout", "10m"));
        assertThat(JobFile.read(write("tabs.txt", "[\n\t{\"id\": \"e\"}\n]")))
                .extracting(m -> m.get("id"))
                .containsExactly("e");
    }

    @Test
    void envReferencesAreSentAsWrittenForTheServerToResolveAtRunStart() throws Exception {
        Path file = write("ref.yml", "id: a\ntype: shell\nenv: { DB_PASSWORD: \"${env:JOB_DB_PASS}\" }\n");

        assertThat(JobFile.read(file))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.get("env")).isEqualTo(java.util.Map.of("DB_PASSWORD", "${env:JOB_DB_PASS}")));
    }

    @Test
    void whatIsNotJobsIsRefusedNamingTheFile() throws Exception {
        Path empty = write("empty.yml", "jobs: []\n");
        Path scalar = write("scalar.yml", "hello\n");
        Path mixed = write("mixed.yml", "- {id: a}\n- 42\n");
        Path broken = write("broken.json", "{\"id\": ");

        assertThatThrownBy(() -> JobFile.read(empty)).hasMessage(empty + ": holds no job");
        assertThatThrownBy(() -> JobFile.read(scalar))
                .hasMessage(scalar + ": must hold a job (an object with id, schedule and type) or a list of jobs");
        assertThatThrownBy(() -> JobFile.read(mixed))
                .hasMessage(mixed + ": [1] must be a job (an object with id, schedule and type)");
        assertThatThrownBy(() -> JobFile.read(broken)).hasMessageStartingWith(broken + ": not valid JSON: ");
        assertThatThrownBy(() -> JobFile.read(dir.resolve("none.yml")))
                .hasMessage(dir.resolve("none.yml") + ": no such file");
    }

    @Test
    void tablesPadEveryColumnButTheLast() {
        String table = new TextTable("ID", "STATE")
                .row("a-long-id", "SUCCEEDED")
                .row("b", null)
                .render();

        assertThat(table).isEqualTo("ID         STATE\na-long-id  SUCCEEDED\nb          -\n");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
