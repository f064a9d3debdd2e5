package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class ForkTokensTest {
  @Test
  void handComputed() {
    // 10 tokens, q = 0.2 -> k = 2: the two largest entropies are tokens 3 (5.0) and 7 (4.0).
    float[] e = {0.1f, 0.2f, 3.0f, 5.0f, 0.0f, 1.0f, 0.3f, 4.0f, 0.2f, 2.0f};
    // planning = {2, 3, 4}: token 3 is top, tokens 2 and 4 are not.
    ForkOverlap o = ForkTokens.overlap(e, BatchLayout.ofLengths(6, 4), TokenMask.of(10, 2, 3, 4));
    assertThat(o.threshold()).isEqualTo(4.0f);
    assertThat(o.topTokens()).isEqualTo(2);
    assertThat(o.planningTokens()).isEqualTo(3);
    assertThat(o.planningTopTokens()).isEqualTo(1);
    assertThat(o.planningInTop()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(o.topInPlanning()).isEqualTo(0.5);
    // lift = (1/3) / (2/10)
    assertThat(o.lift()).isCloseTo(5.0 / 3, within(1e-15));
  }

  @Test
  void tiesAtTheThresholdAreAllKept() {
    float[] e = {1, 1, 1, 1, 0};
    ForkOverlap o = ForkTokens.overlap(e, BatchLayout.ofLengths(5), TokenMask.of(5, 4), 0.2);
    assertThat(o.topTokens()).isEqualTo(4);
    assertThat(o.planningTopTokens()).isZero();
    assertThat(o.planningInTop()).isZero();
  }

  @Test
  void emptyBatchAndNoPlanning() {
    ForkOverlap o = ForkTokens.overlap(new float[0], BatchLayout.ofLengths(), TokenMask.empty(0));
    assertThat(o.planningInTop()).isZero();
    assertThat(o.topInPlanning()).isZero();
    assertThat(o.lift()).isZero();
    ForkOverlap none = ForkTokens.overlap(new float[] {1, 2, 3}, BatchLayout.ofLengths(3),
        TokenMask.empty(3));
    assertThat(none.planningInTop()).isZero();
    assertThat(none.topTokens()).isEqualTo(1);
  }

  @Test
  void badInputIsNamed() {
    BatchLayout layout = BatchLayout.ofLengths(3);
    TokenMask mask = TokenMask.empty(3);
    assertThatThrownBy(() -> ForkTokens.overlap(new float[3], layout, mask, 0.0))
        .hasMessageContaining("q must be in (0, 1), got 0.0");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[3], layout, mask, 1.0))
        .hasMessageContaining("q must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[3], layout, mask, Double.NaN))
        .hasMessageContaining("q must be in (0, 1), got NaN");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[] {1, Float.NaN, 0}, layout, mask))
        .hasMessageContaining("entropies[1] = NaN");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[] {1, 2, -3}, layout, mask))
        .hasMessageContaining("entropies[2] = -3.0");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[] {Float.POSITIVE_INFINITY, 2, 3},
        layout, mask)).hasMessageContaining("entropies[0] = Infinity");
    assertThatThrownBy(() -> ForkTokens.overlap(new float[2], layout, mask))
        .hasMessageContaining("entropies has length 2");
  }

  /** Reference: sort, k = ceil(q n) (exact products counted exactly), keep ties. */
  @Property(tries = 300)
  void matchesSortingReference(@ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @DoubleRange(min = 0.001, max = 0.999) @Scale(4) double q, @ForAll long seed,
      @ForAll boolean coarse) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] e = new float[n];
    boolean[] p = new boolean[n];
    for (int t = 0; t < n; t++) {
      // coarse values force many ties; fine values exercise the low-bit histogram
      e[t] = coarse ? random.nextInt(6) * 0.5f : (float) (random.nextDouble() * 8);
      p[t] = random.nextInt(5) == 0;
    }
    float[] sorted = e.clone();
    Arrays.sort(sorted);
    int k = (int) Math.max(1, Math.min(n, Math.ceil(q * n - 1e-9 * Math.max(1, q * n))));
    float threshold = sorted[n - k];
    long top = 0;
    long planning = 0;
    long both = 0;
    for (int t = 0; t < n; t++) {
      boolean isTop = e[t] >= threshold;
      top += isTop ? 1 : 0;
      planning += p[t] ? 1 : 0;
      both += isTop && p[t] ? 1 : 0;
    }
    ForkOverlap o = ForkTokens.overlap(e, BatchLayout.ofLengths(n), TokenMask.fromBooleans(p), q);
    assertThat(o.threshold()).isEqualTo(threshold);
    assertThat(o.topTokens()).isEqualTo(top);
    assertThat(o.planningTokens()).isEqualTo(planning);
    assertThat(o.planningTopTokens()).isEqualTo(both);
    assertThat(o.planningInTop()).isBetween(0.0, 1.0);
    assertThat(o.topInPlanning()).isBetween(0.0, 1.0);
    assertThat(o.topTokens()).isGreaterThanOrEqualTo(k);
  }

  /** The fused pass used by BatchMetrics gives exactly what the two public calls give. */
  @Property(tries = 100)
  void fusedMeansAndOverlapEqualTheSeparateCalls(@ForAll @IntRange(min = 0, max = 2000) int n,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] e = new float[n];
    boolean[] p = new boolean[n];
    for (int t = 0; t < n; t++) {
      e[t] = (float) random.nextDouble(0, 6);
      p[t] = random.nextInt(7) == 0;
    }
    BatchLayout layout = BatchLayout.ofLengths(n);
    TokenMask mask = TokenMask.fromBooleans(p);
    ForkTokens.Fused f = ForkTokens.overlapAndMeans(e, layout, mask, 0.3);
    assertThat(f.overlap).isEqualTo(ForkTokens.overlap(e, layout, mask, 0.3));
    TokenClassMeans m = TokenEntropy.meansByClass(e, layout, mask);
    assertThat(f.means.planningTokens()).isEqualTo(m.planningTokens());
    assertThat(f.means.executionTokens()).isEqualTo(m.executionTokens());
    assertThat(f.means.planning()).isCloseTo(m.planning(), within(1e-12));
    assertThat(f.means.execution()).isCloseTo(m.execution(), within(1e-12));
    assertThat(f.means.all()).isCloseTo(m.all(), within(1e-12));
  }

  @Test
  void thresholdAgreesWithCommonsMathQuantileOnDistinctValues() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 1000;
    float[] e = new float[n];
    double[] d = new double[n];
    for (int t = 0; t < n; t++) {
      e[t] = (float) random.nextDouble(0, 10);
      d[t] = e[t];
    }
    ForkOverlap o = ForkTokens.overlap(e, BatchLayout.ofLengths(n), TokenMask.empty(n), 0.2);
    // the 200th largest of 1000 is the 801st smallest: the empirical 80.1% quantile (type 1)
    org.apache.commons.math3.stat.descriptive.rank.Percentile pct =
        new org.apache.commons.math3.stat.descriptive.rank.Percentile()
            .withEstimationType(
                org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType.R_1);
    assertThat((double) o.threshold()).isEqualTo(pct.evaluate(d, 80.05));
    assertThat(o.topTokens()).isEqualTo(200);
  }
}
