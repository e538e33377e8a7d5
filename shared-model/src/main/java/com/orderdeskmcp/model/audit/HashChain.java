package com.orderdeskmcp.model.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.orderdeskmcp.model.json.JsonCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tamper evidence for the audit log: each event's hash covers its stream, position, type and
 * payload and the hash of the event before it in the same stream, so altering, removing,
 * inserting or reordering an event breaks the chain from that event on. Pure functions.
 *
 * <p>An auditor can recompute it without our code:
 * <pre>
 *   hash(n) = hex(SHA-256(UTF-8( hash(n-1) + "\n" + stream + "\n" + n + "\n" + type + "\n" + canonical(payload) )))
 *   hash(-1) = 64 zeros ("0000...0000")
 *   canonical(json) = the JSON with every object's keys sorted (by UTF-16 code units, as Java sorts
 *                     strings), no insignificant whitespace, strings and numbers as Jackson writes them
 * </pre>
 * The worker stores each event's payload as exactly {@code UTF-8(canonical(payload))}, so those
 * stored bytes can be hashed as they are; events stored before it did so (in the serializer's key
 * order) are put in canonical form first. The formula is the same for both.
 */
public final class HashChain {

    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** One stored event, as the verifier reads it back: its payload is the stored bytes (UTF-8 JSON). */
    public record Link(String stream, long sequence, String type, byte[] payload, String hash) {
    }

    /** What is wrong, and where: the first event whose hash does not follow from what precedes it. */
    public record Break(String stream, long sequence, String problem) {
    }

    public static String hash(String previousHash, String stream, long sequence, String type, JsonNode payload) {
        return hashOfCanonical(previousHash, stream, sequence, type, canonical(payload).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The formula's hash for a caller that has {@code UTF-8(canonical(payload))} already (the worker
     * stores those bytes). The prefix ends in a newline, so its UTF-8 followed by the payload's is the
     * UTF-8 of the whole material.
     */
    public static String hashOfCanonical(String previousHash, String stream, long sequence, String type,
                                         byte[] canonicalPayload) {
        MessageDigest digest = sha256();
        digest.update(prefix(previousHash, stream, sequence, type).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(canonicalPayload));
    }

    /**
     * Whether {@code link}'s recorded hash follows from {@code previousHash} and its content by the
     * formula. Events written since the worker stores each payload as its canonical JSON match on the
     * stored bytes as they are: a SHA-256 of them, no parsing (if those bytes give the recorded hash,
     * they are the canonical JSON that was hashed). Anything else (older events, whose stored JSON is
     * not in canonical order, and every altered one) is parsed and put in canonical form, as the
     * formula says, before it is rejected.
     */
    public static boolean follows(String previousHash, Link link) {
        if (followsAsStored(previousHash, link)) {
            return true;
        }
        JsonNode payload;
        try {
            payload = JsonCodec.mapper().readTree(link.payload());
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: cannot be what was hashed
        }
        return payload != null && hash(previousHash, link.stream(), link.sequence(), link.type(), payload).equals(link.hash());
    }

    /** Whether the stored bytes as they are give the recorded hash: the canonical JSON that was hashed. */
    public static boolean followsAsStored(String previousHash, Link link) {
        return hashOfCanonical(previousHash, link.stream(), link.sequence(), link.type(), link.payload())
                .equals(link.hash());
    }

    private static String prefix(String previousHash, String stream, long sequence, String type) {
        return previousHash + "\n" + stream + "\n" + sequence + "\n" + type + "\n";
    }

    /** The canonical JSON of the formula above: every object's keys sorted, compact, as Jackson writes it. */
    public static String canonical(JsonNode json) {
        try {
            return CANONICAL.writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the payload", e);
        }
    }

    /**
     * Jackson writes each object's properties through a TreeMap of its keys (String's natural, UTF-16
     * order) when asked to: the sorted form without a sorted copy of the tree.
     */
    private static final ObjectWriter CANONICAL = JsonCodec.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /**
     * Walks one stream in stored order and names the first event that was altered, removed,
     * inserted or reordered, or nothing if the chain holds.
     */
    public static Optional<Break> verify(List<Link> stream) {
        String previous = GENESIS;
        long expected = 0;
        for (Link link : stream) {
            if (link.sequence() != expected) {
                return Optional.of(new Break(link.stream(), link.sequence(), link.sequence() > expected
                        ? "event " + expected + " is missing (removed)"
                        : "event " + link.sequence() + " is out of place (inserted or reordered)"));
            }
            if (!follows(previous, link)) {
                return Optional.of(new Break(link.stream(), link.sequence(),
                        "hash does not match its content and predecessor (altered, inserted or reordered)"));
            }
            previous = link.hash();
            expected++;
        }
        return Optional.empty();
    }

    /** Verifies many streams at once; the input is every event, in stream then sequence order. */
    public static List<Break> verifyAll(List<Link> events) {
        List<Break> breaks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= events.size(); i++) {
            if (i == events.size() || !events.get(i).stream().equals(events.get(start).stream())) {
                verify(events.subList(start, i)).ifPresent(breaks::add);
                start = i;
            }
        }
        return breaks;
    }
}
