package com.orderdeskmcp.worker.upstream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

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
        return start(mutationId, null);
    }

    /**
     * @param context what a later look-up needs to know about the state before the first send
     *                (e.g. the ids of an order's items before an item was added)
     * @return true if this mutation had started before (this is a redelivery)
     */
    public boolean start(String mutationId, String context) {
        return jdbc.update("INSERT INTO mutation_started (mutation_id, started_at, context) VALUES (?, now(), ?) "
                + "ON CONFLICT (mutation_id) DO NOTHING", mutationId, context) == 0;
    }

    /** The context noted when this mutation first started, if it started before. */
    public Optional<String> context(String mutationId) {
        return jdbc.query("SELECT coalesce(context, '') FROM mutation_started WHERE mutation_id = ?",
                (rows, i) -> rows.getString(1), mutationId).stream().findFirst();
    }
}
