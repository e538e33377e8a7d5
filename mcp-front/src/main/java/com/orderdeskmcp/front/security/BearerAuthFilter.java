package com.orderdeskmcp.front.security;

import com.orderdeskmcp.front.FrontProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request through to /mcp only with {@code Authorization: Bearer <token>} of a known tenant.
 * Only hashes are held; every known hash is compared, in constant time, so timing says nothing
 * about which tenant's hash came closest.
 */
public final class BearerAuthFilter extends OncePerRequestFilter {

    private record Known(String tenant, byte[] hash) {
    }

    private final List<Known> known;

    public BearerAuthFilter(FrontProperties properties) {
        this.known = properties.tenants().stream()
                .map(t -> new Known(t.tenant(), HexFormat.of().parseHex(t.tokenSha256().trim().toLowerCase())))
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            refuse(response, "Bearer realm=\"orderdesk-mcp\"", "missing bearer token");
            return;
        }
        Optional<Tenant> tenant = authenticate(header.substring(7).trim());
        if (tenant.isEmpty()) {
            refuse(response, "Bearer realm=\"orderdesk-mcp\", error=\"invalid_token\"", "invalid bearer token");
            return;
        }
        request.setAttribute(Tenant.ATTRIBUTE, tenant.get());
        chain.doFilter(request, response);
    }

    Optional<Tenant> authenticate(String token) {
        byte[] presented = TokenHash.sha256(token);
        Tenant match = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.hash(), presented)) {
                match = new Tenant(candidate.tenant(), "sha256:" + HexFormat.of().formatHex(presented).substring(0, 12));
            }
        }
        return Optional.ofNullable(match);
    }

    private static void refuse(HttpServletResponse response, String challenge, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"" + message + "\"}");
    }
}
