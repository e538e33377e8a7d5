package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code audit replay} of the operator CLI: the replay must run inside the serving front (its
 * processor holds the read model's token), so the command asks it over HTTP, with an operator token
 * from the environment, and prints the progress until the replay is done.
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    /** {@code action} "replay" starts one and follows it; "status" prints the progress once. */
    public static int run(String action, String baseUrl, String token, Duration poll, PrintStream out, PrintStream err) {
        if (!action.equals("replay") && !action.equals("status")) {
            err.println("usage: audit replay | audit status   (FRONT_URL, FRONT_OPERATOR_TOKEN from the environment)");
            return 2;
        }
        if (token == null || token.isBlank()) {
            err.println("error: give an operator token in FRONT_OPERATOR_TOKEN (never as an argument)");
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(baseUrl.replaceAll("/+$", "") + "/admin/audit/replay");
        try {
            JsonNode progress = call(http, uri, token, action.equals("replay"), err);
            if (progress == null) {
                return 1;
            }
            print(progress, out);
            while (action.equals("replay") && progress.path("state").asText().equals("replaying")) {
                Thread.sleep(poll);
                progress = call(http, uri, token, false, err);
                if (progress == null) {
                    return 1;
                }
                print(progress, out);
            }
            return progress.path("state").asText().equals("failed") ? 1 : 0;
        } catch (IOException e) {
            err.println("error: cannot reach " + baseUrl + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static JsonNode call(HttpClient http, URI uri, String token, boolean start, PrintStream err)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.trim());
        request = start ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            JsonNode body = parse(response.body());
            err.println("error: HTTP " + response.statusCode() + (body == null ? "" : ": " + body.path("message").asText()));
            return null;
        }
        return parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return JsonCodec.tree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String line(JsonNode progress) {
        long processed = progress.path("events_processed").asLong();
        long total = progress.path("events_total").asLong();
        String percent = total == 0 ? "" : " (" + Math.min(100, processed * 100 / total) + " %)";
        String message = progress.path("message").isTextual() ? " - " + progress.path("message").asText() : "";
        return progress.path("state").asText() + ": " + processed + " / " + total + " events" + percent + message;
    }

    private static void print(JsonNode progress, PrintStream out) {
        out.println(line(progress));
        out.flush();
    }
}
