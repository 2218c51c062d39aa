package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.TaskResult;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaTaskRunnerTest {
    private static final String TASKS = TestTasks.class.getName() + "$";
    private static final String INITIALISED = "jobwarden.test.plugin.initialised";

    @TempDir
    Path temp;

    private JavaTaskRunner runner() {
        return new JavaTaskRunner(temp.resolve("plugins"));
    }

    @Test
    void runsATaskFromTheClasspathWithItsOwnSettings() {
        ActiveRun run = Runs.of("java", Map.of("class", TASKS + "Echo", "region", "eu", "limit", 10));

        TaskResult result = runner().run(run);

        assertThat(result).isEqualTo(TaskResult.succeeded(null));
        assertThat(run.output().text())
                .isEqualTo(
                        "nightly-report nightly-report@2026-03-29T01:00:00Z run 4711 attempt 2 settings {limit=10, region=eu}\n");
    }

    @Test
    void aThrowingTaskFailsWithTheFullStackTrace() {
        ActiveRun run = Runs.of("java", Map.of("class", TASKS + "Failing"));

        TaskResult result = runner().run(run);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.exitCode()).isNull();
        assertThat(result.error())
                .startsWith("java.lang.IllegalStateException: report failed")
                .contains("at " + TASKS + "Failing.run(")
                .contains("Caused by: java.io.IOException: disk full");
        assertThat(run.output().text()).isEqualTo("about to fail\n");
    }

    @Test
    void aReflectiveExceptionFromTheTaskItselfIsTheTasksFailure() {
        TaskResult result = runner().run(Runs.of("java", Map.of("class", TASKS + "ThrowsCheckedReflectiveException")));

        assertThat(result.error()).startsWith("java.lang.ClassNotFoundException: com.example.Missing");
    }

    @Test
    void aFailingConstructorFailsTheRun() {
        TaskResult result = runner().run(Runs.of("java", Map.of("class", TASKS + "FailingConstructor")));

        assertThat(result.error())
                .startsWith("the constructor of " + TASKS
                        + "FailingConstructor failed:\njava.lang.IllegalArgumentException: no config");
    }

    @Test
    void cancellingInterruptsTheTaskAndLeavesTheThreadClean() throws Exception {
        ActiveRun run = Runs.of("java", Map.of("class", TASKS + "Sleeping"));
        Runs.Background background = Runs.start(runner(), run);
        Awaitility.await().atMost(Runs.PATIENCE).until(() -> run.output().text().contains("started"));

        TaskResult result = background.cancel(CancelReason.TIMEOUT);
        assertThat(result.error()).startsWith("java.lang.InterruptedException");
        assertThat(background.interruptedAfter)
                .as("the cancel's interrupt does not leak to the worker thread")
                .isFalse();
    }

    @Test
    void aRunCancelledBeforeItStartsRunsNothing() {
        ActiveRun run = Runs.of("java", Map.of("class", TASKS + "Echo"));
        run.cancel(CancelReason.SHUTDOWN);

        TaskResult result = runner().run(run);

        assertThat(result.error()).isEqualTo("cancelled (SHUTDOWN) before the task started");
        assertThat(run.output().text()).isEmpty();
    }

    @Test
    void loadsATaskFromAPluginJarWithoutRunningItsCodeToValidate() throws Exception {
        Path plugins = temp.resolve("plugins");
        PluginJar.build(
                temp.resolve("build"), plugins.resolve("greetings.jar"), "plugin.sample.GreetTask", """
                package plugin.sample;
                import io.jobwarden.api.Task;
                import io.jobwarden.api.TaskContext;
                public class GreetTask implements Task {
                    static { System.setProperty("%s", "yes"); }
                    public void run(TaskContext context) {
                        context.out().println("hello " + context.settings().get("name") + " from "
                                + getClass().getClassLoader().getName());
                        context.out().println("context loader is the plugin's: "
                                + (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()));
                    }
                }
                """.formatted(
                                INITIALISED));
        System.clearProperty(INITIALISED);
        JavaTaskRunner runner = new JavaTaskRunner(plugins);
        Map<String, Object> settings = Map.of("class", "plugin.sample.GreetTask", "name", "ops");

        assertThat(errors(runner, settings)).isEmpty();
        assertThat(System.getProperty(INITIALISED))
                .as("validation ran the plugin's static initialiser")
                .isNull();

        ActiveRun run = Runs.of("java", settings);
        assertThat(runner.run(run)).isEqualTo(TaskResult.succeeded(null));
        assertThat(run.output().text())
                .isEqualTo("hello ops from jobwarden-plugins\ncontext loader is the plugin's: true\n");
        assertThat(System.getProperty(INITIALISED)).isEqualTo("yes");
        System.clearProperty(INITIALISED);
    }

    @Test
    void validationExplainsWhyAClassCannotRun() {
        JavaTaskRunner runner = runner();
        String plugins = temp.resolve("plugins") + File.separator;

        assertThat(errors(runner, Map.of()))
                .containsExactly(new FieldError("class", "is required, e.g. com.example.jobs.NightlyReport"));
        assertThat(errors(runner, Map.of("class", 42)))
                .containsExactly(new FieldError("class", "must be a string, not the number 42"));
        assertThat(errors(runner, Map.of("class", "com.x.Y")))
                .containsExactly(new FieldError(
                        "class",
                        "com.x.Y was not found on the classpath or in " + plugins + " (which does not exist)"));
        assertThat(errors(runner, Map.of("class", "java.lang.String")))
                .containsExactly(new FieldError("class", "java.lang.String does not implement io.jobwarden.api.Task"));
        assertThat(errors(runner, Map.of("class", TASKS + "NotATask")))
                .containsExactly(new FieldError("class", TASKS + "NotATask does not implement io.jobwarden.api.Task"));
        assertThat(errors(runner, Map.of("class", TASKS + "Abstract")))
                .containsExactly(new FieldError("class", TASKS + "Abstract is abstract; name a concrete class"));
        assertThat(errors(runner, Map.of("class", TASKS + "NeedsArguments")))
                .containsExactly(new FieldError(
                        "class", TASKS + "NeedsArguments needs a public constructor without parameters"));
        assertThat(errors(runner, Map.of("class", TASKS + "Hidden")))
                .containsExactly(new FieldError("class", TASKS + "Hidden must be public"));
        assertThat(errors(runner, Map.of("class", TASKS + "Echo", "anything", List.of("goes"))))
                .isEmpty();
    }

    @Test
    void aClassThatCannotBeFoundFailsTheRunWithTheSameMessage() {
        TaskResult result = runner().run(Runs.of("java", Map.of("class", "com.x.Y")));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.error()).startsWith("invalid settings: class: com.x.Y was not found on the classpath or in ");
    }

    private static List<FieldError> errors(JavaTaskRunner runner, Map<String, Object> settings) {
        ValidationErrors errors = new ValidationErrors();
        runner.validate(settings, errors);
        return errors.list();
    }
}
