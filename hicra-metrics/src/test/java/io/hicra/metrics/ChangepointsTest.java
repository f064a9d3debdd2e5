package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class ChangepointsTest {
  static long[] steps(int n, int stride) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = 100 + (long) i * stride;
    }
    return s;
  }

  @Test
  void exactVShapeIsFoundAtItsKnee() {
    long[] x = steps(30, 10); // steps 100 .. 390, knee at index 12 = step 220
    double[] y = new double[30];
    for (int i = 0; i < 30; i++) {
      y[i] = i <= 12 ? 3.0 - 0.01 * (x[i] - 100) : 1.8 + 0.02 * (x[i] - 220);
    }
    RisingTurn t = Changepoints.risingTurn(x, y);
    assertThat(t.found()).isTrue();
    assertThat(t.index()).isEqualTo(12);
    assertThat(t.step()).isEqualTo(220);
    assertThat(t.slopeBefore()).isCloseTo(-0.01, within(1e-9));
    assertThat(t.slopeAfter()).isCloseTo(0.02, within(1e-9));
    // an exact fit beats every simulated noise series: p = 1 / (1 + SIMULATIONS) = 1 / 3000
    assertThat(t.pValue()).isEqualTo(1.0 / 3000);
  }

  @Test
  void noisyFlatThenRisingIsFoundNearTheKnee() {
    SplittableRandom random = new SplittableRandom(3);
    long[] x = steps(60, 1);
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      y[i] = 2.0 + (i < 25 ? 0 : 0.03 * (i - 25)) + random.nextGaussian() * 0.05;
    }
    RisingTurn t = Changepoints.risingTurn(x, y);
    assertThat(t.found()).isTrue();
    assertThat(t.step()).isBetween(100L + 20, 100L + 30);
    assertThat(t.slopeAfter()).isCloseTo(0.03, within(0.01));
    assertThat(Math.abs(t.slopeBefore())).isLessThan(0.01);
    assertThat(t.pValue()).isEqualTo(1.0 / 3000);
  }

  @Test
  void straightLinesAndConcaveCurvesAreNotTurns() {
    long[] x = steps(40, 5);
    double[] rising = new double[40];
    double[] falling = new double[40];
    double[] risingThenFlat = new double[40];
    for (int i = 0; i < 40; i++) {
      rising[i] = 0.5 + 0.01 * i;
      falling[i] = 3 - 0.02 * i;
      risingThenFlat[i] = Math.min(i, 20) * 0.05;
    }
    assertThat(Changepoints.risingTurn(x, rising).found()).isFalse();
    assertThat(Changepoints.risingTurn(x, falling).found()).isFalse();
    RisingTurn concave = Changepoints.risingTurn(x, risingThenFlat);
    assertThat(concave.found()).isFalse();
    assertThat(concave.slopeBefore()).isGreaterThan(concave.slopeAfter());
  }

  @Test
  void slowRiseThenFastRiseCountsOnlyBelowTheFlatRatio() {
    long[] x = steps(40, 1);
    double[] y = new double[40];
    for (int i = 0; i < 40; i++) {
      y[i] = i < 20 ? 0.01 * i : 0.2 + 0.05 * (i - 20); // before/after = 0.2
    }
    assertThat(Changepoints.risingTurn(x, y, 3, 0.05, 0.25).found()).isTrue();
    assertThat(Changepoints.risingTurn(x, y, 3, 0.05, 0.1).found()).isFalse();
  }

  @Test
  void shortSeriesHaveNoBreakpoint() {
    assertThat(Changepoints.risingTurn(new long[0], new double[0])).isEqualTo(RisingTurn.NONE);
    assertThat(Changepoints.risingTurn(steps(4, 1), new double[] {3, 1, 2, 4}).index())
        .isEqualTo(-1);
    assertThat(Changepoints.risingTurn(steps(4, 1), new double[] {3, 1, 2, 4}, 2, 0.05, 0.25)
        .index()).isEqualTo(1);
  }

  @Test
  void constantSeriesHasNoTurn() {
    double[] y = new double[12];
    java.util.Arrays.fill(y, 1.25);
    RisingTurn t = Changepoints.risingTurn(steps(12, 1), y);
    assertThat(t.found()).isFalse();
    assertThat(t.fStatistic()).isZero();
    assertThat(t.pValue()).isEqualTo(1.0);
    assertThat(t.slopeBefore()).isZero();
    assertThat(t.slopeAfter()).isZero();
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[] {1, 2, 2}, new double[3]))
        .hasMessageContaining("steps[1] = 2, steps[2] = 2");
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[] {1, 2}, new double[] {0, 1, 2}))
        .hasMessageContaining("values has length 3");
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[] {1, 2},
        new double[] {0, Double.NaN})).hasMessageContaining("values[1] = NaN");
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[0], new double[0], 1, 0.05, 0.2))
        .hasMessageContaining("minSegment must be >= 2");
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[0], new double[0], 3, 1.5, 0.2))
        .hasMessageContaining("alpha must be in (0, 1)");
    assertThatThrownBy(() -> Changepoints.risingTurn(new long[0], new double[0], 3, 0.05, 1.0))
        .hasMessageContaining("flatRatio must be in [0, 1)");
  }

  @Test
  void falseAlarmRateOnPureNoiseIsSmall() {
    int alarms = 0;
    for (int seed = 0; seed < 200; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] y = new double[40];
      for (int i = 0; i < y.length; i++) {
        y[i] = random.nextGaussian();
      }
      alarms += Changepoints.risingTurn(steps(40, 1), y).found() ? 1 : 0;
    }
    // the Monte-Carlo sup-F test holds its 5% level on Gaussian noise (measured 5.1% on 10,000
    // series of 40 points), and the shape test (rising after, flat or falling before) rejects
    // about half of those (2.7% found): expect ~5 of 200.
    // (The textbook F(1, n - 3) p-value at the searched knee gave 21 of 200 here.)
    assertThat(alarms).isLessThan(12);
  }

  /** Independent reference: commons-math OLS at every knee, on raw (unscaled) steps. */
  @Property(tries = 60)
  void agreesWithCommonsMathRegression(@ForAll @IntRange(min = 5, max = 60) int n,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] x = new long[n];
    double[] y = new double[n];
    long s = random.nextInt(1000);
    int knee = 1 + random.nextInt(n - 2);
    for (int i = 0; i < n; i++) {
      s += 1 + random.nextInt(20);
      x[i] = s;
    }
    for (int i = 0; i < n; i++) {
      y[i] = random.nextGaussian() * 0.3 + (i < knee ? -0.02 : 0.05) * (x[i] - x[knee]);
    }
    RisingTurn t = Changepoints.risingTurn(x, y, 3, 0.05, 0.25);
    double bestSse = Double.POSITIVE_INFINITY;
    int best = -1;
    double[] bestBeta = null;
    for (int j = 2; j <= n - 3; j++) {
      double[][] design = new double[n][2];
      for (int i = 0; i < n; i++) {
        design[i][0] = x[i];
        design[i][1] = Math.max(0, x[i] - x[j]);
      }
      OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
      ols.newSampleData(y, design);
      double sse = ols.calculateResidualSumOfSquares();
      if (sse < bestSse - 1e-9) {
        bestSse = sse;
        best = j;
        bestBeta = ols.estimateRegressionParameters();
      }
    }
    assertThat(t.index()).isEqualTo(best);
    assertThat(t.slopeBefore()).isCloseTo(bestBeta[1], within(1e-7));
    assertThat(t.slopeAfter()).isCloseTo(bestBeta[1] + bestBeta[2], within(1e-7));
    double[][] line = new double[n][1];
    for (int i = 0; i < n; i++) {
      line[i][0] = x[i];
    }
    OLSMultipleLinearRegression lin = new OLSMultipleLinearRegression();
    lin.newSampleData(y, line);
    double f = (lin.calculateResidualSumOfSquares() - bestSse) / (bestSse / (n - 3));
    assertThat(t.fStatistic()).isCloseTo(f, within(1e-6 * Math.max(1, f)));
    double nominal = 1 - new FDistribution(1, n - 3).cumulativeProbability(f);
    // the searched-knee p-value is never below 1 / 3000 and never more optimistic than the
    // textbook one by more than Monte-Carlo noise
    assertThat(t.pValue()).isBetween(1.0 / 3000, 1.0);
    assertThat(t.pValue()).isGreaterThanOrEqualTo(Math.min(nominal, 0.9) - 0.03);
    assertThat(Changepoints.risingTurn(x, y, 3, 0.05, 0.25)).isEqualTo(t);
    assertThat(t.found()).isEqualTo(
        t.slopeAfter() > 0 && t.slopeBefore() <= 0.25 * t.slopeAfter() && t.pValue() < 0.05);
  }
}
