package io.hicra.grams;

import java.util.Arrays;

/**
 * Streaming document frequencies of word n-grams in bounded memory: the counting stage of {@link
 * GramMiner}. Feed documents one at a time with {@link #accept}; merge counters of separate
 * partitions (threads, Spark tasks) with {@link #merge}.
 *
 * <h2>Words and n-grams</h2>
 *
 * A document is normalised like any text ({@link TextNormalizer}). A word is a run of letters
 * and combining marks, with apostrophes and hyphens allowed between letters ("let's",
 * "double-check"); a comma right after a word stays attached to it ("wait, let me check" is a
 * 4-gram). N-grams never cross a line break, sentence punctuation (. ! ? ; :), brackets, math or
 * LaTeX symbols, or a token holding digits: strategic phrases are prose. Each n-gram counts once
 * per document.
 *
 * <h2>Bounded memory</h2>
 *
 * At most {@code maxTracked} n-grams are held. When the table overflows, the n-grams with the
 * lowest counts are dropped until half of it remains (lossy counting). An n-gram first seen after
 * a prune starts with an uncertainty {@code delta} equal to the highest count pruned so far, so
 * for every tracked n-gram the true document frequency lies in {@code [count, count + delta]}
 * and {@link #undercountBound()} bounds every {@code delta}. Frequent n-grams (those above the
 * bound) are never lost. Memory: about {@code 16 * 2 * maxTracked} bytes of table plus the
 * n-gram strings (about 60-90 bytes each), i.e. roughly 100-130 bytes per tracked n-gram; the
 * default {@code 500,000} takes about 60 MB whatever the corpus size.
 *
 * <p>Not thread-safe: use one counter per thread and merge them.
 */
public final class NgramCounter {
  private static final long M1 = 0x9E3779B97F4A7C15L;

  private final int minN;
  private final int maxN;
  private final int maxTracked;
  private final int baseCapacity;

  private long[] keys;
  private int[] counts;
  private int[] deltas;
  private String[] phrases;
  private int size;
  private int floor;
  private long documents;

  private String[] words = new String[256];
  private long[] wordHashes = new long[256];
  private int[] segment = new int[256];
  private long[] seen = new long[1024];
  private int[] seenStamp = new int[1024];
  private int stamp;
  private final StringBuilder word = new StringBuilder();

  NgramCounter(int minN, int maxN, int maxTracked) {
    this.minN = minN;
    this.maxN = maxN;
    this.maxTracked = maxTracked;
    int cap = Integer.highestOneBit(Math.max(16, maxTracked) * 2 - 1) << 1;
    baseCapacity = cap;
    keys = new long[cap];
    counts = new int[cap];
    deltas = new int[cap];
    phrases = new String[cap];
  }

  /** Number of documents accepted (merged ones included). */
  public long documents() {
    return documents;
  }

  /** Number of n-grams currently tracked. */
  public int tracked() {
    return size;
  }

  /** The most any tracked n-gram's count may be short of its true document frequency. */
  public long undercountBound() {
    return floor;
  }

  /**
   * Counts the n-grams of one document. A null or empty document counts as a document without
   * n-grams.
   */
  public void accept(CharSequence document) {
    documents++;
    if (document == null || document.length() == 0) {
      return;
    }
    int nWords = splitWords(document);
    if (++stamp == 0) {
      Arrays.fill(seenStamp, 0);
      stamp = 1;
    }
    ensureSeen(nWords * (maxN - minN + 1));
    for (int i = 0; i < nWords; i++) {
      long h = 0;
      for (int n = 1; n <= maxN && i + n <= nWords; n++) {
        int w = i + n - 1;
        if (segment[w] != segment[i]) {
          break;
        }
        h = mix(h + wordHashes[w] * M1 + n);
        if (n >= minN && firstInDocument(h)) {
          add(h, i, n);
        }
      }
    }
  }

  /**
   * Adds {@code other}'s counts into this counter (the other is unchanged). Both must count the
   * same n-gram sizes.
   *
   * @throws IllegalArgumentException if {@code other} is null or counts other sizes
   */
  public void merge(NgramCounter other) {
    if (other == null) {
      throw new IllegalArgumentException("other must not be null");
    }
    if (other == this) {
      throw new IllegalArgumentException("a counter cannot be merged into itself");
    }
    if (other.minN != minN || other.maxN != maxN) {
      throw new IllegalArgumentException(
          "other counts " + other.minN + ".." + other.maxN + "-grams but this counts " + minN
              + ".." + maxN);
    }
    long needed = (long) size + other.size;
    int cap = keys.length;
    while (cap < needed * 2) {
      cap <<= 1;
    }
    if (cap != keys.length) {
      rehash(cap);
    }
    int myFloor = floor;
    int otherFloor = other.floor;
    boolean[] touched = new boolean[keys.length];
    for (int j = 0; j < other.keys.length; j++) {
      if (other.phrases[j] == null) {
        continue;
      }
      int slot = find(other.keys[j]);
      if (phrases[slot] != null) {
        counts[slot] += other.counts[j];
        deltas[slot] += other.deltas[j];
      } else {
        keys[slot] = other.keys[j];
        counts[slot] = other.counts[j];
        deltas[slot] = other.deltas[j] + myFloor;
        phrases[slot] = other.phrases[j];
        size++;
      }
      touched[slot] = true;
    }
    for (int j = 0; j < keys.length; j++) {
      if (phrases[j] != null && !touched[j]) {
        deltas[j] += otherFloor;
      }
    }
    floor = myFloor + otherFloor;
    documents += other.documents;
    if (size > maxTracked) {
      prune();
    } else if (keys.length != baseCapacity && size * 2L <= baseCapacity) {
      rehash(baseCapacity);
    }
  }

  /**
   * The tracked count of {@code phrase} (normalised first), 0 if it is not tracked. The true
   * document frequency is at most {@link #undercountBound()} higher.
   */
  public long documentFrequency(String phrase) {
    if (phrase == null) {
      return 0;
    }
    String key = TextNormalizer.normalize(phrase);
    // The word buffers are only used inside accept(), so a look-up may reuse them.
    int n = splitWords(key);
    long h = 0;
    for (int w = 0; w < n; w++) {
      h = mix(h + wordHashes[w] * M1 + (w + 1));
    }
    int slot = find(h);
    return phrases[slot] != null && phrases[slot].equals(key) ? counts[slot] : 0;
  }

  void checkSizes(int min, int max) {
    if (min != minN || max != maxN) {
      throw new IllegalArgumentException(
          "counter counts " + minN + ".." + maxN + "-grams but the miner expects " + min + ".."
              + max);
    }
  }

  /** Calls {@code visitor} for every tracked n-gram. */
  void forEach(EntryVisitor visitor) {
    for (int j = 0; j < keys.length; j++) {
      if (phrases[j] != null) {
        visitor.visit(phrases[j], counts[j], deltas[j]);
      }
    }
  }

  /** One tracked n-gram: its phrase, count and uncertainty. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(String phrase, int count, int delta);
  }

  private void add(long h, int firstWord, int n) {
    int slot = find(h);
    if (phrases[slot] != null) {
      counts[slot]++;
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (int w = firstWord; w < firstWord + n; w++) {
      if (w > firstWord) {
        sb.append(' ');
      }
      sb.append(words[w]);
    }
    keys[slot] = h;
    counts[slot] = 1;
    deltas[slot] = floor;
    phrases[slot] = sb.toString();
    size++;
    if (size > maxTracked) {
      prune();
    }
  }

  private int find(long h) {
    int mask = keys.length - 1;
    int slot = (int) (h ^ (h >>> 32)) & mask;
    while (phrases[slot] != null && keys[slot] != h) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Drops the lowest-count n-grams until at most half of {@code maxTracked} remain. */
  private void prune() {
    int keep = Math.max(1, maxTracked / 2);
    int[] est = new int[size];
    int k = 0;
    for (int j = 0; j < keys.length; j++) {
      if (phrases[j] != null) {
        est[k++] = counts[j] + deltas[j];
      }
    }
    Arrays.sort(est);
    int threshold = est[size - keep - 1];
    for (int j = 0; j < keys.length; j++) {
      if (phrases[j] != null && counts[j] + deltas[j] <= threshold) {
        phrases[j] = null;
        size--;
      }
    }
    floor = Math.max(floor, threshold);
    rehash(baseCapacity);
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    int[] oldDeltas = deltas;
    String[] oldPhrases = phrases;
    keys = new long[capacity];
    counts = new int[capacity];
    deltas = new int[capacity];
    phrases = new String[capacity];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldPhrases[j] != null) {
        int slot = find(oldKeys[j]);
        keys[slot] = oldKeys[j];
        counts[slot] = oldCounts[j];
        deltas[slot] = oldDeltas[j];
        phrases[slot] = oldPhrases[j];
      }
    }
  }

  private void ensureSeen(int needed) {
    int cap = seen.length;
    while (cap < needed * 2) {
      cap <<= 1;
    }
    if (cap != seen.length) {
      seen = new long[cap];
      seenStamp = new int[cap];
    }
  }

  /** Whether {@code h} is new in the current document (and records it). */
  private boolean firstInDocument(long h) {
    int mask = seen.length - 1;
    int slot = (int) (h ^ (h >>> 29)) & mask;
    while (seenStamp[slot] == stamp) {
      if (seen[slot] == h) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    seenStamp[slot] = stamp;
    seen[slot] = h;
    return true;
  }

  /** Splits into words; returns the count and fills words, wordHashes and segment. */
  int splitWords(CharSequence text) {
    int n = text.length();
    int count = 0;
    int seg = 0;
    word.setLength(0);
    boolean digits = false;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '\n';
      boolean letter = TextNormalizer.isWordChar(c) && !Character.isDigit(c);
      if (Character.isHighSurrogate(c) && i + 1 < n) {
        int cp = Character.toCodePoint(c, text.charAt(i + 1));
        if (Character.isLetter(cp)) {
          int f = TextNormalizer.foldCodePoint(cp);
          word.appendCodePoint(f);
          i++;
          continue;
        }
      }
      if (letter) {
        word.append(TextNormalizer.fold(c));
        continue;
      }
      if (Character.isDigit(c)) {
        digits = true;
        word.append(c);
        continue;
      }
      char f = TextNormalizer.fold(c);
      if ((f == '\'' || f == '-')
          && word.length() > 0
          && i + 1 < n
          && TextNormalizer.isWordChar(text.charAt(i + 1))) {
        word.append(f);
        continue;
      }
      // c ends the current word.
      if (word.length() > 0) {
        if (digits) {
          seg++;
        } else {
          if (f == ',') {
            word.append(',');
          }
          if (count == words.length) {
            words = Arrays.copyOf(words, count * 2);
            wordHashes = Arrays.copyOf(wordHashes, count * 2);
            segment = Arrays.copyOf(segment, count * 2);
          }
          String w = word.toString();
          words[count] = w;
          wordHashes[count] = hash(w);
          segment[count] = seg;
          count++;
        }
        word.setLength(0);
        digits = false;
      }
      if (f == ',' || (f == ' ' && c != '\n' && c != '\r')) {
        continue;
      }
      seg++;
    }
    return count;
  }

  private static long hash(String s) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
