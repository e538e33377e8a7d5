package com.orderdeskmcp.sandbox.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive connection. The benchmark uses it instead of
 * {@code java.net.http.HttpClient} so that the client, which shares the machine's two cores with the
 * sandbox, spends as little CPU as possible per request: the figure then measures the sandbox.
 */
final class KeepAliveClient implements AutoCloseable {

  record Response(int status, byte[] body) {
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] fixedHeaders;

  KeepAliveClient(int port, String storeId, String apiKey) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    fixedHeaders = ("Host: 127.0.0.1:" + port + "\r\n"
        + "User-Agent: orderdesk-sandbox-benchmark\r\n"
        + "ORDERDESK-STORE-ID: " + storeId + "\r\n"
        + "ORDERDESK-API-KEY: " + apiKey + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  Response get(String path) throws IOException {
    return exchange("GET", path, null);
  }

  Response put(String path, byte[] json) throws IOException {
    return exchange("PUT", path, json);
  }

  private Response exchange(String method, String path, byte[] body) throws IOException {
    out.write((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(fixedHeaders);
    if (body != null) {
      out.write(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
    }
    out.write('\r');
    out.write('\n');
    if (body != null) {
      out.write(body);
    }
    out.flush();
    return readResponse();
  }

  private Response readResponse() throws IOException {
    String statusLine = readLine();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = -1;
    boolean chunked = false;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(readLine().trim(), 16); size > 0;
          size = Integer.parseInt(readLine().trim(), 16)) {
        body.write(in.readNBytes(size));
        readLine();
      }
      readLine();
      return new Response(status, body.toByteArray());
    }
    byte[] body = in.readNBytes(Math.max(0, length));
    if (body.length != Math.max(0, length)) {
      throw new EOFException("Connection closed in the middle of a response body");
    }
    return new Response(status, body);
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("Connection closed by the server");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
