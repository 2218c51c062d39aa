package io.jobwarden.server.http.health;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code diskSpace}: DOWN when the data directory's file system has less than the threshold free. */
public final class DiskSpaceHealth implements HealthContributor {
    private final Path path;
    private final long thresholdBytes;

    public DiskSpaceHealth(Path path, long thresholdBytes) {
        this.path = path.toAbsolutePath().normalize();
        this.thresholdBytes = thresholdBytes;
    }

    @Override
    public String name() {
        return "diskSpace";
    }

    @Override
    public Health check() {
        File dir = path.toFile();
        // getUsableSpace() is 0 for a path that does not exist, which reads (rightly) as no space to write.
        long free = dir.getUsableSpace();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("total", dir.getTotalSpace());
        details.put("free", free);
        details.put("threshold", thresholdBytes);
        details.put("path", path.toString());
        details.put("exists", dir.exists());
        return Health.of(free >= thresholdBytes, details);
    }
}
