package io.hicra.metrics;

/**
 * Counts of {@code (int group, long hash)} pairs in an open-addressing table with linear probing;
 * no boxing, grows by doubling at 50% load. Single-threaded.
 */
final class PairCounter {
  private int[] groups;
  private long[] hashes;
  private int[] counts;
  private int size;
  private int mask;

  PairCounter(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    alloc(cap);
  }

  private void alloc(int cap) {
    groups = new int[cap];
    hashes = new long[cap];
    counts = new int[cap];
    mask = cap - 1;
  }

  void add(int group, long hash) {
    add(group, hash, 1);
  }

  /** Adds {@code count > 0} occurrences of a pair. */
  void add(int group, long hash, int count) {
    int slot = slot(group, hash);
    while (true) {
      if (counts[slot] == 0) {
        groups[slot] = group;
        hashes[slot] = hash;
        counts[slot] = count;
        if (++size * 2 > counts.length) {
          grow();
        }
        return;
      }
      if (hashes[slot] == hash && groups[slot] == group) {
        counts[slot] += count;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int slot(int group, long hash) {
    long h = hash ^ (group * 0x9E3779B97F4A7C15L);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h & mask;
  }

  private void grow() {
    int[] og = groups;
    long[] oh = hashes;
    int[] oc = counts;
    alloc(oc.length * 2);
    for (int i = 0; i < oc.length; i++) {
      if (oc[i] != 0) {
        int slot = slot(og[i], oh[i]);
        while (counts[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        groups[slot] = og[i];
        hashes[slot] = oh[i];
        counts[slot] = oc[i];
      }
    }
  }

  /** Number of distinct pairs. */
  int size() {
    return size;
  }

  /** Table capacity: iterate slots {@code [0, capacity())} and skip count 0. */
  int capacity() {
    return counts.length;
  }

  int count(int slot) {
    return counts[slot];
  }

  int group(int slot) {
    return groups[slot];
  }

  long hash(int slot) {
    return hashes[slot];
  }
}
