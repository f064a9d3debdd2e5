package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PerplexityTest {
  // import numpy as np
  // lp = np.array([-0.1, -2.0, -0.5, -3.0, -0.2, -1.0]); planning = [1, 3]
  // np.exp(-lp[planning].mean())            = 12.182493960703473
  // np.exp(-np.delete(lp, planning).mean()) = 1.5683121854901687
  // np.exp(-lp.mean())                      = 3.10599257234172
  @Test
  void handComputed() {
    float[] lp = {-0.1f, -2.0f, -0.5f, -3.0f, -0.2f, -1.0f};
    PerplexityByClass p = Perplexity.byClass(lp, BatchLayout.ofLengths(2, 4),
        TokenMask.of(6, 1, 3));
    // float inputs: -0.1f etc. are not exact, so compare at float precision
    assertThat(p.planning()).isCloseTo(12.182493960703473, within(1e-5));
    assertThat(p.execution()).isCloseTo(1.5683121854901687, within(1e-6));
    assertThat(p.all()).isCloseTo(3.10599257234172, within(1e-6));
    assertThat(p.meanLogProbPlanning()).isCloseTo(-2.5, within(1e-7));
    assertThat(p.planningTokens()).isEqualTo(2);
    assertThat(p.executionTokens()).isEqualTo(4);
  }

  @Test
  void relative() {
    assertThat(PerplexityByClass.relative(3.0, 6.0)).isEqualTo(0.5);
    assertThat(PerplexityByClass.relative(3.0, 0.0)).isEqualTo(1.0);
    assertThatThrownBy(() -> PerplexityByClass.relative(Double.NaN, 2.0))
        .hasMessageContaining("current must be finite");
  }

  @Test
  void emptyClassesArePerplexityOne() {
    PerplexityByClass p = Perplexity.byClass(new float[0], BatchLayout.ofLengths(0, 0),
        TokenMask.empty(0));
    assertThat(p.planning()).isEqualTo(1.0);
    assertThat(p.execution()).isEqualTo(1.0);
    assertThat(p.all()).isEqualTo(1.0);
    PerplexityByClass onlyExec = Perplexity.byClass(new float[] {-1f}, BatchLayout.ofLengths(1),
        TokenMask.empty(1));
    assertThat(onlyExec.planning()).isEqualTo(1.0);
    assertThat(onlyExec.execution()).isCloseTo(Math.E, within(1e-15));
  }

  @Test
  void badLogProbsAreNamed() {
    BatchLayout layout = BatchLayout.ofLengths(3);
    TokenMask none = TokenMask.empty(3);
    assertThatThrownBy(() -> Perplexity.byClass(new float[] {-1, Float.NaN, -1}, layout, none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logProbs[1] = NaN");
    assertThatThrownBy(() -> Perplexity.byClass(
        new float[] {-1, -1, Float.NEGATIVE_INFINITY}, layout, none))
        .hasMessageContaining("logProbs[2] = -Infinity");
    assertThatThrownBy(() -> Perplexity.byClass(new float[] {-1, 0.5f, -1}, layout, none))
        .hasMessageContaining("logProbs[1] = 0.5").hasMessageContaining("positive");
    // float rounding just above 0 is tolerated
    assertThat(Perplexity.byClass(new float[] {1e-7f, 0f, -0f}, layout, none).all())
        .isCloseTo(1.0, within(1e-6));
    assertThatThrownBy(() -> Perplexity.byClass(new float[4], layout, none))
        .hasMessageContaining("logProbs has length 4");
  }

  @Property(tries = 200)
  void matchesBruteForceAndIsAtLeastOne(@ForAll @IntRange(min = 1, max = 500) int n,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] lp = new float[n];
    boolean[] p = new boolean[n];
    double sp = 0;
    double se = 0;
    int np = 0;
    for (int t = 0; t < n; t++) {
      lp[t] = (float) -random.nextDouble(0, 8);
      p[t] = random.nextBoolean();
      if (p[t]) {
        sp += lp[t];
        np++;
      } else {
        se += lp[t];
      }
    }
    PerplexityByClass r = Perplexity.byClass(lp, BatchLayout.ofLengths(n),
        TokenMask.fromBooleans(p));
    assertThat(r.planning()).isCloseTo(np == 0 ? 1 : Math.exp(-sp / np), within(1e-9 * 3000));
    assertThat(r.execution()).isCloseTo(n == np ? 1 : Math.exp(-se / (n - np)),
        within(1e-9 * 3000));
    assertThat(r.all()).isGreaterThanOrEqualTo(1.0);
    assertThat(r.all()).isCloseTo(Math.exp(-(sp + se) / n), within(1e-9 * 3000));
  }
}
