package io.jobwarden.server.http;

import java.util.Set;

/**
 * One route the HTTP server answers, as Javalin registered it: what the OpenAPI document must describe.
 *
 * @param method the HTTP method, upper case ({@code GET})
 * @param path   the path with Javalin's {@code {param}} placeholders, which OpenAPI writes the same way
 * @param roles  the roles a token needs (lower case config names); empty for a route without a token
 */
public record ApiRoute(String method, String path, Set<String> roles) {
    public ApiRoute {
        roles = Set.copyOf(roles);
    }
}
