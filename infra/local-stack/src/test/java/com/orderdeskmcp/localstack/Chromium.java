package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket client:
 * just enough to load a page, type, click, read what the page shows and take a screenshot. One
 * browser connection, pages attached in flat mode (every command names its page's session).
 */
final class Chromium implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path userDataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> pageErrors = new ConcurrentHashMap<>();
    private final Deque<String> lastOutput = new ArrayDeque<>();

    private record EventWaiter(String sessionId, String method, CompletableFuture<JsonNode> event) {
    }

    private Chromium(Process process, Path userDataDir, Path logFile) throws Exception {
        this.process = process;
        this.userDataDir = userDataDir;
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("chromium-output").start(() -> copyOutput(logFile, endpoint));
        String url;
        try {
            url = endpoint.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not say where DevTools listen within 60 s; its last lines:\n"
                    + lastLines());
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new Listener()).get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts Debian's {@code chromium} (or {@code $CHROMIUM}) headless with an empty, temporary user
     * data dir and DevTools on a free port; its output goes to {@code logFile}.
     */
    static Chromium launch(Path logFile) throws Exception {
        String binary = executable();
        Path userDataDir = Files.createTempDirectory("chromium-profile-");
        List<String> command = List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--user-data-dir=" + userDataDir, "--remote-debugging-port=0",
                "--window-size=1280,900", "about:blank");
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new Chromium(process, userDataDir, logFile);
        } catch (Exception | Error e) {
            process.destroyForcibly();
            deleteTree(userDataDir);
            throw e;
        }
    }

    private static String executable() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Chromium is not installed: this test needs Debian's chromium package "
                + "(apt-get install -y chromium; .ci/run installs it) or CHROMIUM=/path/to/chrome");
    }

    /** Files the pages download are saved in {@code directory} (headless Chromium refuses them otherwise). */
    void allowDownloads(Path directory) throws IOException {
        Files.createDirectories(directory);
        call(null, "Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", directory.toAbsolutePath().toString()));
    }

    /** A new tab of {@code width} x {@code height} CSS pixels. */
    Page newPage(int width, int height) {
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .path("sessionId").asText();
        Page page = new Page(sessionId);
        call(sessionId, "Page.enable", Map.of());
        call(sessionId, "Runtime.enable", Map.of());
        call(sessionId, "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return page;
    }

    /** One tab. Selectors are CSS selectors, e.g. {@code #token} or {@code [data-testid="search-row"]}. */
    final class Page {

        private final String sessionId;

        private Page(String sessionId) {
            this.sessionId = sessionId;
            pageErrors.put(sessionId, new CopyOnWriteArrayList<>());
        }

        /** Loads {@code url} and returns once its load event fired. */
        void navigate(String url) {
            CompletableFuture<JsonNode> loaded = nextEvent(sessionId, "Page.loadEventFired");
            JsonNode result = call(sessionId, "Page.navigate", Map.of("url", url));
            if (result.hasNonNull("errorText")) {
                throw new IllegalStateException("could not load " + url + ": " + result.path("errorText").asText());
            }
            await(loaded, "the load event of " + url);
        }

        /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON. */
        JsonNode evaluate(String expression) {
            JsonNode answer = call(sessionId, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (answer.has("exceptionDetails")) {
                JsonNode details = answer.path("exceptionDetails");
                throw new IllegalStateException("the page threw: " + details.at("/exception/description").asText(
                        details.path("text").asText()));
            }
            return answer.at("/result/value");
        }

        /** What the element shows ({@code innerText}), or null when there is no such element. */
        String text(String selector) {
            JsonNode text = evaluate("(() => { const e = document.querySelector(" + js(selector)
                    + "); return e === null ? null : e.innerText; })()");
            return text.isNull() || text.isMissingNode() ? null : text.asText();
        }

        /** What each matching element shows, in document order. */
        List<String> texts(String selector) {
            List<String> texts = new ArrayList<>();
            evaluate("[...document.querySelectorAll(" + js(selector) + ")].map(e => e.innerText)")
                    .forEach(node -> texts.add(node.asText()));
            return texts;
        }

        /**
         * What the page shows of a list of things: for each element matching {@code itemSelector}, the
         * text of the first element inside it matching each of {@code fields} (null where none does),
         * keyed by that field selector.
         */
        List<Map<String, String>> records(String itemSelector, String... fields) {
            JsonNode items = evaluate("[...document.querySelectorAll(" + js(itemSelector) + ")].map(item => "
                    + js(List.of(fields)) + ".map(field => { const e = item.querySelector(field);"
                    + " return e === null ? null : e.innerText; }))");
            List<Map<String, String>> records = new ArrayList<>();
            for (JsonNode item : items) {
                Map<String, String> record = new LinkedHashMap<>();
                for (int i = 0; i < fields.length; i++) {
                    record.put(fields[i], item.get(i).isNull() ? null : item.get(i).asText());
                }
                records.add(record);
            }
            return records;
        }

        /** Whether the element exists and is rendered (not hidden, not inside something hidden). */
        boolean visible(String selector) {
            return evaluate("(() => { const e = document.querySelector(" + js(selector)
                    + "); return e !== null && e.getClientRects().length > 0; })()").asBoolean();
        }

        String attribute(String selector, String name) {
            JsonNode value = evaluate("(() => { const e = document.querySelector(" + js(selector)
                    + "); return e === null ? null : e.getAttribute(" + js(name) + "); })()");
            return value.isNull() || value.isMissingNode() ? null : value.asText();
        }

        /** Focuses the field, clears it and types {@code text} as keyboard input would. */
        void type(String selector, String text) {
            evaluate("(() => { const e = document.querySelector(" + js(selector) + "); if (e === null) throw new Error("
                    + js("no element " + selector) + "); e.focus(); e.value = ''; "
                    + "e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
            if (!text.isEmpty()) {
                call(sessionId, "Input.insertText", Map.of("text", text));
            }
        }

        /** A left click with the mouse in the middle of the element, after scrolling it into view. */
        void click(String selector) {
            JsonNode point = evaluate("(() => { const e = document.querySelector(" + js(selector) + ");"
                    + " if (e === null) throw new Error(" + js("no element " + selector) + ");"
                    + " e.scrollIntoView({block: 'center', inline: 'center'});"
                    + " const r = e.getBoundingClientRect();"
                    + " if (r.width === 0 || r.height === 0) throw new Error(" + js("not visible: " + selector) + ");"
                    + " const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                    + " const hit = document.elementFromPoint(x, y);"
                    + " if (hit === null || !(hit === e || e.contains(hit))) throw new Error("
                    + js("covered by another element: " + selector) + ");"
                    + " return {x: x, y: y}; })()");
            for (String type : List.of("mousePressed", "mouseReleased")) {
                call(sessionId, "Input.dispatchMouseEvent", Map.of("type", type, "x", point.path("x").asDouble(),
                        "y", point.path("y").asDouble(), "button", "left", "clickCount", 1));
            }
        }

        /** A PNG of the whole page (not only the viewport), written to {@code file}. */
        Path screenshot(Path file) throws IOException {
            JsonNode size = call(sessionId, "Page.getLayoutMetrics", Map.of()).path("cssContentSize");
            JsonNode shot = call(sessionId, "Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                            "width", size.path("width").asDouble(), "height", size.path("height").asDouble(), "scale", 1)));
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        }

        /** Uncaught exceptions and console errors of the page so far. */
        List<String> errors() {
            return List.copyOf(pageErrors.get(sessionId));
        }
    }

    // --- the protocol ---

    private JsonNode call(String sessionId, String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        ObjectNode message = JsonCodec.object();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JsonCodec.toTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            // one message at a time: the JDK's WebSocket refuses a send while another is under way
            socket.sendText(JsonCodec.encode(message), true).join();
        }
        return await(answer, method);
    }

    private CompletableFuture<JsonNode> nextEvent(String sessionId, String method) {
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        waiters.add(new EventWaiter(sessionId, method, event));
        return event;
    }

    private JsonNode await(CompletableFuture<JsonNode> answer, String what) {
        try {
            return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + what + " within " + CALL_TIMEOUT);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    private void dispatch(String text) {
        JsonNode message = JsonCodec.tree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asLong());
            if (answer == null) {
                return;
            }
            if (message.has("error")) {
                answer.completeExceptionally(new IllegalStateException("DevTools error " + message.path("error")));
            } else {
                answer.complete(message.path("result"));
            }
            return;
        }
        String method = message.path("method").asText();
        String sessionId = message.path("sessionId").asText(null);
        if (sessionId != null && (method.equals("Runtime.exceptionThrown") || (method.equals("Runtime.consoleAPICalled")
                && message.at("/params/type").asText().equals("error")))) {
            pageErrors.getOrDefault(sessionId, new ArrayList<>()).add(message.path("params").toString());
        }
        for (EventWaiter waiter : waiters) {
            if (waiter.method().equals(method) && waiter.sessionId().equals(sessionId)) {
                waiters.remove(waiter);
                waiter.event().complete(message.path("params"));
            }
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                dispatch(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IllegalStateException("DevTools connection closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }

        private void failAll(Throwable cause) {
            pending.values().forEach(answer -> answer.completeExceptionally(cause));
            pending.clear();
        }
    }

    // --- the process ---

    private void copyOutput(Path logFile, CompletableFuture<String> endpoint) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.write(line);
                log.write('\n');
                log.flush();
                synchronized (lastOutput) {
                    lastOutput.addLast(line);
                    if (lastOutput.size() > 40) {
                        lastOutput.removeFirst();
                    }
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    endpoint.complete(listening.group(1));
                }
            }
        } catch (IOException e) {
            // the browser went away; the caller learns it from the endpoint or the connection
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium exited before DevTools listened; its last lines:\n"
                + lastLines()));
    }

    private String lastLines() {
        synchronized (lastOutput) {
            return String.join("\n", lastOutput);
        }
    }

    @Override
    public void close() {
        try {
            CompletableFuture<JsonNode> closed = new CompletableFuture<>();
            long id = ids.incrementAndGet();
            pending.put(id, closed);
            synchronized (socket) {
                socket.sendText("{\"id\":" + id + ",\"method\":\"Browser.close\"}", true).join();
            }
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // it is going away either way
        } finally {
            socket.abort();
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            http.close();
            deleteTree(userDataDir);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    /** A Java value as a JavaScript literal (JSON is valid JavaScript). */
    static String js(Object value) {
        return JsonCodec.encode(value);
    }
}
