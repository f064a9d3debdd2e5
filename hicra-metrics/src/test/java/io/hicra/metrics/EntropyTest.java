package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EntropyTest {
  // import numpy as np
  // def H(c):
  //     c = np.array(c, float); p = c[c > 0] / c.sum(); return float(-(p * np.log(p)).sum())
  // H([3,1]) = 0.5623351446188083; H([2,1,1]) = 1.0397207708399179
  // H([1,1,1,1]) = 1.3862943611198906; H([5,0,2,2,1]) = 1.2206072645530173
  // H([2,1,1]) / np.log(2) = 1.5

  @Test
  void handComputedValues() {
    assertThat(Entropy.ofCounts(new long[] {3, 1})).isCloseTo(0.5623351446188083, within(1e-15));
    assertThat(Entropy.ofCounts(new int[] {2, 1, 1})).isCloseTo(1.0397207708399179, within(1e-15));
    assertThat(Entropy.ofCounts(new long[] {1, 1, 1, 1}))
        .isCloseTo(1.3862943611198906, within(1e-15));
    assertThat(Entropy.ofCounts(new long[] {5, 0, 2, 2, 1}))
        .isCloseTo(1.2206072645530173, within(1e-15));
    assertThat(EntropyUnit.BITS.fromNats(Entropy.ofCounts(new long[] {2, 1, 1})))
        .isCloseTo(1.5, within(1e-15));
  }

  @Test
  void subRangeAndProbabilities() {
    assertThat(Entropy.ofCounts(new long[] {9, 3, 1, 9}, 1, 3))
        .isCloseTo(0.5623351446188083, within(1e-15));
    assertThat(Entropy.ofProbabilities(new double[] {0.25, 0.25, 0.5}))
        .isCloseTo(1.0397207708399179, within(1e-15));
  }

  @Test
  void emptyAndDegenerateAreZero() {
    assertThat(Entropy.ofCounts(new long[0])).isZero();
    assertThat(Entropy.ofCounts(new long[] {0, 0})).isZero();
    assertThat(Entropy.ofCounts(new int[] {7})).isZero();
    assertThat(Entropy.normalized(0.0, 0)).isZero();
    assertThat(Entropy.normalized(0.0, 1)).isZero();
    assertThat(Entropy.normalized(Math.log(4), 4)).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void negativeCountNamesIndexAndValue() {
    assertThatThrownBy(() -> Entropy.ofCounts(new long[] {1, -2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts[1] = -2");
    assertThatThrownBy(() -> Entropy.ofCounts(new int[] {1, 2, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts[2] = -1");
    assertThatThrownBy(() -> Entropy.ofProbabilities(new double[] {0.5, Double.NaN}))
        .hasMessageContaining("p[1] = NaN");
    assertThatThrownBy(() -> Entropy.ofProbabilities(new double[] {0.5, 0.6}))
        .hasMessageContaining("sums to");
  }

  @Property(tries = 300)
  void boundedByLogOfSupport(@ForAll @Size(max = 40) long[] raw) {
    long[] counts = new long[raw.length];
    int support = 0;
    for (int i = 0; i < raw.length; i++) {
      counts[i] = Math.floorMod(raw[i], 1000);
      support += counts[i] > 0 ? 1 : 0;
    }
    double h = Entropy.ofCounts(counts);
    assertThat(h).isGreaterThanOrEqualTo(0.0);
    assertThat(h).isLessThanOrEqualTo(Math.log(Math.max(1, support)) + 1e-12);
  }

  @Property(tries = 200)
  void uniformReachesTheBound(@ForAll @IntRange(min = 1, max = 500) int k,
      @ForAll @IntRange(min = 1, max = 50) int each) {
    long[] counts = new long[k];
    java.util.Arrays.fill(counts, each);
    assertThat(Entropy.ofCounts(counts)).isCloseTo(Math.log(k), within(1e-12));
  }
}
