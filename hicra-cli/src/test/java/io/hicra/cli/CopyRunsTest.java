package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.TokenMask;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link Analyzer#copyRuns} against setting the same bits one by one. */
class CopyRunsTest {
  @Property(tries = 2000)
  void sameBitsAsOneByOne(
      @ForAll @IntRange(min = 0, max = 700) int n,
      @ForAll @IntRange(min = 0, max = 200) int offset,
      @ForAll @IntRange(min = 0, max = 100) int percent,
      @ForAll @IntRange(min = 1, max = 80) int meanRun,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    // Runs of set and clear bits with random lengths, so that runs start and end at and across
    // every word boundary.
    boolean[] bits = new boolean[n];
    int t = 0;
    while (t < n) {
      boolean on = rnd.nextInt(100) < percent;
      int run = 1 + rnd.nextInt(2 * meanRun);
      for (int k = 0; k < run && t < n; k++, t++) {
        bits[t] = on;
      }
    }
    TokenMask from = TokenMask.fromBooleans(bits);
    int size = offset + n + rnd.nextInt(70);
    TokenMask want = TokenMask.empty(size);
    TokenMask got = TokenMask.empty(size);
    // Bits already set in the target stay set.
    for (int k = 0; k < size; k += 1 + rnd.nextInt(40)) {
      want.set(k);
      got.set(k);
    }
    for (int k = 0; k < n; k++) {
      if (bits[k]) {
        want.set(offset + k);
      }
    }
    Analyzer.copyRuns(from, got, offset);
    assertThat(got).isEqualTo(want);
  }
}
