package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link TokenSpans#plainlyValid}, the branch-free fast check that lets valid spans skip the
 * exact checks, against the rules written out one by one: on spans near the text's bounds, on
 * sorted spans with one value changed, and at the ends of the int range.
 */
class PlainlyValidProperties {
  /** The rules as plain comparisons: inside [0, n], not reversed, each at or after the last end. */
  static boolean reference(int n, int[] starts, int[] ends) {
    if (starts.length != ends.length) {
      return false;
    }
    long lastEnd = 0;
    for (int t = 0; t < starts.length; t++) {
      long s = starts[t];
      long e = ends[t];
      if (s < 0 || s > n || e < s || e > n || s < lastEnd) {
        return false;
      }
      lastEnd = e;
    }
    return true;
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(-3, 40)),
        Tuple.of(
            2,
            Arbitraries.of(
                Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 50,
                Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 50, -1)),
        Tuple.of(1, Arbitraries.integers()));
  }

  @Provide
  Arbitrary<int[]> spans() {
    return offsets().array(int[].class).ofMaxSize(8);
  }

  /** Random spans, most of them valid: sorted, non-overlapping runs with one value perturbed. */
  @Provide
  Arbitrary<int[][]> nearlyValid() {
    return Arbitraries.integers()
        .between(0, 12)
        .flatMap(
            len ->
                Arbitraries.integers()
                    .between(0, 3)
                    .array(int[].class)
                    .ofSize(2 * len)
                    .flatMap(
                        gaps ->
                            Arbitraries.integers()
                                .between(-1, 2 * len - 1)
                                .flatMap(
                                    at ->
                                        offsets()
                                            .map(v -> build(gaps, at, v)))));
  }

  private static int[][] build(int[] gaps, int at, int value) {
    int len = gaps.length / 2;
    int[] starts = new int[len];
    int[] ends = new int[len];
    int pos = 0;
    for (int t = 0; t < len; t++) {
      pos += gaps[2 * t];
      starts[t] = pos;
      pos += gaps[2 * t + 1];
      ends[t] = pos;
    }
    if (at >= 0) {
      (at % 2 == 0 ? starts : ends)[at / 2] = value;
    }
    return new int[][] {starts, ends};
  }

  @Property(tries = 2000)
  void agreesWithTheRulesOnArbitrarySpans(
      @ForAll("spans") int[] starts, @ForAll("spans") int[] ends, @ForAll("offsets") int n) {
    int len = Math.min(starts.length, ends.length);
    int[] s = Arrays.copyOf(starts, len);
    int[] e = Arrays.copyOf(ends, len);
    int textLength = Math.max(0, n);
    assertThat(TokenSpans.plainlyValid(textLength, s, e)).isEqualTo(reference(textLength, s, e));
  }

  @Property(tries = 2000)
  void agreesWithTheRulesOnNearlyValidSpans(
      @ForAll("nearlyValid") int[][] spans, @ForAll("offsets") int extra) {
    int n = spans[1].length == 0 ? 0 : Math.max(spans[1][spans[1].length - 1], 0);
    int textLength = Math.max(0, n + Math.floorMod(extra, 3));
    assertThat(TokenSpans.plainlyValid(textLength, spans[0], spans[1]))
        .isEqualTo(reference(textLength, spans[0], spans[1]));
  }

  @Example
  void wrapRoundCasesAreCaught() {
    // A span ending far below 0 (e − s would wrap round to a positive value).
    assertThat(TokenSpans.plainlyValid(0, new int[] {0}, new int[] {Integer.MIN_VALUE})).isFalse();
    // A span starting past the end and ending far below 0.
    assertThat(TokenSpans.plainlyValid(0, new int[] {100}, new int[] {-(Integer.MAX_VALUE - 50)}))
        .isFalse();
    assertThat(TokenSpans.plainlyValid(5, new int[] {0, 2}, new int[] {2, 5})).isTrue();
    assertThat(TokenSpans.plainlyValid(5, new int[] {0, 1}, new int[] {2, 5})).isFalse();
    assertThat(TokenSpans.plainlyValid(5, new int[] {}, new int[] {})).isTrue();
    assertThat(TokenSpans.plainlyValid(5, new int[] {0}, new int[] {})).isFalse();
  }
}
