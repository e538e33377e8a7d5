package com.orderdeskmcp.front.security;

import com.orderdeskmcp.front.tenants.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of a known caller: 401 with
 * {@code WWW-Authenticate} otherwise. On the operator endpoints ({@code /admin/...}) the token must
 * also carry the operator role, and on the auditors' HTTP API ({@code /audit/api/...}) the auditor or
 * operator role (agents read the audit trail through their MCP tools): 403 otherwise.
 */
public final class BearerAuthFilter extends OncePerRequestFilter {

    private final Authenticator authenticator;

    public BearerAuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            refuse(response, 401, "Bearer realm=\"orderdesk-mcp\"", "unauthorized", "missing bearer token");
            return;
        }
        Optional<Tenant> tenant = authenticator.authenticate(header.substring(7).trim());
        if (tenant.isEmpty()) {
            refuse(response, 401, "Bearer realm=\"orderdesk-mcp\", error=\"invalid_token\"", "unauthorized",
                    "invalid bearer token");
            return;
        }
        if (request.getRequestURI().startsWith("/admin") && tenant.get().role() != Role.OPERATOR) {
            refuse(response, 403, "Bearer realm=\"orderdesk-mcp\", error=\"insufficient_scope\"", "forbidden",
                    "this endpoint needs an operator token");
            return;
        }
        if (request.getRequestURI().startsWith("/audit/api") && tenant.get().role() == Role.AGENT) {
            refuse(response, 403, "Bearer realm=\"orderdesk-mcp\", error=\"insufficient_scope\"", "forbidden",
                    "the audit API needs an auditor token");
            return;
        }
        request.setAttribute(Tenant.ATTRIBUTE, tenant.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String challenge, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
