package io.hicra.cli;

import io.hicra.grams.GramMatch;
import io.hicra.grams.GramMatcher;
import io.hicra.grams.MatchMode;
import io.hicra.grams.StrategicGramSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the {@link PlanningDetector} from a gram set file or the default set (hicra-grams). */
final class Detectors {
  private Detectors() {}

  /** The default gram set when {@code tsv} is null, else the TSV lexicon. */
  static StrategicGramSet gramSet(Path tsv) throws IOException {
    return tsv == null ? StrategicGramSet.defaultSet() : StrategicGramSet.load(tsv);
  }

  static PlanningDetector load(Path tsv) throws IOException {
    return of(gramSet(tsv));
  }

  /**
   * Planning tokens and reported grams from one scan of hicra-grams' {@link GramMatcher} in
   * {@link MatchMode#ALL}:
   *
   * <ul>
   *   <li>a token is a planning token iff its (non-empty) span overlaps any match — the rule of
   *       hicra-grams' {@code TokenAligner};
   *   <li>the reported grams are the leftmost-longest selection of those matches (the match that
   *       starts first, the longest among those, then the next one starting at or after its end)
   *       — {@link MatchMode#LEFTMOST_LONGEST}, so that "wait, let me check" counts once and not
   *       also as "let me check".
   * </ul>
   *
   * Deriving both from one scan halves the matching cost of {@code TokenAligner.align}, which
   * scans once per mode; {@code DetectorOracleTest} checks that the results are identical.
   * Token spans must satisfy hicra-grams' {@code TokenSpans} rules (the parser checks them).
   */
  static PlanningDetector of(StrategicGramSet set) {
    GramMatcher matcher = GramMatcher.of(set);
    return new PlanningDetector() {
      @Override
      public void detect(Rollout r) {
        Collector all = new Collector();
        matcher.scan(r.text, MatchMode.ALL, all);
        int n = all.count;
        boolean[] planning = new boolean[r.tokens];
        markOverlaps(r.tokenStart, r.tokenEnd, all.start, all.end, n, planning);
        r.planning = planning;

        // Leftmost-longest: sort by start, longer first, then take greedily.
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
          order[i] = ((long) all.start[i] << 32) | ((long) (Integer.MAX_VALUE - all.end[i]) & 0xffffffffL);
        }
        int[] idx = sortedIndex(order, all);
        List<GramMatch> chosen = new ArrayList<>();
        int pos = 0;
        for (int k = 0; k < n; k++) {
          int i = idx[k];
          if (all.start[i] >= pos) {
            chosen.add(new GramMatch(all.gram[i], set.get(all.gram[i]), all.start[i], all.end[i]));
            pos = all.end[i];
          }
        }
        Rollout.GramSpan[] out = new Rollout.GramSpan[chosen.size()];
        int[] utf16 = new int[2 * out.length];
        for (int i = 0; i < out.length; i++) {
          utf16[2 * i] = chosen.get(i).start();
          utf16[2 * i + 1] = chosen.get(i).end();
        }
        int[] cps = new int[utf16.length];
        CodePoints.codePointOffsets(r.text, utf16, utf16.length, cps);
        for (int i = 0; i < out.length; i++) {
          GramMatch m = chosen.get(i);
          out[i] = new Rollout.GramSpan(
              m.gramId(), m.gram().phrase(), m.category().name(), cps[2 * i], cps[2 * i + 1]);
        }
        r.grams = out;
        r.matches = chosen;
      }

      @Override
      public int gramCount() {
        return set.size();
      }
    };
  }

  /**
   * Sets {@code planning[t]} for every non-empty token overlapping a match. Non-empty token spans
   * are in text order (starts and ends non-decreasing, hicra-grams' {@code TokenSpans} rules), so
   * the first candidate token of a match is found by binary search and the walk stops at the
   * first non-empty token starting at or after the match's end.
   */
  static void markOverlaps(
      int[] tokStart, int[] tokEnd, int[] mStart, int[] mEnd, int matches, boolean[] planning) {
    int tokens = planning.length;
    if (matches == 0) {
      return;
    }
    // Running maximum of token ends: non-decreasing even with empty tokens anywhere.
    int[] maxEnd = new int[tokens];
    int running = 0;
    for (int t = 0; t < tokens; t++) {
      running = Math.max(running, tokEnd[t]);
      maxEnd[t] = running;
    }
    for (int m = 0; m < matches; m++) {
      int s = mStart[m];
      int e = mEnd[m];
      // Tokens before the first one whose running end exceeds s all end at or before s.
      int lo = 0;
      int hi = tokens;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (maxEnd[mid] <= s) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (int t = lo; t < tokens; t++) {
        if (tokStart[t] < tokEnd[t]) {
          if (tokStart[t] >= e) {
            break;
          }
          if (tokEnd[t] > s) {
            planning[t] = true;
          }
        }
      }
    }
  }

  private static int[] sortedIndex(long[] keys, Collector all) {
    int n = keys.length;
    long[] packed = new long[n];
    // Keys are unique per (start, end); ties of equal spans keep scan order via a stable sort.
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
      packed[i] = keys[i];
    }
    Arrays.sort(idx, (a, b) -> {
      int c = Long.compare(packed[a], packed[b]);
      return c != 0 ? c : Integer.compare(all.gram[a], all.gram[b]);
    });
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** Collects the matches of one scan into growable arrays. */
  static final class Collector implements io.hicra.grams.MatchSink {
    int[] gram = new int[8];
    int[] start = new int[8];
    int[] end = new int[8];
    int count;

    @Override
    public void onMatch(int gramId, int s, int e) {
      if (count == gram.length) {
        gram = Arrays.copyOf(gram, count * 2);
        start = Arrays.copyOf(start, count * 2);
        end = Arrays.copyOf(end, count * 2);
      }
      gram[count] = gramId;
      start[count] = s;
      end[count] = e;
      count++;
    }
  }
}
