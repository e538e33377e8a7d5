package com.orderdeskmcp.front.security;

/** The caller, as established from its bearer token. */
public record Tenant(String id) {

    /** Request attribute (and MCP transport-context key) under which the authenticated tenant travels. */
    public static final String ATTRIBUTE = "orderdesk.tenant";
}
