package com.orderdeskmcp.worker;

import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateInventoryItem;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateInventoryItem;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every outcome comes with a cache invalidation that names what the fronts must evict: the order
 * and the store's order lists for an order mutation, the store's inventory for an inventory one.
 */
class CacheInvalidationTest extends WorkerIntegrationTest {

    @Test
    void eachMutationNamesWhatItMadeStale() {
        String orderId = newOrder();
        UpdateOrder update = new UpdateOrder(header(), orderId, json("{'email':'stale@example.com'}"));
        CreateOrder create = new CreateOrder(header(), json("""
                {'shipping':{'first_name':'Cache','last_name':'Miss'},'order_items':[{'name':'Box','code':'BOX','price':2}]}"""));
        CreateInventoryItem createItem = new CreateInventoryItem(header(),
                json("{'name':'Stale Stock','code':'STALE-" + System.nanoTime() + "','price':3,'stock':4}"));
        assertThat(run(update)).isInstanceOf(MutationEvent.OrderMutated.class);
        MutationEvent created = run(create);
        assertThat(created).isInstanceOf(MutationEvent.OrderCreated.class);
        MutationEvent itemCreated = run(createItem);
        String itemId = itemCreated.subject().substring("inventory/".length());
        UpdateInventoryItem updateItem = new UpdateInventoryItem(header(), itemId, json("{'stock':7}"));
        assertThat(run(updateItem)).isInstanceOf(MutationEvent.InventoryItemUpdated.class);

        Map<String, CacheInvalidation> invalidations = invalidationsOf(List.of(update, create, createItem, updateItem));

        assertThat(invalidations.get(update.mutationId())).satisfies(i -> {
            assertThat(i.tenantId()).isEqualTo(TENANT);
            assertThat(i.storeId()).isEqualTo(STORE);
            assertThat(i.orderIds()).containsExactly(orderId);
            assertThat(i.orderLists()).isTrue();
            assertThat(i.inventory()).isFalse();
        });
        // A new order: its id (known only from OrderDesk's answer) and the lists it now appears in.
        assertThat(invalidations.get(create.mutationId())).satisfies(i -> {
            assertThat(i.storeId()).isEqualTo(STORE);
            assertThat(i.orderIds()).containsExactly(created.subject());
            assertThat(i.orderLists()).isTrue();
            assertThat(i.inventory()).isFalse();
        });
        for (MutationCommand inventory : List.of(createItem, updateItem)) {
            assertThat(invalidations.get(inventory.mutationId())).satisfies(i -> {
                assertThat(i.storeId()).isEqualTo(STORE);
                assertThat(i.orderIds()).isEmpty();
                assertThat(i.orderLists()).isFalse();
                assertThat(i.inventory()).isTrue();
            });
        }
    }

    /** Reads the invalidation topic from its start, as a front does, until each command's invalidation is there. */
    private static Map<String, CacheInvalidation> invalidationsOf(List<MutationCommand> commands) {
        Map<String, CacheInvalidation> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, InfrastructureExtension.get().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INVALIDATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The consumer is not thread-safe: poll it on this thread.
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    CacheInvalidation invalidation = JsonCodec.decode(record.value(), CacheInvalidation.class);
                    found.putIfAbsent(invalidation.cause(), invalidation);
                }
                return commands.stream().allMatch(c -> found.containsKey(c.mutationId()));
            });
        }
        return found;
    }
}
