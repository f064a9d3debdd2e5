package io.hicra.metrics;

import io.hicra.grams.GramMatch;
import io.hicra.grams.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Conditional entropy of the procedural n-gram that follows a Strategic Gram, given that gram
 * (paper §2.2.2: "how varied the subsequent procedural steps are for a preceding strategic
 * move"; it stays flat while semantic entropy rises).
 *
 * <p>For each Strategic Gram occurrence {@code s} in a rollout's text, its <b>procedural
 * n-gram</b> {@code p} is the first {@code n} words (default 3) after the gram that lie outside
 * every gram match of the rollout, stopping at the start of the next Strategic Gram (a match that
 * starts at or after this one's end) or the end of the text; fewer than {@code n} words are kept
 * as a shorter n-gram, none makes the occurrence <i>unpaired</i>. Words: a maximal run of word
 * chars (letters, digits, combining marks; {@link TextNormalizer#isWordCodePoint}) or one other
 * non-space char (so {@code "x = 2,"} is the four words {@code x}, {@code =}, {@code 2}, {@code
 * ,}), compared case-folded ({@link TextNormalizer#foldCodePoint}). Words inside an overlapping
 * match are skipped. With {@code c(s, p)} the pair counts and {@code N} pairs:
 *
 * <pre>
 * H(P | S) = Σ_s p(s) · H(P | S = s) = H(S, P) − H(S)        (nats; bits on request)
 * </pre>
 *
 * <p>The strategic side is grouped like {@link SemanticEntropy} ({@link GramGrouping}, default by
 * phrase); {@link ConditionalEntropyResult#perGram()} gives {@code H(P | S = s)} per outcome. A
 * batch without pairs gives 0 for every entropy.
 *
 * <p>Implementation: one pass over the match lists, each occurrence reading at most {@code n}
 * words of text after it; n-grams are counted by a 64-bit hash of their folded words in
 * an open-addressing table (no string is built). Two different n-grams collide with probability
 * about {@code 2^-64} per pair, {@code < 10^-7} for a million distinct n-grams. Matches need not
 * be sorted; spans are UTF-16 char indices of the rollout's text. Immutable and thread-safe.
 */
public final class ConditionalGramEntropy {
  /** Default procedural n-gram length: 3 words. */
  public static final int DEFAULT_N = 3;

  private static final ConditionalGramEntropy DEFAULTS = builder().build();

  private final GramGrouping grouping;
  private final int n;
  private final boolean successfulOnly;
  private final EntropyUnit unit;

  private ConditionalGramEntropy(Builder b) {
    this.grouping = b.grouping;
    this.n = b.n;
    this.successfulOnly = b.successfulOnly;
    this.unit = b.unit;
  }

  /** By phrase, 3-word procedural n-grams, all rollouts, nats. */
  public static ConditionalGramEntropy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The procedural n-gram length in words. */
  public int n() {
    return n;
  }

  /**
   * {@code H(P | S)} over a batch; reads its texts and matches (and correctness with {@code
   * successfulOnly}).
   *
   * @throws IllegalArgumentException if a match is null or its span exceeds its text (names the
   *     rollout, the match index and the span), or {@code successfulOnly} is set and the batch has
   *     no correct flags or rewards
   */
  public ConditionalEntropyResult compute(RolloutBatch batch) {
    Checks.notNull(batch, "batch");
    if (successfulOnly && !batch.hasCorrect()) {
      throw new IllegalArgumentException(
          "successfulOnly needs the batch's correct flags or rewards");
    }
    long occurrences = 0;
    for (int r = 0; r < batch.rollouts(); r++) {
      occurrences += batch.matches(r).size();
    }
    Pairing pairing = new Pairing(grouping.newKeyer(), (int) Math.min(occurrences, 1 << 20), n);
    for (int r = 0; r < batch.rollouts(); r++) {
      if (successfulOnly && !batch.correct(r)) {
        continue;
      }
      List<GramMatch> ms = batch.matches(r);
      if (!ms.isEmpty()) {
        pairing.add(r, ms, batch.text(r));
      }
    }
    return summarize(pairing.keyer, pairing.pairs, pairing.paired, pairing.unpaired);
  }

  /**
   * The (strategic key, procedural n-gram) pairs of a batch, counted rollout by rollout. One
   * rollout's work is a method of its own (called once per rollout, so the JIT compiles it as a
   * method, once, rather than the batch loop by on-stack replacement at each of its loops).
   */
  private static final class Pairing {
    final GramGrouping.Keyer keyer;
    final PairCounter pairs;
    final int n;
    long paired;
    long unpaired;
    private int[] starts = new int[16];
    private int[] prefixMaxEnd = new int[16];
    private long[] order = new long[16];

    Pairing(GramGrouping.Keyer keyer, int expectedPairs, int n) {
      this.keyer = keyer;
      this.pairs = new PairCounter(expectedPairs);
      this.n = n;
    }

    /** Counts the pairs of rollout {@code r}: its {@code m >= 1} matches over {@code text}. */
    void add(int r, List<GramMatch> ms, String text) {
      int m = ms.size();
      if (order.length < m) {
        int len = Math.max(m, order.length * 2);
        starts = new int[len];
        prefixMaxEnd = new int[len];
        order = new long[len];
      }
      int[] starts = this.starts;
      int[] prefixMaxEnd = this.prefixMaxEnd;
      long[] order = this.order;
      int textLength = text == null ? Integer.MAX_VALUE : text.length();
      // Non-empty matches sorted by start: (start << 32 | index); matchers emit them sorted, so
      // the sort is skipped when they already are.
      int ne = 0;
      boolean sorted = true;
      for (int i = 0; i < m; i++) {
        GramMatch g = ms.get(i);
        if (g == null) {
          throw new IllegalArgumentException("matches[" + r + "][" + i + "] is null");
        }
        if (g.end() > textLength) {
          throw new IllegalArgumentException("matches[" + r + "][" + i + "] span [" + g.start()
              + ", " + g.end() + ") exceeds the text's length " + textLength);
        }
        if (g.end() > g.start()) {
          long key = ((long) g.start() << 32) | i;
          sorted &= ne == 0 || order[ne - 1] <= key;
          order[ne++] = key;
        }
      }
      if (!sorted) {
        Arrays.sort(order, 0, ne);
      }
      int maxEnd = 0;
      for (int j = 0; j < ne; j++) {
        GramMatch g = ms.get((int) order[j]);
        starts[j] = g.start();
        maxEnd = Math.max(maxEnd, g.end());
        prefixMaxEnd[j] = maxEnd;
      }
      // p = first sorted start >= the match's end, found by walking from the previous match's p:
      // O(1) per match when matches come sorted (the usual case), correct in any order.
      int p = 0;
      for (int i = 0; i < m; i++) {
        GramMatch g = ms.get(i);
        int s = keyer.key(g);
        if (text == null) {
          unpaired++;
          continue;
        }
        int end = g.end();
        while (p < ne && starts[p] < end) {
          p++;
        }
        while (p > 0 && starts[p - 1] >= end) {
          p--;
        }
        int from = p > 0 ? Math.max(end, prefixMaxEnd[p - 1]) : end;
        int limit = p < ne ? starts[p] : text.length();
        long h = ngramHash(text, from, limit, n);
        if (h == NO_WORDS) {
          unpaired++;
        } else {
          pairs.add(s, h);
          paired++;
        }
      }
    }
  }

  private ConditionalEntropyResult summarize(
      GramGrouping.Keyer keyer, PairCounter pairs, long paired, long unpaired) {
    if (paired == 0) {
      return new ConditionalEntropyResult(0, 0, 0, 0, 0, unpaired, unit, List.of());
    }
    int keys = keyer.keyCount();
    long[] ns = new long[keys];
    double[] clogc = new double[keys];
    int[] distinct = new int[keys];
    double jointClogc = 0;
    // Marginal counts of the procedural n-grams, summed over the distinct pairs (not occurrences).
    PairCounter followers = new PairCounter(pairs.size());
    for (int slot = 0; slot < pairs.capacity(); slot++) {
      int c = pairs.count(slot);
      if (c != 0) {
        followers.add(0, pairs.hash(slot), c);
        int s = pairs.group(slot);
        double x = c * Math.log(c);
        ns[s] += c;
        clogc[s] += x;
        distinct[s]++;
        jointClogc += x;
      }
    }
    double followersClogc = 0;
    for (int slot = 0; slot < followers.capacity(); slot++) {
      int c = followers.count(slot);
      if (c != 0) {
        followersClogc += c * Math.log(c);
      }
    }
    double total = paired;
    double joint = fromClogc(jointClogc, total);
    double procedural = fromClogc(followersClogc, total);
    double strategic = Entropy.ofCounts(ns);
    double conditional = 0;
    List<StrategicBreakdown> rows = new ArrayList<>();
    for (int s = 0; s < keys; s++) {
      if (ns[s] == 0) {
        continue;
      }
      double hs = fromClogc(clogc[s], ns[s]);
      conditional += ns[s] / total * hs;
      rows.add(new StrategicBreakdown(keyer.label(s), ns[s], distinct[s], unit.fromNats(hs)));
    }
    rows.sort(Comparator.comparingLong(StrategicBreakdown::pairs).reversed()
        .thenComparing(StrategicBreakdown::label));
    return new ConditionalEntropyResult(
        unit.fromNats(conditional),
        unit.fromNats(strategic),
        unit.fromNats(procedural),
        unit.fromNats(joint),
        paired,
        unpaired,
        unit,
        rows);
  }

  /** {@code ln N − (Σ c ln c) / N}, clamped at 0 against rounding. */
  private static double fromClogc(double clogc, double total) {
    double h = Math.log(total) - clogc / total;
    return h > 0 ? h : 0.0;
  }

  static final long NO_WORDS = 0L;

  /**
   * Hash of the first {@code n} words of {@code text[from, limit)}, {@link #NO_WORDS} if it has
   * none. Word hashes are chained in order, so "a b" and "b a" differ, and the word count is mixed
   * in last.
   */
  static long ngramHash(String text, int from, int limit, int n) {
    int i = from;
    int words = 0;
    long h = 0x243F6A8885A308D3L;
    while (words < n && i < limit) {
      char c = text.charAt(i);
      int cp = c;
      int len = 1;
      boolean word;
      if (Character.isSurrogate(c)) {
        cp = text.codePointAt(i);
        len = Character.charCount(cp);
        word = TextNormalizer.isWordCodePoint(cp);
      } else {
        if (TextNormalizer.isSpace(c)) {
          i++;
          continue;
        }
        word = TextNormalizer.isWordChar(c);
      }
      long w;
      if (word) {
        w = 0x13198A2E03707344L;
        int j = i;
        while (j < limit) {
          char d = text.charAt(j);
          if (!Character.isSurrogate(d)) {
            if (!TextNormalizer.isWordChar(d)) {
              break;
            }
            w = (w ^ TextNormalizer.fold(d)) * 0x100000001B3L;
            j++;
          } else {
            int e = text.codePointAt(j);
            if (!TextNormalizer.isWordCodePoint(e)) {
              break;
            }
            w = (w ^ TextNormalizer.foldCodePoint(e)) * 0x100000001B3L;
            j += Character.charCount(e);
          }
        }
        i = j;
      } else {
        w = (0xA4093822299F31D0L ^ TextNormalizer.foldCodePoint(cp)) * 0x100000001B3L;
        i += len;
      }
      h = mix(h ^ mix(w));
      words++;
    }
    if (words == 0) {
      return NO_WORDS;
    }
    long out = mix(h + words);
    return out == NO_WORDS ? 1L : out;
  }

  /** The SplitMix64 / MurmurHash3 finaliser: a bijection that spreads every input bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "ConditionalGramEntropy{grouping=" + grouping.name() + ", n=" + n
        + ", successfulOnly=" + successfulOnly + ", unit=" + unit.label() + "}";
  }

  /** Options of {@link ConditionalGramEntropy}. */
  public static final class Builder {
    private GramGrouping grouping = GramGrouping.byPhrase();
    private int n = DEFAULT_N;
    private boolean successfulOnly;
    private EntropyUnit unit = EntropyUnit.NATS;

    private Builder() {}

    /** How strategic grams are grouped into outcomes; default by phrase. */
    public Builder grouping(GramGrouping grouping) {
      this.grouping = Checks.notNull(grouping, "grouping");
      return this;
    }

    /** Procedural n-gram length in words, {@code >= 1}; default 3. */
    public Builder ngram(int n) {
      this.n = Checks.positive(n, "n");
      return this;
    }

    /** Count only correct rollouts; default false. */
    public Builder successfulOnly(boolean successfulOnly) {
      this.successfulOnly = successfulOnly;
      return this;
    }

    /** Unit of the result; default nats. */
    public Builder unit(EntropyUnit unit) {
      this.unit = Checks.notNull(unit, "unit");
      return this;
    }

    /** The immutable calculator. */
    public ConditionalGramEntropy build() {
      return new ConditionalGramEntropy(this);
    }
  }
}
