package io.jobwarden.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.openapi.OpenApiRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image recipe ({@code Dockerfile}), the workflow that builds it and the Kubernetes manifests
 * ({@code deploy/kubernetes/}, rendered offline by {@code kubectl kustomize}) agree with each other and with the
 * server: the config the pods mount is valid, on PostgreSQL, and gives a graceful stop less time than Kubernetes does;
 * the probes call health routes the server has.
 */
class DeploymentFilesTest {
    static final Path ROOT = Path.of("..");
    static final List<String> ENTRY_POINT = List.of("/opt/jobwarden/bin/jobwarden", "run", "--no-supervisor");

    @TempDir
    static Path dir;

    static DockerfileInstructions dockerfile;
    static RenderedManifests manifests;
    static JsonNode deployment;
    static JsonNode container;
    static JobwardenConfig podConfig;

    @BeforeAll
    static void read() throws Exception {
        dockerfile = DockerfileInstructions.read(ROOT.resolve("Dockerfile"));
        manifests = RenderedManifests.render(ROOT.resolve("deploy/kubernetes"));
        deployment = manifests.one("Deployment");
        container = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        podConfig = podConfig();
    }

    @Test
    void theImageIsAMaintainedJreRunAsAnUnprivilegedUser() throws IOException {
        for (String from : dockerfile.arguments("FROM")) {
            assertThat(from).matches("eclipse-temurin:(17|21|25)-jre(-[a-z0-9]+)?( AS [a-z]+)?");
        }
        List<String> users = dockerfile.finalStage().arguments("USER");
        assertThat(users).hasSize(1);
        String uid = users.get(0).split(":")[0];
        assertThat(uid).matches("[0-9]+").isNotEqualTo("0");
        assertThat(Integer.parseInt(uid)).isGreaterThanOrEqualTo(1000);
        JsonNode pod = deployment.path("spec").path("template").path("spec").path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asText()).isEqualTo(uid);
    }

    @Test
    void theImageUnpacksTheDistributionAndRunsItWithoutASupervisor() throws IOException {
        assertThat(dockerfile.arguments("ARG")).contains("VERSION");
        assertThat(dockerfile.arguments("COPY"))
                .anySatisfy(c -> assertThat(c).startsWith("dist/target/jobwarden-${VERSION}.tar.gz "));
        List<String> entry = jsonArray(dockerfile.finalStage().arguments("ENTRYPOINT"));
        assertThat(entry.subList(entry.size() - ENTRY_POINT.size(), entry.size()))
                .isEqualTo(ENTRY_POINT);
        assertThat(dockerfile.finalStage().arguments("EXPOSE"))
                .containsExactly(String.valueOf(podConfig.http().port()));
        assertThat(container.path("ports").get(0).path("containerPort").asInt())
                .isEqualTo(podConfig.http().port());
    }

    @Test
    void theWorkflowBuildsTheDistributionThenTheImage() throws IOException {
        JsonNode workflow = new YAMLMapper()
                .readTree(ROOT.resolve(".github/workflows/container.yml").toFile());
        List<String> runs = new ArrayList<>();
        workflow.path("jobs")
                .forEach(job ->
                        job.path("steps").forEach(s -> runs.add(s.path("run").asText())));
        int maven = indexOf(runs, "mvn ");
        int docker = indexOf(runs, "docker build");
        assertThat(maven).isNotNegative();
        assertThat(docker).isGreaterThan(maven);
        assertThat(runs.get(docker)).contains("--build-arg VERSION=");
    }

    @Test
    void replicasShareAPostgresqlStoreAsACluster() {
        assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(podConfig.store().url()).startsWith("jdbc:postgresql:");
        assertThat(podConfig.cluster().enabled()).isTrue();
        assertThat(podConfig.http().bind()).isEqualTo("0.0.0.0");
        assertThat(podConfig.security().tokens()).isNotEmpty();
    }

    @Test
    void probesCallTheServersHealthRoutesOnTheApiPort() throws IOException {
        JsonNode paths;
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            paths = new ObjectMapper().readTree(in).path("paths");
        }
        Map<String, String> expected = Map.of("readinessProbe", "/health/ready", "livenessProbe", "/health/live");
        expected.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
            assertThat(get.path("port").asText())
                    .isEqualTo(container.path("ports").get(0).path("name").asText());
            // The OpenAPI document lists exactly the routes the server registers (OpenApiCoverageTest).
            assertThat(paths.has(path)).as(path + " is a route of the server").isTrue();
        });
    }

    @Test
    void kubernetesWaitsLongerThanTheGracefulStop() {
        long grace = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong();
        // After shutdown-timeout a graceful stop gives cancelled runs 5 s to return and outcomes 10 s to be written
        // (docs/semantics.md, "Graceful stop"); SIGKILL must come after all of that.
        assertThat(grace).isGreaterThan(podConfig.shutdownTimeout().toSeconds() + 15);
    }

    @Test
    void theConfigComesFromAConfigMapAndTheSecretsFromASecretAndTheServiceReachesThePods() {
        JsonNode podSpec = deployment.path("spec").path("template").path("spec");
        String configMap =
                manifests.one("ConfigMap").path("metadata").path("name").asText();
        String mountedAt = null;
        for (JsonNode volume : podSpec.path("volumes")) {
            if (!volume.path("configMap").path("name").asText().equals(configMap)) continue;
            for (JsonNode mount : container.path("volumeMounts"))
                if (mount.path("name").asText().equals(volume.path("name").asText()))
                    mountedAt = mount.path("mountPath").asText();
        }
        assertThat(mountedAt).isEqualTo("/etc/jobwarden");
        assertThat(jsonArray(List.of(container.path("args").toString())))
                .containsSubsequence("--config", "/etc/jobwarden/jobwarden.yml");

        String secret = manifests.one("Secret").path("metadata").path("name").asText();
        assertThat(container.path("envFrom").findValuesAsText("name")).contains(secret);

        JsonNode service = manifests.one("Service").path("spec");
        JsonNode podLabels =
                deployment.path("spec").path("template").path("metadata").path("labels");
        service.path("selector")
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));
        assertThat(service.path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
    }

    /** The ConfigMap's jobwarden.yml, loaded as a pod loads it, with the Secret's values as its environment. */
    private static JobwardenConfig podConfig() {
        String yaml =
                manifests.one("ConfigMap").path("data").path("jobwarden.yml").asText();
        Map<String, String> env = new HashMap<>();
        manifests
                .one("Secret")
                .path("stringData")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), env).parse(yaml, "jobwarden.yml", dir);
    }

    private static List<String> jsonArray(List<String> instructions) {
        assertThat(instructions).hasSize(1);
        try {
            List<String> out = new ArrayList<>();
            new ObjectMapper().readTree(instructions.get(0)).forEach(n -> out.add(n.asText()));
            return out;
        } catch (IOException e) {
            throw new AssertionError("not in exec (JSON array) form: " + instructions.get(0), e);
        }
    }

    private static int indexOf(List<String> runs, String text) {
        for (int i = 0; i < runs.size(); i++) if (runs.get(i).contains(text)) return i;
        return -1;
    }
}
