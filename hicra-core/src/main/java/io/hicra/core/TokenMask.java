package io.hicra.core;

import java.util.Arrays;

/**
 * A bit per token over all tokens of a batch: the planning mask of HICRA, a response mask, or any
 * other token class. Bit {@code t} belongs to flat token {@code t} of the batch's {@link
 * BatchLayout}; {@link #rollout(BatchLayout, int)} gives a cheap view of one rollout's bits.
 *
 * <p>The mask is a plain mutable bit set of fixed {@link #size()} backed by a {@code long[]}
 * (bit {@code t} is bit {@code t & 63} of word {@code t >>> 6}); bits at or past {@code size()}
 * are always clear. It is not thread-safe while being written; once filled it may be read from
 * any number of threads. Methods that copy say so; {@link #wrap} does not copy.
 */
public final class TokenMask {
  private final long[] words;
  private final int size;

  private TokenMask(long[] words, int size) {
    this.words = words;
    this.size = size;
  }

  /** A mask of {@code size} tokens, all clear. */
  public static TokenMask empty(int size) {
    Checks.nonNegative(size, "size");
    return new TokenMask(new long[wordsFor(size)], size);
  }

  /** A mask of {@code size} tokens with the given token indices set. */
  public static TokenMask of(int size, int... setIndices) {
    TokenMask mask = empty(size);
    Checks.notNull(setIndices, "setIndices");
    for (int i = 0; i < setIndices.length; i++) {
      int t = setIndices[i];
      if (t < 0 || t >= size) {
        throw new IllegalArgumentException(
            "setIndices[" + i + "] = " + t + " is outside [0, " + size + ")");
      }
      mask.set(t);
    }
    return mask;
  }

  /** A mask with bit {@code t} set where {@code bits[t]} is true (copies). */
  public static TokenMask fromBooleans(boolean[] bits) {
    Checks.notNull(bits, "bits");
    TokenMask mask = empty(bits.length);
    for (int t = 0; t < bits.length; t++) {
      if (bits[t]) {
        mask.words[t >>> 6] |= 1L << t;
      }
    }
    return mask;
  }

  /**
   * A mask over {@code words} without copying: later writes through either are seen by both.
   *
   * @throws IllegalArgumentException if {@code words} is not exactly {@code ceil(size / 64)} long
   *     or has a bit set at or past {@code size}
   */
  public static TokenMask wrap(long[] words, int size) {
    Checks.notNull(words, "words");
    Checks.nonNegative(size, "size");
    Checks.sameLength(words.length, wordsFor(size), "words", "ceil(size / 64) for size " + size);
    int tail = size & 63;
    if (tail != 0 && (words[words.length - 1] >>> tail) != 0) {
      throw new IllegalArgumentException(
          "words has bits set at or past size " + size + " in its last word");
    }
    return new TokenMask(words, size);
  }

  /** Like {@link #wrap} but copies {@code words}. */
  public static TokenMask copyOf(long[] words, int size) {
    Checks.notNull(words, "words");
    return wrap(words.clone(), size);
  }

  /** Number of {@code long} words needed for {@code size} bits. */
  public static int wordsFor(int size) {
    return (int) (((long) size + 63) >>> 6);
  }

  /** Number of tokens this mask covers. */
  public int size() {
    return size;
  }

  /** Whether token {@code t} is set. */
  public boolean get(int t) {
    Checks.index(t, size, "token");
    return (words[t >>> 6] & (1L << t)) != 0;
  }

  /** Sets token {@code t}. */
  public void set(int t) {
    Checks.index(t, size, "token");
    words[t >>> 6] |= 1L << t;
  }

  /** Clears token {@code t}. */
  public void clear(int t) {
    Checks.index(t, size, "token");
    words[t >>> 6] &= ~(1L << t);
  }

  /** Sets tokens {@code [from, to)}. */
  public void set(int from, int to) {
    checkRange(from, to);
    if (from == to) {
      return;
    }
    int first = from >>> 6;
    int last = (to - 1) >>> 6;
    long firstMask = -1L << from;
    long lastMask = -1L >>> -to;
    if (first == last) {
      words[first] |= firstMask & lastMask;
      return;
    }
    words[first] |= firstMask;
    for (int w = first + 1; w < last; w++) {
      words[w] = -1L;
    }
    words[last] |= lastMask;
  }

  /** Clears every token. */
  public void clearAll() {
    Arrays.fill(words, 0L);
  }

  /** Sets every token that is set in {@code other} (same size required). */
  public void or(TokenMask other) {
    Checks.notNull(other, "other");
    Checks.sameLength(other.size, size, "other mask", "this mask's size");
    for (int w = 0; w < words.length; w++) {
      words[w] |= other.words[w];
    }
  }

  /** Number of set tokens. */
  public int cardinality() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** Number of set tokens in {@code [from, to)}. */
  public int cardinality(int from, int to) {
    checkRange(from, to);
    if (from == to) {
      return 0;
    }
    int first = from >>> 6;
    int last = (to - 1) >>> 6;
    long firstMask = -1L << from;
    long lastMask = -1L >>> -to;
    if (first == last) {
      return Long.bitCount(words[first] & firstMask & lastMask);
    }
    int n = Long.bitCount(words[first] & firstMask);
    for (int w = first + 1; w < last; w++) {
      n += Long.bitCount(words[w]);
    }
    return n + Long.bitCount(words[last] & lastMask);
  }

  /** The first set token at or after {@code from}, or -1 if there is none. */
  public int nextSetBit(int from) {
    if (from < 0) {
      throw new IndexOutOfBoundsException("from " + from + " is negative");
    }
    if (from >= size) {
      return -1;
    }
    int w = from >>> 6;
    long word = words[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == words.length) {
        return -1;
      }
      word = words[w];
    }
  }

  /**
   * The first clear token at or after {@code from}, or {@link #size()} if every token from there
   * on is set (or {@code from >= size()}).
   */
  public int nextClearBit(int from) {
    if (from < 0) {
      throw new IndexOutOfBoundsException("from " + from + " is negative");
    }
    if (from >= size) {
      return size;
    }
    int w = from >>> 6;
    long clear = ~words[w] & (-1L << from);
    while (true) {
      if (clear != 0) {
        // Bits past size are never set, so a clear one there is size or beyond.
        return Math.min(size, (w << 6) + Long.numberOfTrailingZeros(clear));
      }
      if (++w == words.length) {
        return size;
      }
      clear = ~words[w];
    }
  }

  /** Word {@code w} of the backing array (bits {@code 64w .. 64w + 63}). */
  public long word(int w) {
    return words[w];
  }

  /** Number of words in the backing array. */
  public int wordCount() {
    return words.length;
  }

  /** A copy of the backing words. */
  public long[] toWords() {
    return words.clone();
  }

  /** The mask as one boolean per token (copies). */
  public boolean[] toBooleans() {
    boolean[] out = new boolean[size];
    for (int t = nextSetBit(0); t >= 0; t = nextSetBit(t + 1)) {
      out[t] = true;
    }
    return out;
  }

  /** An independent copy. */
  public TokenMask copy() {
    return new TokenMask(words.clone(), size);
  }

  /**
   * A view of rollout {@code rollout}'s bits; view index {@code j} is flat token {@code
   * layout.start(rollout) + j}. The view shares this mask's storage and allocates nothing else.
   *
   * @throws IllegalArgumentException if the layout's token count differs from this mask's size
   */
  public RolloutMask rollout(BatchLayout layout, int rollout) {
    Checks.notNull(layout, "layout");
    checkCovers(layout, "mask");
    Checks.index(rollout, layout.rollouts(), "rollout");
    return new RolloutMask(this, layout.start(rollout), layout.length(rollout));
  }

  /**
   * Checks that this mask has exactly one bit per token of {@code layout}.
   *
   * @throws IllegalArgumentException naming {@code name} and both sizes otherwise
   */
  public void checkCovers(BatchLayout layout, String name) {
    if (size != layout.tokens()) {
      throw new IllegalArgumentException(
          name + " covers " + size + " tokens but the layout has " + layout.tokens());
    }
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException(
          "range [" + from + ", " + to + ") is not inside [0, " + size + ")");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenMask)) {
      return false;
    }
    TokenMask other = (TokenMask) o;
    return size == other.size && Arrays.equals(words, other.words);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "TokenMask{size=" + size + ", set=" + cardinality() + "}";
  }

  /** One rollout's bits of a {@link TokenMask}: a view, not a copy. */
  public static final class RolloutMask {
    private final TokenMask mask;
    private final int start;
    private final int length;

    RolloutMask(TokenMask mask, int start, int length) {
      this.mask = mask;
      this.start = start;
      this.length = length;
    }

    /** Number of tokens in the rollout. */
    public int length() {
      return length;
    }

    /** Index of the rollout's first token in the batch. */
    public int start() {
      return start;
    }

    /** Whether the rollout's token {@code j} is set. */
    public boolean get(int j) {
      Checks.index(j, length, "token");
      return mask.get(start + j);
    }

    /** Sets the rollout's token {@code j}. */
    public void set(int j) {
      Checks.index(j, length, "token");
      mask.set(start + j);
    }

    /** Sets the rollout's tokens {@code [from, to)}. */
    public void set(int from, int to) {
      if (from < 0 || to > length || from > to) {
        throw new IndexOutOfBoundsException(
            "range [" + from + ", " + to + ") is not inside [0, " + length + ")");
      }
      mask.set(start + from, start + to);
    }

    /** Number of set tokens in the rollout. */
    public int cardinality() {
      return mask.cardinality(start, start + length);
    }

    /** The first set token of the rollout at or after {@code j}, or -1. */
    public int nextSetBit(int j) {
      if (j < 0) {
        throw new IndexOutOfBoundsException("from " + j + " is negative");
      }
      if (j >= length) {
        return -1;
      }
      int t = mask.nextSetBit(start + j);
      return t >= 0 && t < start + length ? t - start : -1;
    }

    /** The rollout's bits as booleans (copies). */
    public boolean[] toBooleans() {
      boolean[] out = new boolean[length];
      for (int j = nextSetBit(0); j >= 0; j = nextSetBit(j + 1)) {
        out[j] = true;
      }
      return out;
    }

    @Override
    public String toString() {
      return "RolloutMask{start=" + start + ", length=" + length + ", set=" + cardinality() + "}";
    }
  }
}
