package com.orderdeskmcp.front.tenants;

import com.orderdeskmcp.front.security.Authenticator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator endpoints (operator tokens only; the bearer filter refuses everyone else with 403):
 * create a tenant with its first token (shown once), list tokens by prefix, revoke a token.
 */
@RestController
class TenantAdmin {

    record CreateTenant(String tenant, String role, String label) {
    }

    private final TenantRegistry registry;
    private final Authenticator authenticator;

    TenantAdmin(TenantRegistry registry, Authenticator authenticator) {
        this.registry = registry;
        this.authenticator = authenticator;
    }

    @PostMapping(path = "/admin/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) CreateTenant request) {
        if (request == null || request.tenant() == null) {
            return problem(HttpStatus.BAD_REQUEST, "give {\"tenant\": \"id\", \"role\": \"agent|auditor|operator\"}");
        }
        try {
            TenantRegistry.IssuedToken issued = registry.issue(request.tenant(), Role.parse(request.role()), request.label());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant", issued.tenantId());
            body.put("token_id", issued.tokenId());
            body.put("role", issued.role().wire());
            body.put("token", issued.token());
            body.put("note", "The token is shown only now; store it safely.");
            return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
        } catch (TenantRegistry.TenantProblem | IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @GetMapping(path = "/admin/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@RequestParam(name = "prefix", required = false) String prefix) {
        List<Map<String, Object>> tokens = registry.list(prefix).stream().map(t -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("token_id", t.tokenId());
            row.put("tenant", t.tenantId());
            row.put("role", t.role().wire());
            row.put("label", t.label());
            row.put("created_at", t.createdAt().toString());
            row.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
            return row;
        }).toList();
        return Map.of("tokens", tokens);
    }

    @DeleteMapping(path = "/admin/tokens/{tokenId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> revoke(@PathVariable("tokenId") String tokenId) {
        boolean revoked = registry.revoke(tokenId);
        authenticator.forgetAll();
        return revoked ? ResponseEntity.ok(Map.of("revoked", tokenId))
                : problem(HttpStatus.NOT_FOUND, "no live token " + (tokenId.matches("[a-z0-9_]{1,40}") ? tokenId : ""));
    }

    private static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", status.name().toLowerCase(), "message", message));
    }
}
