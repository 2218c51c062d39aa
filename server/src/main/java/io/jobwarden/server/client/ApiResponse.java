package io.jobwarden.server.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer: its status, its body as sent, and the body parsed (a missing node for an empty body). */
public record ApiResponse(int status, String body, JsonNode json) {}
