package io.hicra.grams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Selections over the matches of one {@link MatchMode#ALL} scan, so that a caller that needs
 * both every match (for the planning mask) and the {@link MatchMode#LEFTMOST_LONGEST} ones (for
 * counting) scans the text once.
 *
 * <p><b>The leftmost-longest rule.</b> Take the match that starts first, the longest among
 * those that start there; then the next match starting at or after its end, again the longest
 * among those starting at that position; and so on. On the matches of {@link MatchMode#ALL} this
 * gives exactly what {@link GramMatcher#scan} reports in {@link MatchMode#LEFTMOST_LONGEST} (two
 * matches with the same span are the same normalised phrase, so the choice is unique). For other
 * inputs, among matches with equal spans the first in input order is taken.
 *
 * <pre>{@code
 * List<GramMatch> all = matcher.findAll(text);              // one scan, every match
 * List<GramMatch> counted = Matches.leftmostLongest(all);   // == matcher.findLongest(text)
 * }</pre>
 *
 * <p>{@link #leftmostLongest(int[], int[], int, int[])} is the array form for matches collected
 * by a {@link MatchSink}; {@link TokenAligner#align(CharSequence, TokenSpans, MatchMode)} uses it
 * to return the planning mask and the leftmost-longest matches from one scan.
 *
 * <p><b>Cost and scratch.</b> Linear in the number of matches plus sorting their distinct
 * starts. The selection uses two per-thread scratch arrays ({@link ThreadLocal}): one indexed by
 * start offset (grown to the largest start seen on that thread, i.e. about the longest text) and
 * one by match; they are reused across calls, so a call allocates nothing once they have grown.
 * Methods are safe to call from any number of threads.
 */
public final class Matches {
  private Matches() {}

  /** Per thread: 1 + index of the longest match starting at each offset, else 0 (kept zeroed). */
  private static final ThreadLocal<int[]> LONGEST_AT =
      ThreadLocal.withInitial(() -> new int[1 << 12]);

  /** Per thread: the distinct start offsets of one call. */
  private static final ThreadLocal<int[]> DISTINCT_STARTS =
      ThreadLocal.withInitial(() -> new int[1 << 8]);

  /**
   * Writes into {@code selected} the indices of the leftmost-longest matches among matches
   * {@code [0, count)} given by {@code starts[i]} and {@code ends[i]} (in any order, e.g. the
   * end order of a {@link MatchMode#ALL} scan), in text order, and returns how many there are.
   * The input arrays are not modified.
   *
   * @throws IllegalArgumentException if an array is null, {@code count} is negative or exceeds
   *     an array's length, or a span is negative or reversed
   */
  public static int leftmostLongest(int[] starts, int[] ends, int count, int[] selected) {
    if (starts == null || ends == null || selected == null) {
      throw new IllegalArgumentException("starts, ends and selected must not be null");
    }
    if (count < 0 || count > starts.length || count > ends.length || count > selected.length) {
      throw new IllegalArgumentException(
          "count " + count + " must be in [0, min(" + starts.length + ", " + ends.length + ", "
              + selected.length + ")]");
    }
    int maxStart = -1;
    for (int i = 0; i < count; i++) {
      int s = starts[i];
      if (s < 0 || ends[i] < s) {
        throw new IllegalArgumentException(
            "match " + i + " span [" + s + ", " + ends[i] + ") must satisfy 0 <= start <= end");
      }
      maxStart = Math.max(maxStart, s);
    }
    if (count == 0) {
      return 0;
    }
    int[] best = LONGEST_AT.get();
    if (best.length <= maxStart) {
      best = new int[Math.max(maxStart + 1, best.length * 2)];
      LONGEST_AT.set(best);
    }
    int[] distinct = DISTINCT_STARTS.get();
    if (distinct.length < count) {
      distinct = new int[Math.max(count, distinct.length * 2)];
      DISTINCT_STARTS.set(distinct);
    }
    int d = 0;
    for (int i = 0; i < count; i++) {
      int s = starts[i];
      int cur = best[s];
      if (cur == 0) {
        distinct[d++] = s;
        best[s] = i + 1;
      } else if (ends[i] > ends[cur - 1]) {
        best[s] = i + 1;
      }
    }
    Arrays.sort(distinct, 0, d);
    int k = 0;
    int pos = 0;
    for (int j = 0; j < d; j++) {
      int s = distinct[j];
      int i = best[s] - 1;
      best[s] = 0; // leave the scratch zeroed for the next call
      if (s >= pos) {
        selected[k++] = i;
        pos = ends[i];
      }
    }
    return k;
  }

  /**
   * The leftmost-longest matches among {@code matches} (in any order), in text order: see the
   * rule above. For the matches of {@link GramMatcher#findAll} this equals {@link
   * GramMatcher#findLongest} on the same text.
   *
   * @throws IllegalArgumentException if {@code matches} or an element is null
   */
  public static List<GramMatch> leftmostLongest(List<GramMatch> matches) {
    if (matches == null) {
      throw new IllegalArgumentException("matches must not be null");
    }
    int n = matches.size();
    int[] s = new int[n];
    int[] e = new int[n];
    for (int i = 0; i < n; i++) {
      GramMatch m = matches.get(i);
      if (m == null) {
        throw new IllegalArgumentException("matches[" + i + "] must not be null");
      }
      s[i] = m.start();
      e[i] = m.end();
    }
    int[] picked = new int[n];
    int k = leftmostLongest(s, e, n, picked);
    List<GramMatch> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(matches.get(picked[i]));
    }
    return out;
  }
}
