package io.jobwarden.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code kubectl kustomize DIR} renders, offline, as one node per object. kubectl must be installed: without it
 * the manifests are unchecked, so this fails rather than skips.
 */
record RenderedManifests(List<JsonNode> objects) {
    static RenderedManifests render(Path directory) throws IOException, InterruptedException {
        Path kubectl = kubectl();
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + directory + " did not finish in 120 s");
        }
        if (p.exitValue() != 0)
            throw new AssertionError("kubectl kustomize " + directory + " failed: exit " + p.exitValue());
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs =
                new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) objects.add(doc);
            }
        }
        return new RenderedManifests(List.copyOf(objects));
    }

    private static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) return candidate;
        }
        Path usual = Path.of("/usr/bin/kubectl");
        if (Files.isExecutable(usual)) return usual;
        throw new AssertionError("kubectl is not installed (looked on PATH and at /usr/bin/kubectl); it renders "
                + "deploy/kubernetes offline for this test: install kubectl (https://kubernetes.io/docs/tasks/tools/)");
    }

    /** The one object of this kind; fails when there is none or several. */
    JsonNode one(String kind) {
        List<JsonNode> found = objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .toList();
        if (found.size() != 1) throw new AssertionError("expected one " + kind + ", found " + found.size());
        return found.get(0);
    }
}
