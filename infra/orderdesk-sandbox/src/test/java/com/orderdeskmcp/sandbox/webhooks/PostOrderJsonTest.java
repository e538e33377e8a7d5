package com.orderdeskmcp.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Orders;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OrderDesk's "Post Order JSON" notification, received by a real HTTP server. */
class PostOrderJsonTest extends SandboxTestBase {

  private Receiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new Receiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void postsTheOrderFormEncodedWithTheStoreIdAndAVerifiableHash() throws Exception {
    sandbox.configureWebhook(STORE, WebhookConfig.of(receiver.url(), WebhookEvent.ORDER_CREATED));

    ObjectNode created = createViaApi(Orders.minimal().put("email", "zoë+tag@example.com"));

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == 1);
    Receiver.Post post = receiver.posts().getFirst();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(post.header("X-ORDER-DESK-STORE-ID")).isEqualTo(STORE);
    assertThat(post.body()).startsWith("order=").doesNotContain("&");
    String orderJson = URLDecoder.decode(post.body().substring("order=".length()), StandardCharsets.UTF_8);
    assertThat(post.header("X-ORDER-DESK-HASH")).isEqualTo(independentHmacSha256Hex(KEY, orderJson));
    JsonNode order = Json.mapper().readTree(orderJson);
    assertThat(order).isEqualTo(created);
    assertThat(order.get("email").asText()).isEqualTo("zoë+tag@example.com");
  }

  @Test
  void onlySelectedEventsArePosted() {
    sandbox.configureWebhook(STORE, WebhookConfig.of(receiver.url(), WebhookEvent.ORDER_MOVED));
    String id = createViaApi(Orders.minimal()).get("id").asText();
    api.put("/orders/" + id, Orders.minimal());

    api.post("/move-orders", "{\"order_id_list\":[" + id + "],\"destination_folder_id\":2}");

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == 1);
    assertThat(sandbox.webhookDeliveries()).singleElement().satisfies(delivery -> {
      assertThat(delivery.event()).isEqualTo(WebhookEvent.ORDER_MOVED);
      assertThat(delivery.orderId()).isEqualTo(id);
      assertThat(delivery.delivered()).isTrue();
    });
  }

  @Test
  void everyKindOfChangeCanBeObserved() {
    sandbox.configureWebhook(STORE, WebhookConfig.allEvents(receiver.url()));
    String id = createViaApi(Orders.minimal()).get("id").asText();
    api.put("/orders/" + id, Orders.minimal());
    api.post("/orders/" + id + "/order-items", Orders.item("X", "X", "1.00", 1));
    api.post("/orders/" + id + "/shipments", "{\"tracking_number\":\"1Z999AA10123456784\"}");
    api.post("/move-orders", "{\"order_id_list\":[" + id + "],\"destination_folder_id\":3}");
    sandbox.modifyOrder(STORE, id, order -> order.put("email", "outside@example.com"));
    api.delete("/orders/" + id);

    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.webhookDeliveries().size() == 7);
    assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::event).containsExactlyInAnyOrder(
        WebhookEvent.ORDER_CREATED, WebhookEvent.ORDER_UPDATED, WebhookEvent.ORDER_UPDATED,
        WebhookEvent.SHIPMENT_ADDED, WebhookEvent.ORDER_MOVED, WebhookEvent.ORDER_UPDATED,
        WebhookEvent.ORDER_DELETED);
  }

  @Test
  void aStatusAbove201IsRetriedFiveTimesThenGivenUp() {
    sandbox.configureWebhook(STORE, WebhookConfig.of(receiver.url(), WebhookEvent.ORDER_CREATED)
        .withRetryBackoff(Duration.ofMillis(5)));
    receiver.answerWith(500, 202, 404, 503, 302, 500, 500);

    createViaApi(Orders.minimal());

    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.webhookDeliveries().size() == 6);
    List<WebhookDelivery> deliveries = sandbox.webhookDeliveries();
    assertThat(deliveries).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(deliveries).extracting(WebhookDelivery::status).containsExactly(500, 202, 404, 503, 302, 500);
    assertThat(deliveries).extracting(WebhookDelivery::willRetry)
        .containsExactly(true, true, true, true, true, false);
    assertThat(receiver.posts()).hasSize(6);
    assertThat(receiver.posts()).extracting(Receiver.Post::body).containsOnly(receiver.posts().getFirst().body());
  }

  @Test
  void twoHundredOneCountsAsDeliveredAndARetryCanSucceed() {
    sandbox.configureWebhook(STORE, WebhookConfig.of(receiver.url(), WebhookEvent.ORDER_CREATED)
        .withRetryBackoff(Duration.ofMillis(5)));
    receiver.answerWith(503, 201);

    createViaApi(Orders.minimal());

    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.webhookDeliveries().size() == 2);
    assertThat(sandbox.webhookDeliveries()).extracting(WebhookDelivery::delivered).containsExactly(false, true);
    assertThat(sandbox.webhookDeliveries().getLast().willRetry()).isFalse();
  }

  @Test
  void anUnreachableReceiverIsRetriedToo() {
    String deadUrl = receiver.url();
    receiver.close();
    sandbox.configureWebhook(STORE, new WebhookConfig(URI.create(deadUrl), EnumSet.of(WebhookEvent.ORDER_CREATED),
        Duration.ofMillis(5), Duration.ofSeconds(2)));

    createViaApi(Orders.minimal());

    await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.webhookDeliveries().size() == 6);
    assertThat(sandbox.webhookDeliveries()).allSatisfy(delivery -> {
      assertThat(delivery.status()).isZero();
      assertThat(delivery.error()).isNotBlank();
    });
  }

  @Test
  void aReceiverThatNeverAnswersDoesNotSlowTheApi() {
    receiver.block();
    sandbox.configureWebhook(STORE, WebhookConfig.allEvents(receiver.url()));

    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      createViaApi(Orders.minimal());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.posts().size() == 5);
    assertThat(sandbox.webhookDeliveries()).isEmpty();
  }

  @Test
  void seedingPostsNothingAndResetForgetsTheRule() {
    sandbox.configureWebhook(STORE, WebhookConfig.allEvents(receiver.url()));
    sandbox.seedOrders(STORE, 5, 1);
    sandbox.reset();

    createViaApi(Orders.minimal());
    ApiClient.Reply marker = api.get("/test");

    assertThat(marker.status()).isEqualTo(200);
    assertThat(receiver.posts()).isEmpty();
    assertThat(sandbox.webhookDeliveries()).isEmpty();
  }

  @Test
  void configuredOverTheControlApi() {
    ApiClient.Reply saved = control.put("/stores/" + STORE + "/webhook",
        "{\"url\":\"" + receiver.url() + "\",\"events\":[\"order_created\"],\"retry_backoff_ms\":5}");
    createViaApi(Orders.minimal());

    assertThat(saved.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> control.get("/webhook-deliveries").json()
        .get("total_records").asInt() == 1);
    JsonNode delivery = control.get("/webhook-deliveries").json().get("deliveries").get(0);
    assertThat(delivery.get("event").asText()).isEqualTo("order_created");
    assertThat(delivery.get("status").asInt()).isEqualTo(200);
    assertThat(delivery.get("delivered").asBoolean()).isTrue();
    assertThat(control.put("/stores/" + STORE + "/webhook", "{\"url\":\"" + receiver.url()
        + "\",\"events\":[\"order_teleported\"]}").status()).isEqualTo(400);
    assertThat(control.put("/stores/" + STORE + "/webhook", "{\"url\":\"ftp://x\"}").status()).isEqualTo(400);
    assertThat(control.delete("/stores/" + STORE + "/webhook").status()).isEqualTo(200);
  }

  @Test
  void theTestsOwnHmacMatchesAPublishedVector() throws Exception {
    assertThat(independentHmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  /** Computed here from the JDK's HMAC rather than the sandbox's OrderSignature. */
  private static String independentHmacSha256Hex(String key, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }
}
