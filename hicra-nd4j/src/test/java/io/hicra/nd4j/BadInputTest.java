package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.core.BatchLayout;
import io.hicra.nd4j.PolicyLossConfig.Engine;
import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Clear errors, never a NaN loss: shapes, types, values, empty batches, configuration ranges. */
class BadInputTest {
  private static INDArray ones(DataType dt, long... shape) {
    return Nd4j.ones(dt, shape);
  }

  private static PolicyLoss loss(Engine engine) {
    return PolicyLoss.of(PolicyLossConfig.builder().engine(engine).build());
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                ones(DataType.FLOAT, 2, 5), ones(DataType.FLOAT, 2, 4), ones(DataType.FLOAT, 2, 5),
                ones(DataType.FLOAT, 2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logpOld has shape [2, 4] but logpNew has shape [2, 5]");
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                ones(DataType.FLOAT, 2, 5), ones(DataType.FLOAT, 2, 5), ones(DataType.FLOAT, 2, 5),
                ones(DataType.FLOAT, 5, 2)))
        .hasMessage("mask has shape [5, 2] but logpNew has shape [2, 5]");
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                ones(DataType.FLOAT, 10), ones(DataType.FLOAT, 10), ones(DataType.FLOAT, 10),
                ones(DataType.FLOAT, 10)))
        .hasMessageContaining("logpNew must be [B, T] (rank 2), got shape [10]");
    PolicyLossInputs in = PolicyLossInputs.padded(
        ones(DataType.FLOAT, 2, 5), ones(DataType.FLOAT, 2, 5), ones(DataType.FLOAT, 2, 5),
        ones(DataType.FLOAT, 2, 5));
    assertThatThrownBy(() -> in.withReference(ones(DataType.FLOAT, 2, 6)))
        .hasMessage("logpRef has shape [2, 6] but logpNew has shape [2, 5]");
    assertThatThrownBy(() -> in.withLogits(ones(DataType.FLOAT, 2, 4, 7)))
        .hasMessage("logits must be [B, T, V] with V > 0 for logpNew of shape [2, 5], got shape [2, 4, 7]");
    BatchLayout layout = BatchLayout.ofLengths(3, 4);
    assertThatThrownBy(
            () -> PolicyLossInputs.ragged(
                layout, ones(DataType.FLOAT, 6), ones(DataType.FLOAT, 6), ones(DataType.FLOAT, 6)))
        .hasMessage("logpNew must be [N] with N = layout.tokens() = 7, got shape [6]");
  }

  @Test
  void typeMismatchAndUnsupportedTypes() {
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                ones(DataType.FLOAT, 2, 3), ones(DataType.DOUBLE, 2, 3), ones(DataType.FLOAT, 2, 3),
                ones(DataType.FLOAT, 2, 3)))
        .hasMessage("logpOld has data type DOUBLE but logpNew has FLOAT");
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                ones(DataType.HALF, 2, 3), ones(DataType.HALF, 2, 3), ones(DataType.HALF, 2, 3),
                ones(DataType.HALF, 2, 3)))
        .hasMessage("logpNew must be FLOAT or DOUBLE, got HALF (shape [2, 3])");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"FUSED_JAVA", "ND4J_OPS"})
  void nonFiniteValuesNameTheFirstIndex(Engine engine) {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray old = ones(dt, 3, 20).muli(-1);
      old.putScalar(new long[] {1, 17}, Double.NaN);
      old.putScalar(new long[] {2, 3}, Double.NaN);
      INDArray mask = ones(dt, 3, 20);
      assertThatThrownBy(() -> loss(engine).compute(ones(dt, 3, 20).muli(-1), old, ones(dt, 3, 20), mask))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("logpOld[1, 17] = NaN is not finite (shape [3, 20])");
      INDArray adv = ones(dt, 3, 20);
      adv.putScalar(new long[] {0, 2}, Double.POSITIVE_INFINITY);
      assertThatThrownBy(() -> loss(engine).compute(ones(dt, 3, 20), ones(dt, 3, 20), adv, mask))
          .hasMessage("advantages[0, 2] = Infinity is not finite (shape [3, 20])");
      // Padding counts too: it must hold finite values.
      INDArray lp = ones(dt, 3, 20).muli(-1);
      lp.putScalar(new long[] {2, 19}, Double.NEGATIVE_INFINITY);
      INDArray padded = ones(dt, 3, 20);
      padded.putScalar(new long[] {2, 19}, 0);
      assertThatThrownBy(() -> loss(engine).compute(lp, ones(dt, 3, 20), ones(dt, 3, 20), padded))
          .hasMessage("logpNew[2, 19] = -Infinity is not finite (shape [3, 20])");
      BatchLayout layout = BatchLayout.ofLengths(4, 0, 5);
      INDArray ref = ones(dt, 9);
      ref.putScalar(6, Double.NaN);
      PolicyLoss k3 = PolicyLoss.of(PolicyLossConfig.builder().engine(engine).kl(KlEstimator.K3, 0.1).build());
      assertThatThrownBy(() -> k3.compute(
              PolicyLossInputs.ragged(layout, ones(dt, 9), ones(dt, 9), ones(dt, 9)).withReference(ref)))
          .hasMessage("logpRef[6] = NaN is not finite (shape [9])");
    }
  }

  /** Every input, every non-finite value, in vector lanes, in padding and in valid tokens. */
  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"FUSED_JAVA", "ND4J_OPS"})
  void nonFiniteValuesAreFoundAnywhere(Engine engine) {
    PolicyLoss k3 = PolicyLoss.of(PolicyLossConfig.builder().engine(engine).dualClip().kl(KlEstimator.K3, 0.1).build());
    String[] names = {"logpNew", "logpOld", "advantages", "logpRef"};
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        for (int which = 0; which < 4; which++) {
          for (int col : new int[] {5, 37}) {
            INDArray[] x = {ones(dt, 2, 64).muli(-1), ones(dt, 2, 64).muli(-1.1), ones(dt, 2, 64), ones(dt, 2, 64).muli(-1.05)};
            INDArray mask = ones(dt, 2, 64);
            mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.interval(30, 64)).assign(0);
            x[which].putScalar(new long[] {1, col}, bad);
            PolicyLossInputs in = PolicyLossInputs.padded(x[0], x[1], x[2], mask).withReference(x[3]);
            assertThatThrownBy(() -> k3.compute(in))
                .as("%s %s = %s at column %d", dt, names[which], bad, col)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(names[which] + "[1, " + col + "] = " + bad + " is not finite (shape [2, 64])");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"FUSED_JAVA", "ND4J_OPS"})
  void masksMustBeZeroOrOne(Engine engine) {
    for (int col : new int[] {3, 40}) {
      INDArray mask = ones(DataType.FLOAT, 2, 64);
      mask.putScalar(new long[] {1, col}, -1);
      assertThatThrownBy(() -> loss(engine).compute(ones(DataType.FLOAT, 2, 64), ones(DataType.FLOAT, 2, 64), ones(DataType.FLOAT, 2, 64), mask))
          .hasMessage("mask[1, " + col + "] = -1.0 is neither 0 nor 1 (shape [2, 64])");
    }
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray mask = ones(dt, 2, 11);
      mask.putScalar(new long[] {1, 9}, 0.5);
      assertThatThrownBy(() -> loss(engine).compute(ones(dt, 2, 11), ones(dt, 2, 11), ones(dt, 2, 11), mask))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("mask[1, 9] = 0.5 is neither 0 nor 1 (shape [2, 11])");
      INDArray nan = Nd4j.zeros(dt, 2, 11);
      nan.putScalar(new long[] {0, 4}, Double.NaN);
      assertThatThrownBy(() -> loss(engine).compute(ones(dt, 2, 11), ones(dt, 2, 11), ones(dt, 2, 11), nan))
          .hasMessage("mask[0, 4] = NaN is neither 0 nor 1 (shape [2, 11])");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"FUSED_JAVA", "ND4J_OPS"})
  void emptyBatchesAreRefused(Engine engine) {
    INDArray zeros = Nd4j.zeros(DataType.FLOAT, 2, 4);
    assertThatThrownBy(() -> loss(engine).compute(zeros, zeros, zeros, zeros))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty batch: no valid token (mask sums to 0.0 over shape [2, 4])");
    assertThatThrownBy(
            () -> PolicyLossInputs.padded(
                Nd4j.zeros(DataType.FLOAT, 0, 4), Nd4j.zeros(DataType.FLOAT, 0, 4),
                Nd4j.zeros(DataType.FLOAT, 0, 4), Nd4j.zeros(DataType.FLOAT, 0, 4)))
        .hasMessage("empty batch: logpNew has shape [0, 4]");
    assertThatThrownBy(
            () -> PolicyLossInputs.ragged(BatchLayout.ofLengths(0, 0), zeros, zeros, zeros))
        .hasMessage("empty batch: layout has 2 rollouts and 0 tokens");
  }

  @Test
  void missingReferenceOrLogits() {
    INDArray x = ones(DataType.FLOAT, 2, 3);
    PolicyLossInputs in = PolicyLossInputs.padded(x, x, x, x);
    assertThatThrownBy(() -> PolicyLoss.of(PolicyLossConfig.builder().kl(KlEstimator.K2, 0.1).build()).compute(in))
        .hasMessageStartingWith("the KL term (K2) needs reference log-probs");
    assertThatThrownBy(() -> PolicyLoss.of(PolicyLossConfig.builder().entropyCoefficient(0.1).build()).compute(in))
        .hasMessageStartingWith("the entropy bonus (entropyCoefficient 0.1) needs logits");
  }

  @Test
  void logitsMustBeFinite() {
    INDArray x = ones(DataType.FLOAT, 2, 3);
    INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
    z.putScalar(new long[] {1, 2, 3}, Float.NaN);
    PolicyLossInputs in = PolicyLossInputs.padded(x, x, x, x).withLogits(z);
    assertThatThrownBy(() -> PolicyLoss.of(PolicyLossConfig.builder().entropyCoefficient(0.1).build()).compute(in))
        .hasMessage("logits[1, 2, 3] = NaN is not finite (shape [2, 3, 4])");
  }

  /**
   * Right-padded rows several vector-kernel chunks (2048 tokens) long, where the kernel does not
   * read the mask: bad values in a chunk of ones, in the chunk with the boundary, in a chunk of
   * padding and in the row's scalar tail are all found.
   */
  @Test
  void nonFiniteValuesAreFoundInLongRightPaddedRows() {
    PolicyLoss k3 = PolicyLoss.of(PolicyLossConfig.builder().kl(KlEstimator.K3, 0.1).build());
    String[] names = {"logpNew", "logpOld", "advantages", "logpRef"};
    int width = 3 * 2048 + 5;
    for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
      for (int which = 0; which < 4; which++) {
        for (int col : new int[] {100, 3000, 5000, width - 2}) {
          INDArray[] x = {ones(DataType.FLOAT, 2, width).muli(-1), ones(DataType.FLOAT, 2, width).muli(-1.1),
              ones(DataType.FLOAT, 2, width), ones(DataType.FLOAT, 2, width).muli(-1.05)};
          INDArray mask = ones(DataType.FLOAT, 2, width);
          mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
              org.nd4j.linalg.indexing.NDArrayIndex.interval(2100, width)).assign(0);
          x[which].putScalar(new long[] {1, col}, bad);
          PolicyLossInputs in = PolicyLossInputs.padded(x[0], x[1], x[2], mask).withReference(x[3]);
          assertThatThrownBy(() -> k3.compute(in))
              .as("%s = %s at column %d", names[which], bad, col)
              .hasMessage(names[which] + "[1, " + col + "] = " + bad + " is not finite (shape [2, "
                  + width + "])");
        }
      }
    }
  }

  @Test
  void overflowWithoutTheClampIsAnErrorNotNaN() {
    INDArray lp = Nd4j.zeros(DataType.FLOAT, 1, 3);
    INDArray old = Nd4j.zeros(DataType.FLOAT, 1, 3);
    old.putScalar(new long[] {0, 1}, -200);
    INDArray adv = ones(DataType.FLOAT, 1, 3).muli(-1);
    PolicyLoss unclamped = PolicyLoss.of(PolicyLossConfig.builder().logRatioClamp(Double.POSITIVE_INFINITY).build());
    assertThatThrownBy(() -> unclamped.compute(lp, old, adv, ones(DataType.FLOAT, 1, 3)))
        .hasMessageContaining("overflowed on finite inputs: the log-ratio clamp is Infinity");
    PolicyLoss unclampedOps = PolicyLoss.of(PolicyLossConfig.builder().logRatioClamp(Double.POSITIVE_INFINITY)
        .engine(Engine.ND4J_OPS).build());
    assertThatThrownBy(() -> unclampedOps.compute(lp, old, adv, ones(DataType.FLOAT, 1, 3)))
        .hasMessageContaining("overflowed on finite inputs");
    double clamped = PolicyLoss.defaults().compute(lp, old, adv, ones(DataType.FLOAT, 1, 3)).loss();
    assertThat(clamped).isFinite();
  }

  @Test
  void configurationRanges() {
    assertThatThrownBy(() -> PolicyLossConfig.builder().clip(1.0, 0.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("clipLow must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> PolicyLossConfig.builder().clip(-0.1, 0.2))
        .hasMessage("clipLow must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> PolicyLossConfig.builder().clip(0.2, Double.NaN))
        .hasMessage("clipHigh must be in [0, 10], got NaN");
    assertThatThrownBy(() -> PolicyLossConfig.builder().dualClip(1.0))
        .hasMessage("dualClip c must be finite and > 1, got 1.0");
    assertThatThrownBy(() -> PolicyLossConfig.builder().kl(KlEstimator.K1, -1))
        .hasMessage("kl beta must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> PolicyLossConfig.builder().kl(KlEstimator.NONE, 0.5))
        .hasMessage("kl beta must be 0 with KlEstimator.NONE, got 0.5");
    assertThatThrownBy(() -> PolicyLossConfig.builder().entropyCoefficient(Double.POSITIVE_INFINITY))
        .hasMessage("entropyCoefficient must be finite and >= 0, got Infinity");
    assertThatThrownBy(() -> PolicyLossConfig.builder().sumNormConstant(-4))
        .hasMessage("sumNormConstant must be finite and > 0 (or 0 for the padded length), got -4.0");
    assertThatThrownBy(() -> PolicyLossConfig.builder().logRatioClamp(0))
        .hasMessage("logRatioClamp must be > 0, got 0.0");
    assertThatThrownBy(() -> PolicyLossConfig.builder().klClamp(Double.NaN))
        .hasMessage("klClamp must be > 0, got NaN");
  }
}
