package com.orderdeskmcp.front.audit;

import java.util.Arrays;

/**
 * How many terminal events each mutation id has, for the completeness check over the whole event
 * store: an open-addressing table of 64-bit fingerprints and counts (about 20 bytes per mutation
 * instead of a map entry's hundred), so a million events fit in a small heap. Two ids share a
 * fingerprint with probability about n²/2⁶⁵ (3·10⁻⁸ for a million), which would show a missing
 * event as present; the chain check does not depend on it. Not thread-safe.
 */
final class MutationCounts {

    private long[] keys = new long[1 << 12];
    private int[] counts = new int[1 << 12];
    private int size;

    void add(String mutationId) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long key = fingerprint(mutationId);
        int slot = slot(key, keys);
        if (counts[slot] == 0) {
            keys[slot] = key;
            size++;
        }
        counts[slot]++;
    }

    int count(String mutationId) {
        long key = fingerprint(mutationId);
        int slot = slot(key, keys);
        return counts[slot];
    }

    private static int slot(long key, long[] keys) {
        int mask = keys.length - 1;
        int at = (int) (key ^ (key >>> 32)) & mask;
        while (keys[at] != key && keys[at] != 0) {
            at = (at + 1) & mask;
        }
        return at;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = slot(oldKeys[i], keys);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then a 64-bit finaliser; never 0 (0 marks a free slot). */
    static long fingerprint(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    @Override
    public String toString() {
        return "MutationCounts[" + size + " ids, " + Arrays.stream(counts).filter(c -> c > 1).count() + " repeated]";
    }
}
