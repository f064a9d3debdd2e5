package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.Groups;
import java.math.BigInteger;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PassAtKTest {
  // from math import comb
  // 1 - comb(3, 2) / comb(5, 2)        = 0.7
  // 1 - comb(10 - 3, 4) / comb(10, 4)  = 0.8333333333333334
  // 1 - comb(100 - 7, 10) / comb(100, 10) = 0.5332595856827855

  @Test
  void handComputedValues() {
    assertThat(PassAtK.passAtK(5, 2, 2)).isCloseTo(0.7, within(1e-15));
    assertThat(PassAtK.passAtK(10, 3, 4)).isCloseTo(0.8333333333333334, within(1e-15));
    assertThat(PassAtK.passAtK(100, 7, 10)).isCloseTo(0.5332595856827855, within(1e-14));
    assertThat(PassAtK.passAtK(8, 2, 1)).isCloseTo(0.25, within(1e-15));
  }

  @Test
  void exactEdges() {
    assertThat(PassAtK.passAtK(5, 4, 2)).isEqualTo(1.0); // n - c = 1 < k
    assertThat(PassAtK.passAtK(5, 5, 5)).isEqualTo(1.0);
    assertThat(PassAtK.passAtK(5, 0, 5)).isEqualTo(0.0);
    assertThat(PassAtK.passAtK(1000, 0, 1)).isEqualTo(0.0);
    assertThat(PassAtK.meanAtK(8, 3, 4)).isEqualTo(0.375);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> PassAtK.passAtK(4, 1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k = 5 exceeds the number of samples n = 4");
    assertThatThrownBy(() -> PassAtK.passAtK(4, 5, 1)).hasMessageContaining("c = 5");
    assertThatThrownBy(() -> PassAtK.passAtK(4, -1, 1)).hasMessageContaining("c = -1");
    assertThatThrownBy(() -> PassAtK.passAtK(4, 1, 0)).hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> PassAtK.meanPassAtK(new int[] {8, 2}, new int[] {1, 1}, 4))
        .hasMessageContaining("k = 4 exceeds the number of samples n = 2 at prompt 1");
    assertThatThrownBy(() -> PassAtK.meanPassAtK(new int[] {8, 2}, new int[] {1}, 1))
        .hasMessageContaining("c has length 1");
  }

  @Test
  void averagesOverPromptsAndGroups() {
    // prompts: (5,2) and (10,3) at k=2: (0.7 + (1 - comb(7,2)/comb(10,2))) / 2
    // 1 - 21/45 = 0.5333333333333333 -> mean = 0.6166666666666667
    assertThat(PassAtK.meanPassAtK(new int[] {5, 10}, new int[] {2, 3}, 2))
        .isCloseTo(0.6166666666666667, within(1e-15));
    assertThat(PassAtK.meanPassAtK(new int[0], new int[0], 3)).isZero();
    // groups {0,1,2} (one correct) and {3,4} (both correct), interleaved ids
    Groups g = Groups.of(7, 9, 7, 9, 7);
    boolean[] correct = {true, true, false, true, false};
    // group 7: rollouts 0,2,4 -> n=3,c=1; group 9: rollouts 1,3 -> n=2,c=2
    // pass@2 = ((1 - comb(2,2)/comb(3,2)) + 1) / 2 = (2/3 + 1) / 2
    assertThat(PassAtK.meanPassAtK(g, correct, 2)).isCloseTo((2.0 / 3 + 1) / 2, within(1e-15));
    assertThat(PassAtK.meanMeanAtK(g, correct, 2)).isCloseTo((1.0 / 3 + 1) / 2, within(1e-15));
    assertThatThrownBy(() -> PassAtK.meanPassAtK(g, correct, 3))
        .hasMessageContaining("at prompt 1");
  }

  /** Exact reference: 1 - C(n-c, k) / C(n, k) with big integers. */
  static double exact(int n, int c, int k) {
    BigInteger num = binomial(n - c, k);
    BigInteger den = binomial(n, k);
    return 1.0 - new java.math.BigDecimal(num)
        .divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL128).doubleValue();
  }

  static BigInteger binomial(int n, int k) {
    if (k < 0 || k > n) {
      return BigInteger.ZERO;
    }
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return r;
  }

  @Property(tries = 400)
  void matchesExactBinomials(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 200) int c, @ForAll @IntRange(min = 1, max = 200) int k) {
    Assume.that(c <= n && k <= n);
    assertThat(PassAtK.passAtK(n, c, k)).isCloseTo(exact(n, c, k), within(1e-12));
  }

  @Property(tries = 400)
  void monotoneInKAndC(@ForAll @IntRange(min = 2, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 299) int c, @ForAll @IntRange(min = 1, max = 299) int k) {
    Assume.that(c < n && k < n);
    double p = PassAtK.passAtK(n, c, k);
    assertThat(p).isBetween(0.0, 1.0);
    assertThat(PassAtK.passAtK(n, c, k + 1)).isGreaterThanOrEqualTo(p);
    assertThat(PassAtK.passAtK(n, c + 1, k)).isGreaterThanOrEqualTo(p);
  }
}
