package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenEntropyTest {
  // import numpy as np
  // def ent(x):
  //     x = np.array(x, np.float64); z = x - x.max(); e = np.exp(z); p = e / e.sum()
  //     return float(-(p * np.log(p, where=p > 0, out=np.zeros_like(p))).sum())
  // ent([1,2,3]) = 0.8323955818399389;  ent([0,0,0,0]) = 1.3862943611198906
  // ent([1e4,-1e4,0]) = 0.0;  ent([1e4,1e4,-1e4]) = 0.6931471805599453
  // ent([0.5,-1.25,3.0,2.0,0.0]) = 0.9319835148936488

  @Test
  void handComputedRows() {
    assertThat(TokenEntropy.fromLogits(new double[] {1, 2, 3}))
        .isCloseTo(0.8323955818399389, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new float[] {1, 2, 3}))
        .isCloseTo(0.8323955818399389, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new float[] {0, 0, 0, 0}))
        .isCloseTo(1.3862943611198906, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new double[] {0.5, -1.25, 3.0, 2.0, 0.0}))
        .isCloseTo(0.9319835148936488, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new float[] {0.5f, -1.25f, 3.0f, 2.0f, 0.0f}))
        .isCloseTo(0.9319835148936488, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new float[] {42f})).isZero();
  }

  @Test
  void hugeLogitsDoNotOverflow() {
    assertThat(TokenEntropy.fromLogits(new float[] {1e4f, -1e4f, 0f})).isZero();
    assertThat(TokenEntropy.fromLogits(new float[] {1e4f, 1e4f, -1e4f}))
        .isCloseTo(0.6931471805599453, within(1e-15));
    assertThat(TokenEntropy.fromLogits(new double[] {-1e4, -1e4, -1e4, -1e4}))
        .isCloseTo(Math.log(4), within(1e-15));
    assertThat(TokenEntropy.fromLogits(new double[] {3e300, 3e300})).isCloseTo(Math.log(2),
        within(1e-15));
    // shift invariance at large offsets: [1,2,3] + 1e4
    assertThat(TokenEntropy.fromLogits(new double[] {10001, 10002, 10003}))
        .isCloseTo(0.8323955818399389, within(1e-12));
  }

  @Test
  void rowsIntoAndOffsets() {
    float[] logits = {9, 9, 1, 2, 3, 0, 0, 0, 9};
    float[] out = new float[4];
    TokenEntropy.perPositionInto(logits, 2, 2, 3, out, 1);
    assertThat(out[0]).isZero();
    assertThat((double) out[1]).isCloseTo(0.8323955818399389, within(1e-7));
    assertThat((double) out[2]).isCloseTo(Math.log(3), within(1e-7));
    assertThat(out[3]).isZero();
    assertThat(TokenEntropy.ofRow(logits, 2, 3)).isCloseTo(0.8323955818399389, within(1e-15));
    float[] all = TokenEntropy.perPosition(new float[] {1, 2, 3, 0, 0, 0}, 3);
    assertThat(all).hasSize(2);
    double[] dout = new double[2];
    TokenEntropy.perPositionInto(new double[] {1, 2, 3, 0, 0, 0}, 0, 2, 3, dout, 0);
    assertThat(dout[0]).isCloseTo(0.8323955818399389, within(1e-15));
    assertThat(dout[1]).isCloseTo(Math.log(3), within(1e-15));
  }

  @Test
  void badLogitsNamePositionAndIndex() {
    float[] logits = {0, 0, 0, 0, Float.NaN, 0};
    assertThatThrownBy(() -> TokenEntropy.perPosition(logits, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logits[4]")
        .hasMessageContaining("position 1")
        .hasMessageContaining("vocabulary index 1")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> TokenEntropy.fromLogits(new float[] {0, Float.NEGATIVE_INFINITY}))
        .hasMessageContaining("logits[1]").hasMessageContaining("-Infinity");
    assertThatThrownBy(() -> TokenEntropy.fromLogits(new double[] {Double.POSITIVE_INFINITY}))
        .hasMessageContaining("logits[0]");
    assertThatThrownBy(() -> TokenEntropy.fromLogits(new float[0]))
        .hasMessageContaining("vocab must be > 0");
    assertThatThrownBy(() -> TokenEntropy.perPosition(new float[5], 3))
        .hasMessageContaining("not a multiple of vocab = 3");
    assertThatThrownBy(() -> TokenEntropy.perPositionInto(new float[6], 0, 2, 3, new float[1], 0))
        .hasMessageContaining("out range [0, 2)");
  }

  /** Naive reference: p_i = exp(x_i) / sum exp(x_j) without shifting (small logits only). */
  static double naive(double[] x) {
    double z = 0;
    for (double v : x) {
      z += Math.exp(v);
    }
    double h = 0;
    for (double v : x) {
      double p = Math.exp(v) / z;
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  @Property(tries = 300)
  void matchesNaiveSoftmaxAndIsBounded(
      @ForAll @IntRange(min = 1, max = 2000) int vocab, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[vocab];
    float[] xf = new float[vocab];
    double scale = random.nextDouble(0.01, 20);
    for (int i = 0; i < vocab; i++) {
      xf[i] = (float) (random.nextGaussian() * scale);
      x[i] = xf[i];
    }
    double h = TokenEntropy.fromLogits(x);
    assertThat(h).isCloseTo(naive(x), within(1e-9));
    assertThat(TokenEntropy.fromLogits(xf)).isCloseTo(h, within(1e-12));
    assertThat(h).isBetween(0.0, Math.log(vocab) + 1e-12);
  }

  @Property(tries = 200)
  void shiftInvariant(@ForAll @DoubleRange(min = -1e4, max = 1e4) double shift,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[50];
    double[] y = new double[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian() * 3;
      y[i] = x[i] + shift;
    }
    assertThat(TokenEntropy.fromLogits(y)).isCloseTo(TokenEntropy.fromLogits(x), within(1e-9));
  }

  // planning = tokens {1, 3} of 6; entropies e = [0.5, 2.0, 0.25, 3.0, 1.0, 0.0]
  // np.mean([2.0, 3.0]) = 2.5; np.mean([0.5, 0.25, 1.0, 0.0]) = 0.4375; np.mean(e) = 1.125
  @Test
  void meansByClassHandComputed() {
    BatchLayout layout = BatchLayout.ofLengths(4, 2);
    TokenMask planning = TokenMask.of(6, 1, 3);
    TokenClassMeans m = TokenEntropy.meansByClass(
        new float[] {0.5f, 2.0f, 0.25f, 3.0f, 1.0f, 0.0f}, layout, planning);
    assertThat(m.planning()).isEqualTo(2.5);
    assertThat(m.execution()).isEqualTo(0.4375);
    assertThat(m.all()).isEqualTo(1.125);
    assertThat(m.planningTokens()).isEqualTo(2);
    assertThat(m.executionTokens()).isEqualTo(4);
    assertThat(m.planningRatio()).isCloseTo(1.0 / 3, within(1e-15));
  }

  @Test
  void meansByClassEmptyAndErrors() {
    BatchLayout empty = BatchLayout.ofLengths();
    TokenClassMeans m = TokenEntropy.meansByClass(new float[0], empty, TokenMask.empty(0));
    assertThat(m).isEqualTo(new TokenClassMeans(0, 0, 0, 0, 0));
    assertThat(m.planningRatio()).isZero();
    BatchLayout layout = BatchLayout.ofLengths(3);
    assertThatThrownBy(() -> TokenEntropy.meansByClass(
        new float[] {0, -0.5f, 1}, layout, TokenMask.empty(3)))
        .hasMessageContaining("entropies[1] = -0.5").hasMessageContaining("negative");
    assertThatThrownBy(() -> TokenEntropy.meansByClass(
        new float[] {0, 1, Float.NaN}, layout, TokenMask.empty(3)))
        .hasMessageContaining("entropies[2] = NaN");
    assertThatThrownBy(() -> TokenEntropy.meansByClass(
        new float[] {Float.POSITIVE_INFINITY, 1, 2}, layout, TokenMask.empty(3)))
        .hasMessageContaining("entropies[0] = Infinity");
    assertThatThrownBy(() -> TokenEntropy.meansByClass(new float[2], layout, TokenMask.empty(3)))
        .hasMessageContaining("entropies has length 2");
    assertThatThrownBy(() -> TokenEntropy.meansByClass(new float[3], layout, TokenMask.empty(4)))
        .hasMessageContaining("planning covers 4 tokens");
  }

  @Property(tries = 200)
  void meansByClassMatchBruteForce(@ForAll @IntRange(min = 0, max = 700) int n,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] e = new float[n];
    boolean[] p = new boolean[n];
    double sp = 0;
    double se = 0;
    int np = 0;
    for (int t = 0; t < n; t++) {
      e[t] = (float) random.nextDouble(0, 5);
      p[t] = random.nextInt(4) == 0;
      if (p[t]) {
        sp += e[t];
        np++;
      } else {
        se += e[t];
      }
    }
    TokenClassMeans m = TokenEntropy.meansByClass(
        e, BatchLayout.ofLengths(n), TokenMask.fromBooleans(p));
    assertThat(m.planning()).isCloseTo(np == 0 ? 0 : sp / np, within(1e-9));
    assertThat(m.execution()).isCloseTo(n - np == 0 ? 0 : se / (n - np), within(1e-9));
    assertThat(m.all()).isCloseTo(n == 0 ? 0 : (sp + se) / n, within(1e-9));
  }
}
