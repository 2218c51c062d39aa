# The Jobwarden container image: the distribution archive on a maintained JRE, run as an unprivileged user.
# Build the distribution first (mvn -B package), then:
#   docker build --build-arg VERSION=<version> -t jobwarden:<version> .
# .github/workflows/container.yml does both; docs/kubernetes.md runs the image.

FROM eclipse-temurin:17-jre AS unpack
ARG VERSION
COPY dist/target/jobwarden-${VERSION}.tar.gz /tmp/jobwarden.tar.gz
# The archive may hold its files at the top or under one directory (jobwarden-<version>/): both unpack the same.
RUN set -eu; \
    mkdir -p /tmp/unpacked /opt/jobwarden; \
    tar -xzf /tmp/jobwarden.tar.gz -C /tmp/unpacked; \
    src=/tmp/unpacked; \
    if [ "$(ls -A /tmp/unpacked | wc -l)" -eq 1 ] && [ -d "/tmp/unpacked/$(ls -A /tmp/unpacked)" ]; then \
      src="/tmp/unpacked/$(ls -A /tmp/unpacked)"; \
    fi; \
    cp -a "$src"/. /opt/jobwarden/; \
    chmod -R a+rX,go-w /opt/jobwarden; \
    test -x /opt/jobwarden/bin/jobwarden; \
    test -f /opt/jobwarden/conf/jobwarden.yml

FROM eclipse-temurin:17-jre
ARG VERSION
LABEL org.opencontainers.image.title="Jobwarden" \
      org.opencontainers.image.description="Scheduled background jobs as a service" \
      org.opencontainers.image.version="${VERSION}"
# tini as PID 1: it passes SIGTERM on to the JVM and reaps the orphans of job processes, which the JVM would leave
# as zombies.
RUN set -eu; \
    apt-get update; \
    apt-get install -y --no-install-recommends tini; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid 10001 jobwarden; \
    useradd --system --uid 10001 --gid jobwarden --home-dir /var/lib/jobwarden --shell /usr/sbin/nologin jobwarden; \
    mkdir -p /var/lib/jobwarden /etc/jobwarden; \
    chown jobwarden:jobwarden /var/lib/jobwarden
COPY --from=unpack /opt/jobwarden /opt/jobwarden
COPY --from=unpack /opt/jobwarden/conf/jobwarden.yml /etc/jobwarden/jobwarden.yml
ENV PATH=/opt/jobwarden/bin:$PATH
USER 10001:10001
WORKDIR /var/lib/jobwarden
EXPOSE 8080
# No supervisor in the container: the orchestrator restarts it (restartPolicy, liveness probe).
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/jobwarden/bin/jobwarden", "run", "--no-supervisor"]
# Relative paths in the config (data, logs) resolve against --data, the one writable directory.
CMD ["--config", "/etc/jobwarden/jobwarden.yml", "--data", "/var/lib/jobwarden"]
