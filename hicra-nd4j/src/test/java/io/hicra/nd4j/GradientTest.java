package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.nd4j.PolicyLossConfig.Aggregation;
import io.hicra.nd4j.PolicyLossConfig.EmptySequences;
import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In float64: the analytic gradients of both eager engines against central finite differences of
 * the independent reference (relative error below 1e-6), the loss against the reference, SameDiff's
 * autodiff against the eager gradient, and exact zeros on padding — for every aggregation mode,
 * both empty-sequence rules, dual clip, each KL estimator and the entropy bonus, on batches whose
 * tokens cover every clip region.
 */
class GradientTest {
  /**
   * Central-difference step: the error is about {@code h²·f'''/6 + ε·|loss|/h}; with losses of
   * order 1 and gradients down to 1e-4 (logits of the entropy term), 2e-5 keeps both terms near
   * 1e-9 relative, far below the 1e-6 the tests require.
   */
  private static final double FD_STEP = 2e-5;

  static Stream<PolicyLossConfig> configs() {
    List<PolicyLossConfig> out = new ArrayList<>();
    for (Aggregation mode : Aggregation.values()) {
      out.add(PolicyLossConfig.builder().aggregation(mode).build());
      out.add(PolicyLossConfig.builder().aggregation(mode).dualClip().kl(KlEstimator.K3, 0.05)
          .build());
      out.add(PolicyLossConfig.builder().aggregation(mode).kl(KlEstimator.K1, 0.1).build());
      out.add(PolicyLossConfig.builder().aggregation(mode).dualClip(3.0).clip(0.2)
          .kl(KlEstimator.K2, 0.2).entropyCoefficient(0.01).build());
      if (mode == Aggregation.SEQ_MEAN_TOKEN_MEAN || mode == Aggregation.SEQ_MEAN_TOKEN_SUM) {
        out.add(PolicyLossConfig.builder().aggregation(mode)
            .emptySequences(EmptySequences.INCLUDE).dualClip().build());
      }
    }
    out.add(PolicyLossConfig.builder().aggregation(Aggregation.TOKEN_SUM_NORM)
        .sumNormConstant(4096).dualClip(4.5).build());
    out.add(PolicyLossConfig.builder().kl(KlEstimator.K3, 0.3).klClamp(Double.POSITIVE_INFINITY)
        .logRatioClamp(Double.POSITIVE_INFINITY).build());
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void analyticGradientMatchesFiniteDifferencesAndReference(PolicyLossConfig config) {
    TestBatch batch = new TestBatch(seed(config), 4, 9, 5, true);
    ReferenceLoss reference = batch.reference(config);
    double expectedLoss = reference.loss(config);
    double[][] fd = reference.finiteDifferenceGradient(config, FD_STEP);
    boolean logits = config.entropyCoefficient() > 0;
    PolicyLossInputs in = batch.inputs(config, DataType.DOUBLE, logits);
    PolicyLoss loss = PolicyLoss.of(config);

    for (PolicyLossResult r : List.of(loss.computeFused(in, Kernels.scalarKernel()), loss.computeWithOps(in))) {
      assertThat(r.loss()).isCloseTo(expectedLoss, within(expectedLoss, 1e-12));
      double[][] grad = r.gradLogpNew().toDoubleMatrix();
      assertThat(relativeError(grad, fd)).as("gradient vs finite differences").isLessThan(1e-6);
      assertZeroOnPadding(grad, batch.mask);
      double[] clips = reference.clipCounts(config);
      double n = r.stats().validTokens();
      assertThat(r.stats().clipFractionLow()).isCloseTo(clips[0] / n, within(1, 1e-12));
      assertThat(r.stats().clipFractionHigh()).isCloseTo(clips[1] / n, within(1, 1e-12));
      assertThat(r.stats().dualClipFraction()).isCloseTo(clips[2] / n, within(1, 1e-12));
      if (logits) {
        double[][][] fdz = reference.finiteDifferenceLogitGradient(config, FD_STEP);
        double[][][] gz = toCube(r.gradLogits());
        assertThat(relativeError(flatten(gz), flatten(fdz)))
            .as("logit gradient vs finite differences").isLessThan(1e-6);
        for (int b = 0; b < batch.rows; b++) {
          for (int t = 0; t < batch.width; t++) {
            if (batch.mask[b][t] == 0) {
              for (double v : gz[b][t]) {
                assertThat(Double.doubleToRawLongBits(v)).isZero();
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void sameDiffAutodiffMatchesEagerGradient(PolicyLossConfig config) {
    TestBatch batch = new TestBatch(31L * seed(config), 3, 7, 4, true);
    boolean logits = config.entropyCoefficient() > 0;
    PolicyLossInputs in = batch.inputs(config, DataType.DOUBLE, logits);
    PolicyLossResult eager = PolicyLoss.of(config).compute(in);

    SameDiff sd = SameDiff.create();
    SDVariable lp = sd.var("logpNew", in.logpNew().dup());
    SDVariable z = logits ? sd.var("logits", in.logits().dup()) : null;
    SDVariable ref = config.usesReference() ? sd.constant("ref", in.logpRef()) : null;
    SDVariable loss =
        PolicyLossGraph.loss(
            sd, config, lp, sd.constant("old", in.logpOld()), sd.constant("adv", in.advantages()),
            sd.constant("mask", in.mask()), ref, z);
    sd.setLossVariables(loss);
    double value = loss.eval().getDouble(0);
    Map<String, INDArray> grads =
        logits
            ? sd.calculateGradients(new HashMap<>(), "logpNew", "logits")
            : sd.calculateGradients(new HashMap<>(), "logpNew");

    double expected = batch.reference(config).loss(config);
    assertThat(eager.loss()).as("eager vs reference").isCloseTo(expected, within(expected, 1e-12));
    assertThat(value).as("SameDiff vs eager").isCloseTo(eager.loss(), within(eager.loss(), 1e-12));
    double[][] g = grads.get("logpNew").toDoubleMatrix();
    assertThat(relativeError(g, eager.gradLogpNew().toDoubleMatrix())).isLessThan(1e-10);
    if (logits) {
      assertThat(relativeError(flatten(toCube(grads.get("logits"))), flatten(toCube(eager.gradLogits()))))
          .isLessThan(1e-10);
    }
  }

  @Test
  void batchesCoverEveryRegion() {
    TestBatch batch = new TestBatch(7, 4, 9, 5, true);
    Set<TestBatch.Region> seen = EnumSet.noneOf(TestBatch.Region.class);
    for (int b = 0; b < batch.rows; b++) {
      for (int t = 0; t < batch.width; t++) {
        if (batch.mask[b][t] == 1) {
          seen.add(batch.region[b][t]);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(TestBatch.Region.values());
    PolicyLossConfig dual = PolicyLossConfig.builder().dualClip().build();
    double[] clips = batch.reference(dual).clipCounts(dual);
    assertThat(clips[0]).as("low clips").isPositive();
    assertThat(clips[1]).as("high clips").isPositive();
    assertThat(clips[2]).as("dual clips").isPositive();
  }

  @Test
  void logitsPathChainsThroughLogSoftmax() {
    // lossFromLogits: d loss / d z_j = g_t (1{j = id} − p_j) + the entropy term's gradient.
    PolicyLossConfig config =
        PolicyLossConfig.builder().aggregation(Aggregation.SEQ_MEAN_TOKEN_MEAN).dualClip()
            .entropyCoefficient(0.02).build();
    TestBatch batch = new TestBatch(99, 3, 5, 6, false);
    INDArray z = Nd4j.createFromArray(batch.logits);
    int[][] ids = new int[batch.rows][batch.width];
    double[][] logpNew = new double[batch.rows][batch.width];
    double[][][] p = new double[batch.rows][batch.width][batch.vocab];
    for (int b = 0; b < batch.rows; b++) {
      for (int t = 0; t < batch.width; t++) {
        ids[b][t] = (b * 7 + t * 3) % batch.vocab;
        double[] row = batch.logits[b][t];
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
          max = Math.max(max, v);
        }
        double s = 0;
        for (double v : row) {
          s += Math.exp(v - max);
        }
        for (int j = 0; j < batch.vocab; j++) {
          p[b][t][j] = Math.exp(row[j] - max) / s;
        }
        logpNew[b][t] = Math.log(p[b][t][ids[b][t]]);
      }
    }
    INDArray old = TestBatch.array(batch.logpOld, DataType.DOUBLE);
    INDArray adv = TestBatch.array(batch.adv, DataType.DOUBLE);
    INDArray mask = TestBatch.array(batch.mask, DataType.DOUBLE);
    PolicyLossResult eager =
        PolicyLoss.of(config).compute(
            PolicyLossInputs.padded(TestBatch.array(logpNew, DataType.DOUBLE), old, adv, mask)
                .withLogits(z));

    SameDiff sd = SameDiff.create();
    SDVariable logits = sd.var("logits", z.dup());
    SDVariable loss =
        PolicyLossGraph.lossFromLogits(
            sd, config, logits, sd.constant("ids", Nd4j.createFromArray(ids)), batch.vocab,
            sd.constant("old", old), sd.constant("adv", adv), sd.constant("mask", mask), null);
    sd.setLossVariables(loss);
    double value = loss.eval().getDouble(0);
    double[][][] gz = toCube(sd.calculateGradients(new HashMap<>(), "logits").get("logits"));

    double[][] g = eager.gradLogpNew().toDoubleMatrix();
    double[][][] ge = toCube(eager.gradLogits());
    for (int b = 0; b < batch.rows; b++) {
      for (int t = 0; t < batch.width; t++) {
        for (int j = 0; j < batch.vocab; j++) {
          ge[b][t][j] += g[b][t] * ((j == ids[b][t] ? 1 : 0) - p[b][t][j]);
        }
      }
    }
    assertThat(value).isCloseTo(eager.loss(), within(eager.loss(), 1e-12));
    assertThat(relativeError(flatten(gz), flatten(ge))).isLessThan(1e-10);
  }

  static org.assertj.core.data.Offset<Double> within(double expected, double relative) {
    return org.assertj.core.data.Offset.offset(relative * Math.max(1.0, Math.abs(expected)));
  }

  static double relativeError(double[][] a, double[][] b) {
    double diff = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        diff += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
        na += a[i][j] * a[i][j];
        nb += b[i][j] * b[i][j];
      }
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(Math.max(na, nb)), 1e-300);
  }

  static void assertZeroOnPadding(double[][] grad, double[][] mask) {
    for (int b = 0; b < grad.length; b++) {
      for (int t = 0; t < grad[b].length; t++) {
        if (mask[b][t] == 0) {
          assertThat(Double.doubleToRawLongBits(grad[b][t]))
              .as("gradient at padding [%d, %d] is +0.0", b, t).isZero();
        }
      }
    }
  }

  static double[][][] toCube(INDArray a) {
    int rows = (int) a.size(0);
    double[][][] out = new double[rows][][];
    for (int b = 0; b < rows; b++) {
      out[b] = a.slice(b).toDoubleMatrix();
    }
    return out;
  }

  static double[][] flatten(double[][][] x) {
    double[][] out = new double[x.length * x[0].length][];
    int k = 0;
    for (double[][] plane : x) {
      for (double[] row : plane) {
        out[k++] = row;
      }
    }
    return out;
  }

  /** A seed that is the same in every JVM (enum hash codes are not). */
  static long seed(PolicyLossConfig config) {
    return config.toString().hashCode();
  }
}
