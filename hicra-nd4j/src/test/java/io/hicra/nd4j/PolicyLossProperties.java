package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.nd4j.PolicyLossConfig.Aggregation;
import io.hicra.nd4j.PolicyLossConfig.EmptySequences;
import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Properties over random batches, shapes and configurations (tries kept low: ND4J per call). */
class PolicyLossProperties {

  @Property(tries = 40)
  void paddingValuesDoNotMatter(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll @IntRange(min = 1, max = 40) int width,
      @ForAll Aggregation mode,
      @ForAll EmptySequences empty,
      @ForAll boolean dual,
      @ForAll KlEstimator kl) {
    PolicyLossConfig.Builder b = PolicyLossConfig.builder().aggregation(mode).emptySequences(empty)
        .kl(kl, kl == KlEstimator.NONE ? 0 : 0.1);
    if (dual) {
      b.dualClip();
    }
    PolicyLossConfig config = b.build();
    TestBatch batch = new TestBatch(seed, rows, width, 1, false);
    PolicyLossInputs in = batch.inputs(config, DataType.FLOAT, false);
    PolicyLossResult r1 = PolicyLoss.of(config).compute(in);

    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    INDArray lp = in.logpNew().dup();
    INDArray old = in.logpOld().dup();
    INDArray adv = in.advantages().dup();
    for (int i = 0; i < rows; i++) {
      for (int t = 0; t < width; t++) {
        if (batch.mask[i][t] == 0) {
          lp.putScalar(i, t, -50 * rnd.nextDouble());
          old.putScalar(i, t, 30 * rnd.nextDouble());
          adv.putScalar(i, t, 1e6 * (rnd.nextDouble() - 0.5));
        }
      }
    }
    PolicyLossInputs changed = PolicyLossInputs.padded(lp, old, adv, in.mask());
    if (config.usesReference()) {
      changed = changed.withReference(in.logpRef());
    }
    for (PolicyLossResult r2 :
        new PolicyLossResult[] {
          PolicyLoss.of(config).compute(changed), PolicyLoss.of(config).computeWithOps(changed)
        }) {
      assertThat(r2.loss()).isCloseTo(r1.loss(), GradientTest.within(r1.loss(), 2e-5));
      double[][] g1 = r1.gradLogpNew().toDoubleMatrix();
      double[][] g2 = r2.gradLogpNew().toDoubleMatrix();
      assertThat(GradientTest.relativeError(g2, g1)).isLessThan(2e-5);
      GradientTest.assertZeroOnPadding(g2, batch.mask);
    }
  }

  /**
   * On-policy (logp_new = logp_old, so r = 1, inside every clip range) the gradient is {@code
   * −w_t·A_t} and the loss {@code −Σ w_t·A_t}: the policy-gradient theorem's form.
   */
  @Property(tries = 40)
  void onPolicyGradientIsMinusWeightedAdvantage(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 50) int width,
      @ForAll Aggregation mode,
      @ForAll boolean dual) {
    PolicyLossConfig.Builder b = PolicyLossConfig.builder().aggregation(mode);
    if (dual) {
      b.dualClip();
    }
    PolicyLossConfig config = b.build();
    TestBatch batch = new TestBatch(seed, rows, width, 1, false);
    INDArray old = TestBatch.array(batch.logpOld, DataType.DOUBLE);
    INDArray adv = TestBatch.array(batch.adv, DataType.DOUBLE);
    INDArray mask = TestBatch.array(batch.mask, DataType.DOUBLE);
    PolicyLossResult r = PolicyLoss.of(config).compute(old.dup(), old, adv, mask);

    // Weights from the aggregation mode's definition: the loss of A = 1 on one token.
    double expected = 0;
    double[][] g = r.gradLogpNew().toDoubleMatrix();
    double count = mask.sumNumber().doubleValue();
    for (int i = 0; i < rows; i++) {
      double rowCount = 0;
      for (double m : batch.mask[i]) {
        rowCount += m;
      }
      for (int t = 0; t < width; t++) {
        if (batch.mask[i][t] == 0) {
          continue;
        }
        double w;
        switch (mode) {
          case TOKEN_MEAN:
            w = 1 / count;
            break;
          case SEQ_MEAN_TOKEN_MEAN:
            w = 1 / (rows * rowCount);
            break;
          case SEQ_MEAN_TOKEN_SUM:
            w = 1.0 / rows;
            break;
          default:
            w = 1.0 / width;
            break;
        }
        expected -= w * batch.adv[i][t];
        assertThat(g[i][t]).isCloseTo(-w * batch.adv[i][t], org.assertj.core.data.Offset.offset(1e-14));
      }
    }
    assertThat(r.loss()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.stats().meanRatio()).isEqualTo(1.0);
    assertThat(r.stats().approxKl()).isZero();
    assertThat(r.stats().clipFractionLow() + r.stats().clipFractionHigh()).isZero();
  }

  @Property(tries = 25)
  void fusedAndOpsAgreeOnRaggedRowsOfAnyLength(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int rows, @ForAll Aggregation mode) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] lengths = new int[rows];
    for (int i = 0; i < rows; i++) {
      lengths[i] = rnd.nextInt(70);
    }
    lengths[rnd.nextInt(rows)] += 1;
    io.hicra.core.BatchLayout layout = io.hicra.core.BatchLayout.ofLengths(lengths);
    int n = layout.tokens();
    double[] lp = new double[n];
    double[] old = new double[n];
    double[] adv = new double[n];
    for (int t = 0; t < n; t++) {
      old[t] = -3 * rnd.nextDouble();
      lp[t] = old[t] + rnd.nextGaussian() * 0.5;
      adv[t] = rnd.nextGaussian();
    }
    PolicyLossConfig config = PolicyLossConfig.builder().aggregation(mode).dualClip().build();
    PolicyLossInputs in = PolicyLossInputs.ragged(layout,
        Nd4j.createFromArray(lp).castTo(DataType.FLOAT), Nd4j.createFromArray(old).castTo(DataType.FLOAT),
        Nd4j.createFromArray(adv).castTo(DataType.FLOAT));
    PolicyLossResult fused = PolicyLoss.of(config).compute(in);
    PolicyLossResult ops = PolicyLoss.of(config).computeWithOps(in);
    assertThat(fused.loss()).isCloseTo(ops.loss(), GradientTest.within(ops.loss(), 2e-5));
    double[][] gf = {fused.gradLogpNew().toDoubleVector()};
    double[][] go = {ops.gradLogpNew().toDoubleVector()};
    assertThat(GradientTest.relativeError(gf, go)).isLessThan(2e-5);
  }
}
