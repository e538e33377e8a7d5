package com.orderdeskmcp.front.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Guards the MCP transport against bodies it does not handle well: a JSON-RPC batch (an array; no
 * longer part of MCP since 2025-06-18) left the SDK's transport without an answer, so the client
 * waited forever; and an unbounded body. Both get a JSON-RPC error at once.
 */
public final class JsonRpcBodyFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** The requests this server answers (tools only; resources, prompts and completions are off). */
    static final java.util.Set<String> SERVED = java.util.Set.of("initialize", "ping", "tools/list", "tools/call",
            "logging/setLevel");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            refuse(response, 413, null, -32600, "the message is larger than 4 MB");
            return;
        }
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first < body.length && body[first] == '[') {
            refuse(response, 400, null, -32600, "JSON-RPC batches are not supported: send one message per request");
            return;
        }
        if (first < body.length && body[first] != '{') {
            refuse(response, 400, null, -32700, "Parse error: a JSON-RPC message is a JSON object");
            return;
        }
        JsonNode message = parse(body);
        if (message != null) {
            JsonNode id = message.get("id");
            JsonNode params = message.get("params");
            if (!message.path("method").isTextual() && !message.has("result") && !message.has("error")) {
                refuse(response, 400, id, -32600, "Invalid request: method must be a string");
                return;
            }
            String method = message.path("method").asText("");
            // The SDK's transport leaves requests for methods it does not serve unanswered: answer them here.
            if (message.hasNonNull("id") && !method.isEmpty() && !SERVED.contains(method)) {
                refuse(response, 200, id, -32601, "Method not found: this server serves initialize, ping, tools/list, tools/call and logging/setLevel");
                return;
            }
            if (message.hasNonNull("id") && method.isEmpty() && message.has("method")) {
                refuse(response, 400, id, -32600, "Invalid request: method is empty");
                return;
            }
            if ("tools/call".equals(method) && (params == null || !params.path("name").isTextual()
                    || (params.hasNonNull("arguments") && !params.get("arguments").isObject()))) {
                refuse(response, 400, id, -32602, "Invalid params: tools/call needs {\"name\": string, \"arguments\": object}");
                return;
            }
            // The SDK's transport left requests with non-object params unanswered.
            if (params != null && !params.isNull() && !params.isObject()) {
                refuse(response, 400, id, -32602, "Invalid params: params must be an object");
                return;
            }
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JsonCodec.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            return null; // the transport answers malformed JSON itself (400, parse error)
        }
    }

    private static void refuse(HttpServletResponse response, int status, JsonNode id, int code, String message)
            throws IOException {
        ObjectNode error = JsonCodec.object().put("jsonrpc", "2.0");
        if (id != null && (id.isTextual() || id.isIntegralNumber())) {
            error.set("id", id);
        } else {
            error.putNull("id");
        }
        error.putObject("error").put("code", code).put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(JsonCodec.encode(error));
    }

    /** The request with its body already read. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
