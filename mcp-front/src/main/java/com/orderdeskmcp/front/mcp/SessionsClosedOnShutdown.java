package com.orderdeskmcp.front.mcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Closes the MCP sessions when the front stops, just before the web server's graceful shutdown waits
 * for active requests. A session's listening stream (an agent's GET /mcp) never ends by itself, so
 * with one open every stop used to wait out the whole shutdown phase (30 s) and then cut it off.
 * Requests already running (tool calls) are not listening streams: they go on, and the graceful
 * shutdown waits for them; new MCP requests to this instance get 503 from then on. An agent whose
 * session is gone starts a new one, on another instance (which answers the old id with 404).
 */
final class SessionsClosedOnShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionsClosedOnShutdown.class);
    private static final Duration CLOSING = Duration.ofSeconds(5);

    private final WebMvcStreamableServerTransportProvider transport;
    private volatile boolean running;

    SessionsClosedOnShutdown(WebMvcStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            transport.closeGracefully().block(CLOSING);
        } catch (RuntimeException e) {
            log.warn("MCP sessions not all closed within {}: {}", CLOSING, e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown (phases stop from the highest down). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
