package com.orderdeskmcp.frontbench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal MCP Streamable HTTP client over one keep-alive HTTP/1.1 connection: {@code initialize},
 * {@code notifications/initialized}, then {@code tools/call} requests carrying the session id, exactly
 * what the wire carries for any MCP client, but without the SDK's reactive machinery, so that on a
 * 2-core machine the load generator leaves as much CPU as possible to the server. Answers may come as
 * JSON or as an SSE stream (the server's choice); both are read.
 */
final class RawMcpClient implements AutoCloseable {

    static final String PROTOCOL_VERSION = "2025-11-25";

    /** An HTTP answer: status, headers (lower-case names), the JSON-RPC message (SSE data unwrapped). */
    record Answer(int status, Map<String, String> headers, String json) {
    }

    private final String host;
    private final int port;
    private final String path;
    private final String token;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String sessionId;
    private long connections;
    private final StringBuilder line = new StringBuilder(128);

    RawMcpClient(String mcpUrl, String token) throws IOException {
        URI uri = URI.create(mcpUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.path = uri.getPath();
        this.token = token;
        connect();
    }

    /**
     * A new TCP connection; the MCP session (its id) carries over. Tomcat closes a keep-alive connection
     * after {@code server.tomcat.max-keep-alive-requests} (100 by default) requests, as any HTTP client
     * would, this one then opens the next.
     */
    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        connections++;
    }

    /** How many TCP connections this client opened. */
    long connections() {
        return connections;
    }

    /** initialize + notifications/initialized; returns the initialize answer. */
    Answer initialize() throws IOException {
        Answer answer = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"front-bench\",\"version\":\"1\"}}}");
        if (answer.status() != 200) {
            throw new IOException("initialize answered HTTP " + answer.status() + ": " + answer.json());
        }
        sessionId = answer.headers().get("mcp-session-id");
        if (sessionId == null) {
            throw new IOException("initialize answered without Mcp-Session-Id");
        }
        Answer initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (initialized.status() / 100 != 2) {
            throw new IOException("notifications/initialized answered HTTP " + initialized.status());
        }
        return answer;
    }

    /** tools/call {@code orders_get}; the JSON-RPC answer. */
    Answer ordersGet(long id, String orderId) throws IOException {
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"orders_get\","
                + "\"arguments\":{\"order_id\":\"" + orderId + "\"}}}");
    }

    Answer post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(400)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json, text/event-stream\r\n");
        if (sessionId != null) {
            head.append("Mcp-Session-Id: ").append(sessionId).append("\r\n")
                    .append("MCP-Protocol-Version: ").append(PROTOCOL_VERSION).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        if (socket.isClosed()) {
            connect();
        }
        out.write(request);
        out.flush();
        Answer answer = read();
        if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
            socket.close();
        }
        return answer;
    }

    private Answer read() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        String header;
        while (!(header = readLine()).isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream(8192);
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                all.write(in.readNBytes(size));
                readLine();
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if (status == 202 || status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes(); // no length: the server closes the connection
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String type = headers.getOrDefault("content-type", "");
        return new Answer(status, headers, type.startsWith("text/event-stream") ? sseData(text) : text);
    }

    /** The data of the SSE events of one answer (one JSON-RPC message for a request). */
    private static String sseData(String stream) {
        StringBuilder data = new StringBuilder(stream.length());
        for (String l : stream.split("\n")) {
            if (l.endsWith("\r")) {
                l = l.substring(0, l.length() - 1);
            }
            if (l.startsWith("data:")) {
                data.append(l.charAt(5) == ' ' ? l.substring(6) : l.substring(5));
            }
        }
        return data.toString();
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
