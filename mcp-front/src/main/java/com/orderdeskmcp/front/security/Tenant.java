package com.orderdeskmcp.front.security;

import com.orderdeskmcp.front.tenants.Role;

/**
 * The caller, as established from its bearer token.
 *
 * @param tokenId a short, non-secret name of the token used, for the audit trail
 */
public record Tenant(String id, String tokenId, Role role) {

    /** Request attribute (and MCP transport-context key) under which the authenticated tenant travels. */
    public static final String ATTRIBUTE = "orderdesk.tenant";
}
