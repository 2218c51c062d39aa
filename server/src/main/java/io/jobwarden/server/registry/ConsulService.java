package io.jobwarden.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.config.ConsulSection;
import io.jobwarden.server.http.BindAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service definition this node registers: its address and port, and an HTTP check on {@code /health} that
 * Consul's agent calls every {@code check-interval}.
 *
 * @param id      unique on the agent: {@code <service>-<host>-<port>} unless configured
 * @param address the address Consul advertises and checks
 */
record ConsulService(
        String id,
        String name,
        String address,
        int port,
        boolean tls,
        List<String> tags,
        Map<String, String> meta,
        Duration checkInterval,
        Duration checkTimeout,
        Duration deregisterCriticalAfter) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param address the address to advertise and check, without brackets
     * @param host    this machine's name, for the default id
     * @param api     where the API listens: its port and scheme
     */
    static ConsulService of(
            ConsulSection section, String address, String host, BindAddress api, Map<String, String> meta) {
        String id = section.id().orElse(section.service() + "-" + host + "-" + api.port());
        return new ConsulService(
                id,
                section.service(),
                address,
                api.port(),
                api.tls(),
                section.tags(),
                meta,
                section.checkInterval(),
                section.checkTimeout(),
                section.deregisterCriticalAfter());
    }

    String healthUrl() {
        return new BindAddress(address, port, tls).urlOf(address) + "/health";
    }

    /** The body of {@code PUT /v1/agent/service/register}. */
    String json() {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("Name", name + " /health");
        check.put("HTTP", healthUrl());
        check.put("Method", "GET");
        check.put("Interval", goDuration(checkInterval));
        check.put("Timeout", goDuration(checkTimeout));
        check.put("DeregisterCriticalServiceAfter", goDuration(deregisterCriticalAfter));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", id);
        body.put("Name", name);
        body.put("Tags", tags);
        body.put("Address", address);
        body.put("Port", port);
        body.put("Meta", meta);
        body.put("Check", check);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's duration syntax, which Consul reads: whole seconds as {@code 10s}, anything else in milliseconds. */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
