package com.orderdeskmcp.front.tenants;

import java.util.Locale;

/** What a token may do. */
public enum Role {
    /** Every tool of its tenant: reads and mutations. */
    AGENT,
    /** Read-only: reads and the mutation history; never a mutation. */
    AUDITOR,
    /** Tenants and tokens (the /admin endpoints), and the read-only tools. */
    OPERATOR;

    public boolean mayMutate() {
        return this == AGENT;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        if (value == null || value.isBlank()) {
            return AGENT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "agent" -> AGENT;
            case "auditor" -> AUDITOR;
            case "operator" -> OPERATOR;
            default -> throw new IllegalArgumentException("role must be agent, auditor or operator");
        };
    }
}
