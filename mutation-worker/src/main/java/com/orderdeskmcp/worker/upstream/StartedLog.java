package com.orderdeskmcp.worker.upstream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Notes that a mutation is about to send a non-idempotent request. If the worker then dies before
 * recording the outcome, the redelivered command finds this note and looks the effect up before
 * it sends anything, instead of creating the order (or shipment, or note) a second time.
 */
@Component
public class StartedLog {

    private final JdbcTemplate jdbc;

    public StartedLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true if this mutation had started before (this is a redelivery) */
    public boolean start(String mutationId) {
        return jdbc.update("INSERT INTO mutation_started (mutation_id, started_at) VALUES (?, now()) "
                + "ON CONFLICT (mutation_id) DO NOTHING", mutationId) == 0;
    }
}
