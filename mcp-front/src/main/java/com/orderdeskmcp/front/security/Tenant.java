package com.orderdeskmcp.front.security;

/**
 * The caller, as established from its bearer token.
 *
 * @param tokenId a short, non-secret name of the token used (the start of its SHA-256), for the audit trail
 */
public record Tenant(String id, String tokenId) {

    /** Request attribute (and MCP transport-context key) under which the authenticated tenant travels. */
    public static final String ATTRIBUTE = "orderdesk.tenant";
}
