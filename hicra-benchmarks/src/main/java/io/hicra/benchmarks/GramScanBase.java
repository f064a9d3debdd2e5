package io.hicra.benchmarks;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.hicra.core.TokenMask;
import io.hicra.grams.GramMatcher;
import io.hicra.grams.MatchMode;
import io.hicra.grams.MatchSink;
import io.hicra.grams.OffsetUnit;
import io.hicra.grams.TokenAligner;
import java.util.Locale;
import java.util.TreeMap;
import org.ahocorasick.trie.Trie;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/** State and work shared by {@link GramScanBenchmark} and {@link GramScan5kBenchmark}. */
abstract class GramScanBase {
  /** Size of the corpus in millions of chars. */
  static final int MEGABYTES = 16;

  GramBenchData data;
  GramMatcher matcher;
  TokenAligner aligner;
  AhoCorasickDoubleArrayTrie<String> hankcs;
  Trie robertBor;
  TokenMask mask;
  final Counter counter = new Counter();

  abstract boolean large();

  @Setup(Level.Trial)
  public void setUp() {
    data = new GramBenchData(MEGABYTES, large());
    matcher = GramMatcher.of(data.lexicon);
    aligner = TokenAligner.of(matcher);
    TreeMap<String, String> map = new TreeMap<>();
    for (int g = 0; g < data.lexicon.size(); g++) {
      String p = data.lexicon.get(g).phrase().toLowerCase(Locale.ROOT);
      map.put(p, p);
    }
    hankcs = new AhoCorasickDoubleArrayTrie<>();
    hankcs.build(map);
    robertBor = Trie.builder().ignoreCase().onlyWholeWords().addKeywords(data.phrases).build();
    mask = TokenMask.empty(data.layout.tokens());
    System.out.printf(
        Locale.ROOT,
        "%n[grams] %d rollouts, %d chars, %d tokens, %d phrases, %d states, table %.1f MB, "
            + "matches %d (ALL)%n",
        data.rollouts.length, data.chars, data.tokens, data.lexicon.size(), matcher.stateCount(),
        matcher.tableBytes() / 1e6, countAll(matcher, data));
    System.out.printf(
        Locale.ROOT,
        "[grams] planning tokens: hicra %d, hankcs glue %d, robert-bor glue %d%n",
        runHicraMask(), runHankcsMask(), runRobertBorMask());
  }

  static long countAll(GramMatcher m, GramBenchData d) {
    long n = 0;
    for (String r : d.rollouts) {
      n += m.count(r, MatchMode.ALL);
    }
    return n;
  }

  /** Counts matches without allocating. */
  static final class Counter implements MatchSink {
    long count;

    @Override
    public void onMatch(int gramId, int start, int end) {
      count++;
    }
  }

  long runHicraScan() {
    counter.count = 0;
    for (String r : data.rollouts) {
      matcher.scan(r, MatchMode.ALL, counter);
    }
    return counter.count;
  }

  long runHicraMask() {
    mask.clearAll();
    long planned = 0;
    for (int r = 0; r < data.rollouts.length; r++) {
      planned +=
          aligner.markOffsets(
              data.rollouts[r], data.starts[r], data.ends[r], OffsetUnit.UTF16, mask, data.layout,
              r);
    }
    return planned;
  }

  long runHankcs() {
    long[] count = new long[1];
    for (String r : data.rollouts) {
      String lower = r.toLowerCase(Locale.ROOT);
      hankcs.parseText(
          lower,
          (begin, end, value) -> {
            if ((begin == 0 || !Character.isLetterOrDigit(lower.charAt(begin - 1)))
                && (end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
              count[0]++;
            }
          });
    }
    return count[0];
  }

  long runRobertBor() {
    long n = 0;
    for (String r : data.rollouts) {
      n += robertBor.parseText(r).size();
    }
    return n;
  }

  /**
   * The peers' closest equivalent of {@link #runHicraMask}: {@link #runHankcs}'s matches, each
   * mapped onto the rollout's tokens as a user of that library would (binary search for the first
   * token ending after the match starts, then every token starting before it ends), into the same
   * batch mask. The offsets are trusted, not validated.
   */
  long runHankcsMask() {
    mask.clearAll();
    for (int r = 0; r < data.rollouts.length; r++) {
      String lower = data.rollouts[r].toLowerCase(Locale.ROOT);
      int[] starts = data.starts[r];
      int[] ends = data.ends[r];
      int base = data.layout.start(r);
      hankcs.parseText(
          lower,
          (begin, end, value) -> {
            if ((begin == 0 || !Character.isLetterOrDigit(lower.charAt(begin - 1)))
                && (end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
              markSpan(starts, ends, begin, end, mask, base);
            }
          });
    }
    return mask.cardinality();
  }

  /** Like {@link #runHankcsMask} with robert-bor's whole-word, ignore-case matches. */
  long runRobertBorMask() {
    mask.clearAll();
    for (int r = 0; r < data.rollouts.length; r++) {
      int[] starts = data.starts[r];
      int[] ends = data.ends[r];
      int base = data.layout.start(r);
      for (org.ahocorasick.trie.Emit emit : robertBor.parseText(data.rollouts[r])) {
        // robert-bor's ends are inclusive.
        markSpan(starts, ends, emit.getStart(), emit.getEnd() + 1, mask, base);
      }
    }
    return mask.cardinality();
  }

  /**
   * Sets the bits of the tokens ({@code ends} ascending) overlapping {@code [from, to)}: from the
   * first token ending after {@code from}, found by binary search, while tokens start before
   * {@code to}.
   */
  static void markSpan(int[] starts, int[] ends, int from, int to, TokenMask mask, int base) {
    int lo = 0;
    int hi = ends.length;
    while (lo < hi) {
      int m = (lo + hi) >>> 1;
      if (ends[m] <= from) {
        lo = m + 1;
      } else {
        hi = m;
      }
    }
    for (int t = lo; t < starts.length && starts[t] < to; t++) {
      mask.set(base + t);
    }
  }

}
