package com.orderdeskmcp.worker.intake;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FairIntakeTest {

    /** A taken record: its store, its key within the store, and its place in the partition. */
    record Rec(String store, String key, int offset) {
    }

    private final List<Rec> started = new ArrayList<>();
    private final List<Rec> running = new ArrayList<>();

    /** Every record counted as 1 byte: the parked bound is then a number of records. */
    private FairIntake<Rec> intake(int maxInFlight, int maxParked, int floor) {
        return intake(maxInFlight, maxParked, floor, r -> 1);
    }

    /** No bound on the size in flight. */
    private FairIntake<Rec> intake(int maxInFlight, long maxParkedBytes, int floor, ToLongFunction<Rec> sizeOf) {
        return intake(new FairIntake.Bounds(maxInFlight, Long.MAX_VALUE, maxParkedBytes, floor), sizeOf);
    }

    private FairIntake<Rec> intake(FairIntake.Bounds bounds, ToLongFunction<Rec> sizeOf) {
        return new FairIntake<>(bounds, Rec::store, sizeOf, r -> {
            started.add(r);
            running.add(r);
        });
    }

    /** A record's size: its offset modulo 1,000 (the thousands keep the offsets apart). */
    private static long sizeByOffset(Rec r) {
        return r.offset() % 1000;
    }

    private static List<Rec> records(String store, int count, int firstOffset) {
        return IntStream.range(0, count).mapToObj(i -> new Rec(store, store + "/o" + (i % 3), firstOffset + i)).toList();
    }

    @Test
    void aStoreAloneMayUseTheWholeBoundAndParksTheRest() {
        FairIntake<Rec> intake = intake(10, 100, 4);
        records("a", 15, 0).forEach(intake::offer);

        assertThat(started).hasSize(10);
        assertThat(intake.inFlight()).isEqualTo(10);
        assertThat(intake.parked()).isEqualTo(5);
        assertThat(intake.full()).isFalse();
    }

    @Test
    void aStoreArrivingBehindAnotherStoresBacklogTakesTheNextFreePlace() {
        FairIntake<Rec> intake = intake(10, 100, 2);
        List<Rec> backlog = records("a", 40, 0);
        backlog.forEach(intake::offer);
        Rec other = new Rec("b", "b/x", 40);
        intake.offer(other);
        assertThat(started).doesNotContain(other);

        intake.finished(backlog.getFirst());

        // "a" holds 9 of 10 places, past its share of 5 now that "b" has work: the freed place is b's.
        assertThat(started.getLast()).isEqualTo(other);
        // and a's next places wait until it is back under its share
        for (int i = 1; i <= 4; i++) {
            intake.finished(backlog.get(i));
        }
        assertThat(started.stream().filter(r -> r.store().equals("a"))).hasSize(10);
        intake.finished(backlog.get(5));
        assertThat(started.stream().filter(r -> r.store().equals("a"))).hasSize(11);
    }

    @Test
    void storesTakeTurnsAtTheirShares() {
        FairIntake<Rec> intake = intake(12, 1000, 1);
        records("a", 100, 0).forEach(intake::offer);
        records("b", 100, 100).forEach(intake::offer);
        records("c", 100, 200).forEach(intake::offer);
        // Finish in the order started, many times over: the places settle at a third each.
        for (int i = 0; i < 200; i++) {
            intake.finished(started.get(i));
        }
        List<Rec> running = started.subList(200, started.size());
        assertThat(running).hasSize(12);
        assertThat(running.stream().filter(r -> r.store().equals("a"))).hasSize(4);
        assertThat(running.stream().filter(r -> r.store().equals("b"))).hasSize(4);
        assertThat(running.stream().filter(r -> r.store().equals("c"))).hasSize(4);
    }

    @Test
    void theShareNeverFallsBelowTheFloor() {
        FairIntake<Rec> intake = intake(10, 1000, 4);
        List<Rec> b = records("b", 3, 100);
        records("a", 3, 0).forEach(intake::offer);
        b.forEach(intake::offer);
        records("c", 3, 200).forEach(intake::offer);
        Rec d = new Rec("d", "d/x", 300);
        intake.offer(d);
        Rec e = new Rec("e", "e/x", 400);
        intake.offer(e);
        Rec fourthOfA = new Rec("a", "a/o0", 3);
        intake.offer(fourthOfA);
        assertThat(started).hasSize(10).doesNotContain(e, fourthOfA);

        intake.finished(d);
        assertThat(started.getLast()).isEqualTo(e);
        intake.finished(b.getFirst());

        // Five stores with work would make a share of 2, but a store may always have 4 at once.
        assertThat(started.getLast()).isEqualTo(fourthOfA);
    }

    @Test
    void everyStoreStartsItsRecordsInTheOrderTaken() {
        Random random = new Random(7);
        // Sizes of 1 to 10 and a size bound of 30: the bound by number and the one by size both bite.
        FairIntake<Rec> intake = intake(new FairIntake.Bounds(8, 30, 1000, 1), r -> r.offset() % 10 + 1);
        List<Rec> taken = new ArrayList<>();
        for (int offset = 0; offset < 2000; offset++) {
            Rec rec = new Rec("s" + random.nextInt(5), "k" + random.nextInt(20), offset);
            taken.add(rec);
            intake.offer(rec);
            // finish a random running record now and then, as workers would
            if (!running.isEmpty() && random.nextInt(3) > 0) {
                intake.finished(running.remove(random.nextInt(running.size())));
            }
        }
        while (!running.isEmpty()) {
            intake.finished(running.removeFirst());
        }

        assertThat(started).containsExactlyInAnyOrderElementsOf(taken);
        for (int s = 0; s < 5; s++) {
            String store = "s" + s;
            assertThat(started.stream().filter(r -> r.store().equals(store)).map(Rec::offset).toList())
                    .as("store %s in offset order", store).isSorted();
        }
        assertThat(intake.inFlight()).isZero();
        assertThat(intake.inFlightBytes()).isZero();
        assertThat(intake.parked()).isZero();
    }

    @Test
    void fullOnlyOnceBothBoundsAreReached() {
        FairIntake<Rec> intake = intake(4, 3, 1);
        records("a", 6, 0).forEach(intake::offer);
        assertThat(intake.full()).isFalse();
        intake.offer(new Rec("a", "a/o0", 6));
        assertThat(intake.full()).isTrue();
        intake.finished(started.getFirst());
        assertThat(intake.full()).isFalse();
    }

    @Test
    void largeRecordsReachTheParkedBoundSooner() {
        FairIntake<Rec> intake = intake(2, 2500, 1, r -> r.offset() < 100 ? 100 : 1000);
        records("a", 2, 0).forEach(intake::offer);
        records("a", 20, 0).forEach(intake::offer);
        assertThat(intake.full()).as("20 small ones parked: 2,000 bytes").isFalse();
        records("a", 1, 100).forEach(intake::offer);
        assertThat(intake.full()).as("and a large one: 3,000 bytes").isTrue();
    }

    @Test
    void aBoundOfZeroParksNothingBeyondWhatOnePollBrought() {
        FairIntake<Rec> intake = intake(2, 0, 1);
        records("a", 1, 0).forEach(intake::offer);
        assertThat(intake.full()).as("a place is free").isFalse();
        records("a", 1, 1).forEach(intake::offer);
        assertThat(intake.full()).as("no place free").isTrue();
        intake.finished(started.getFirst());
        assertThat(intake.full()).isFalse();
        records("a", 3, 2).forEach(intake::offer);
        assertThat(intake.parked()).isEqualTo(2);
        assertThat(intake.full()).isTrue();
    }

    @Test
    void recordsInFlightAreBoundedByTheirSizeToo() {
        FairIntake<Rec> intake = intake(new FairIntake.Bounds(10, 1000, 10_000, 10), r -> 300);
        List<Rec> a = records("a", 5, 0);
        a.forEach(intake::offer);
        assertThat(started).containsExactlyElementsOf(a.subList(0, 3));
        assertThat(intake.inFlightBytes()).isEqualTo(900);
        assertThat(intake.parked()).isEqualTo(2);

        intake.finished(a.getFirst());
        assertThat(started).containsExactlyElementsOf(a.subList(0, 4));
        assertThat(intake.inFlightBytes()).isEqualTo(900);
    }

    @Test
    void aRecordThatDoesNotFitIsNotOvertakenBySmallerOnesOfOtherStores() {
        FairIntake<Rec> intake = intake(new FairIntake.Bounds(10, 1000, 10_000, 1), FairIntakeTest::sizeByOffset);
        Rec small = new Rec("a", "a/x", 400);
        Rec large = new Rec("b", "b/x", 1800);
        Rec later = new Rec("c", "c/x", 2100);
        intake.offer(small);
        intake.offer(large);
        intake.offer(later);
        // 100 bytes would fit beside the 400, but the 800 came first: it is not passed over (else a
        // steady flow of small commands could keep a large one waiting for ever).
        assertThat(started).containsExactly(small);

        intake.finished(small);
        assertThat(started).containsExactly(small, large, later);
        assertThat(intake.inFlightBytes()).isEqualTo(900);
    }

    @Test
    void aRecordLargerThanTheWholeBoundRunsAlone() {
        FairIntake<Rec> intake = intake(new FairIntake.Bounds(10, 1000, 10_000, 1), FairIntakeTest::sizeByOffset);
        Rec first = new Rec("a", "a/x", 100);
        Rec huge = new Rec("b", "b/x", 1999); // 999 of a bound of 1000, with the 100 in flight
        Rec after = new Rec("a", "a/y", 2050);
        intake.offer(first);
        intake.offer(huge);
        intake.offer(after);
        assertThat(started).containsExactly(first);
        intake.finished(first);
        assertThat(started).containsExactly(first, huge);

        FairIntake<Rec> tight = intake(new FairIntake.Bounds(10, 10, 10_000, 1), FairIntakeTest::sizeByOffset);
        started.clear();
        Rec larger = new Rec("a", "a/z", 500);
        tight.offer(larger);
        assertThat(started).as("nothing else in flight: it goes, though larger than the bound").containsExactly(larger);
        tight.offer(new Rec("b", "b/z", 1));
        assertThat(started).hasSize(1);
        assertThat(tight.full()).isFalse();
    }

    @Test
    void fullOnceTheSizeInFlightIsReachedAndNothingMayBeParked() {
        FairIntake<Rec> intake = intake(new FairIntake.Bounds(10, 1000, 0, 1), r -> 500);
        records("a", 1, 0).forEach(intake::offer);
        assertThat(intake.full()).as("room for one more").isFalse();
        records("a", 1, 1).forEach(intake::offer);
        assertThat(intake.full()).as("1,000 bytes in flight").isTrue();
        intake.finished(started.getFirst());
        assertThat(intake.full()).isFalse();
    }

    @Test
    void withdrawingAPartitionDropsItsParkedRecordsAndFreesThePlacesOfItsQueuedOnes() {
        FairIntake<Rec> intake = intake(4, 100, 1);
        List<Rec> a = records("a", 6, 0);
        a.forEach(intake::offer);
        // say the even offsets are on the partition taken away, and record 2 had not started
        List<Rec> queuedBack = List.of(a.get(2));
        List<Rec> withdrawn = intake.withdraw(r -> r.offset() % 2 == 0, () -> queuedBack);

        // a.get(4) was parked on that partition: handed back too; a.get(5) takes the freed place
        assertThat(withdrawn).containsExactlyInAnyOrder(a.get(2), a.get(4));
        assertThat(started).endsWith(a.get(5));
        assertThat(intake.inFlight()).isEqualTo(4);
        assertThat(intake.parked()).isZero();
    }
}
