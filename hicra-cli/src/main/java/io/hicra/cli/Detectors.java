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
    return tsv == null ? of(GramMatcher.defaultMatcher()) : of(GramMatcher.of(gramSet(tsv)));
  }

  static PlanningDetector of(StrategicGramSet set) {
    return of(GramMatcher.of(set));
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
  static PlanningDetector of(GramMatcher matcher) {
    StrategicGramSet set = matcher.grams();
    return new PlanningDetector() {
      @Override
      public void detect(Rollout r) {
        Collector all = new Collector();
        matcher.scan(r.text, MatchMode.ALL, all);
        int n = all.count;
        boolean[] planning = new boolean[r.tokens];
        markOverlaps(r.text.length(), r.tokenStart, r.tokenEnd, all.start, all.end, n, planning);
        r.planning = planning;

        // Leftmost-longest: the longest match per start position, then a greedy walk in text
        // order. (Two matches with the same span are the same normalised phrase, i.e. the same
        // gram, so the longest per start is unique.)
        int len = r.text.length();
        int[] best = LONGEST.get();
        if (best.length < len + 1) {
          best = new int[Math.max(len + 1, best.length * 2)];
          LONGEST.set(best);
        }
        int[] starts = new int[n];
        int distinctStarts = 0;
        for (int i = 0; i < n; i++) {
          int st = all.start[i];
          int cur = best[st];
          if (cur == 0) {
            starts[distinctStarts++] = st;
            best[st] = i + 1;
          } else if (all.end[i] > all.end[cur - 1]) {
            best[st] = i + 1;
          }
        }
        Arrays.sort(starts, 0, distinctStarts);
        List<GramMatch> chosen = new ArrayList<>();
        int pos = 0;
        for (int k = 0; k < distinctStarts; k++) {
          int st = starts[k];
          int i = best[st] - 1;
          best[st] = 0;
          if (st >= pos) {
            chosen.add(new GramMatch(all.gram[i], set.get(all.gram[i]), st, all.end[i]));
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
   * Sets {@code planning[t]} for every non-empty token overlapping a match, in linear time: the
   * matches mark the chars they cover (a difference array), a prefix count of covered chars then
   * tells for each token whether any of its chars is covered.
   */
  static void markOverlaps(
      int textLength, int[] tokStart, int[] tokEnd, int[] mStart, int[] mEnd, int matches,
      boolean[] planning) {
    if (matches == 0) {
      return;
    }
    int[] covered = COVERED.get();
    if (covered.length < textLength + 1) {
      covered = new int[Math.max(textLength + 1, covered.length * 2)];
      COVERED.set(covered);
    } else {
      Arrays.fill(covered, 0, textLength + 1, 0);
    }
    for (int m = 0; m < matches; m++) {
      covered[mStart[m]]++;
      covered[mEnd[m]]--;
    }
    // covered[c] becomes the number of covered chars in [0, c).
    int depth = 0;
    int count = 0;
    for (int c = 0; c <= textLength; c++) {
      int d = covered[c];
      covered[c] = count;
      depth += d;
      if (depth > 0) {
        count++;
      }
    }
    for (int t = 0; t < planning.length; t++) {
      int s = tokStart[t];
      int e = tokEnd[t];
      if (s < e && covered[e] > covered[s]) {
        planning[t] = true;
      }
    }
  }

  /** Per-thread scratch: 1 + index of the longest match starting at each char, else 0. */
  private static final ThreadLocal<int[]> LONGEST = ThreadLocal.withInitial(() -> new int[1 << 14]);

  /** Per-thread scratch for {@link #markOverlaps}. */
  private static final ThreadLocal<int[]> COVERED = ThreadLocal.withInitial(() -> new int[1 << 14]);

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
