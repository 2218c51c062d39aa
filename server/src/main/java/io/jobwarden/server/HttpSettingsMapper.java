package io.jobwarden.server;

import io.jobwarden.server.config.HttpSection;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.Secret;
import io.jobwarden.server.http.HttpSettings;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.jobs.ApiJobPolicy;

/** The HTTP server's settings from the config file: the one place the two shapes meet. */
final class HttpSettingsMapper {
    private HttpSettingsMapper() {}

    static HttpSettings from(JobwardenConfig config) {
        var http = config.http();
        var security = config.security();
        HttpSettings settings = HttpSettings.defaults()
                .withBind(http.bind())
                .withPort(http.port())
                .withTokens(security.tokens().stream()
                        .map(t -> new ApiToken(t.name(), t.token().reveal(), t.role()))
                        .toList())
                .withControlSecret(security.controlSecret().map(Secret::reveal).orElse(null))
                .withDisk(config.baseDir(), HttpSettings.DEFAULT_DISK_THRESHOLD)
                .withAllowedHosts(http.allowedHosts())
                .withMetricsPublic(http.metricsAuth() == HttpSection.MetricsAuth.NONE);
        if (http.tls().isPresent()) {
            settings = settings.withTls(
                    http.tls().get().keystore(), http.tls().get().password().reveal());
        }
        return settings;
    }

    /** What jobs created or changed through the API may be: the security section's limits. */
    static ApiJobPolicy jobPolicy(JobwardenConfig config) {
        return config.security().apiJobs();
    }
}
