package com.orderdeskmcp.front.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings under {@code front.audit.*}.
 *
 * @param completenessGrace an accepted mutation younger than this without a terminal event is counted
 *                          as in flight by verify, not as missing
 * @param batchSize         events per read-model transaction (and per event-store query)
 * @param eventStoreWait    how often the projection looks for the worker's event tables until they exist
 * @param projection        whether this instance runs the read-model processor (stdio instances do not)
 * @param segments          how many segments the processor splits the streams into, projected in parallel
 *                          (taken when the processor first starts, on an empty token table)
 */
@ConfigurationProperties("front.audit")
public record AuditProperties(Duration completenessGrace, Integer batchSize, Duration eventStoreWait,
                              Boolean projection, Integer segments) {

    public AuditProperties {
        completenessGrace = completenessGrace == null ? Duration.ofMinutes(5) : completenessGrace;
        batchSize = batchSize == null ? 250 : batchSize;
        eventStoreWait = eventStoreWait == null ? Duration.ofSeconds(2) : eventStoreWait;
        projection = projection == null || projection;
        segments = segments == null ? 4 : segments;
    }
}
