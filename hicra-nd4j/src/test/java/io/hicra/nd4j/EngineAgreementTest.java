package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.BatchLayout;
import io.hicra.core.Padding;
import io.hicra.nd4j.PolicyLossConfig.Aggregation;
import io.hicra.nd4j.PolicyLossConfig.EmptySequences;
import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In float32: the Vector-API kernel, the scalar kernel and the ND4J-ops path agree with each other
 * and with the float64 result to float tolerance, on padded and ragged batches whose rows are not
 * multiples of the vector width; padded and ragged forms of one batch give the same numbers.
 */
class EngineAgreementTest {

  static Stream<PolicyLossConfig> configs() {
    List<PolicyLossConfig> out = new ArrayList<>();
    for (Aggregation mode : Aggregation.values()) {
      out.add(PolicyLossConfig.builder().aggregation(mode).build());
      out.add(PolicyLossConfig.builder().aggregation(mode).dualClip().kl(KlEstimator.K3, 0.04)
          .emptySequences(EmptySequences.INCLUDE).build());
    }
    out.add(PolicyLossConfig.builder().kl(KlEstimator.K1, 0.1).build());
    out.add(PolicyLossConfig.builder().kl(KlEstimator.K2, 0.1).dualClip(2.5).build());
    return out.stream();
  }

  @Test
  void vectorKernelIsActiveInTests() {
    // Surefire starts the JVM with --add-modules jdk.incubator.vector (see the module POM).
    assertThat(PolicyLoss.fusedKernelDescription()).startsWith("vector FloatVector");
    assertThat(Kernels.floatKernel()).isNotSameAs(Kernels.scalarKernel());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void floatEnginesAgree(PolicyLossConfig config) {
    TestBatch batch = new TestBatch(17L + seed(config), 6, 203, 1, true);
    PolicyLoss loss = PolicyLoss.of(config);
    PolicyLossResult exact = loss.computeFused(batch.inputs(config, DataType.DOUBLE, false), Kernels.scalarKernel());
    PolicyLossInputs in = batch.inputs(config, DataType.FLOAT, false);
    PolicyLossResult vector = loss.computeFused(in, Kernels.floatKernel());
    PolicyLossResult scalar = loss.computeFused(in, Kernels.scalarKernel());
    PolicyLossResult ops = loss.computeWithOps(in);
    for (PolicyLossResult r : List.of(vector, scalar, ops)) {
      assertThat(r.gradLogpNew().dataType()).isEqualTo(DataType.FLOAT);
      assertClose(r, exact, 2e-5);
      GradientTest.assertZeroOnPadding(r.gradLogpNew().toDoubleMatrix(), batch.mask);
    }
    assertClose(vector, scalar, 2e-5);
    assertClose(vector, ops, 2e-5);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void raggedAndPaddedAgree(PolicyLossConfig config) {
    TestBatch batch = new TestBatch(5L + seed(config), 5, 77, 1, true);
    int[] lengths = new int[batch.rows];
    for (int b = 0; b < batch.rows; b++) {
      for (double m : batch.mask[b]) {
        lengths[b] += (int) m;
      }
    }
    BatchLayout layout = BatchLayout.ofLengths(lengths);
    int width = layout.maxLength();
    PolicyLossConfig c = config.toBuilder().sumNormConstant(width).build();
    PolicyLoss loss = PolicyLoss.of(c);
    for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      INDArray lpN = flat(batch.logpNew, layout, dt);
      PolicyLossInputs ragged =
          PolicyLossInputs.ragged(layout, lpN, flat(batch.logpOld, layout, dt), flat(batch.adv, layout, dt));
      PolicyLossInputs padded = batch.inputs(c, dt, false);
      if (c.usesReference()) {
        ragged = ragged.withReference(flat(batch.ref, layout, dt));
      }
      PolicyLossResult p = loss.compute(padded);
      double tol = dt == DataType.FLOAT ? 2e-5 : 1e-12;
      for (PolicyLossResult r : List.of(loss.compute(ragged), loss.computeWithOps(ragged))) {
        assertThat(r.loss()).isCloseTo(p.loss(), GradientTest.within(p.loss(), tol));
        double[] g = r.gradLogpNew().toDoubleVector();
        double[][] gp = p.gradLogpNew().toDoubleMatrix();
        for (int b = 0; b < batch.rows; b++) {
          for (int j = 0; j < lengths[b]; j++) {
            assertThat(g[layout.start(b) + j]).isCloseTo(gp[b][j], org.assertj.core.data.Offset.offset(tol * 1e-1 + tol * Math.abs(gp[b][j])));
          }
        }
        assertThat(r.stats()).usingRecursiveComparison()
            .withComparatorForType((x, y) -> Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x)) ? 0 : Double.compare(x, y), Double.class)
            .isEqualTo(p.stats());
      }
    }
  }

  @Test
  void viewsAndFortranOrderAreReadCorrectly() {
    PolicyLossConfig config = PolicyLossConfig.defaults();
    TestBatch batch = new TestBatch(3, 4, 33, 1, false);
    PolicyLossInputs in = batch.inputs(config, DataType.FLOAT, false);
    PolicyLossResult expected = PolicyLoss.of(config).compute(in);
    PolicyLossInputs f =
        PolicyLossInputs.padded(in.logpNew().dup('f'), in.logpOld().dup('f'), in.advantages(), in.mask().dup('f'));
    assertClose(PolicyLoss.of(config).compute(f), expected, 1e-6);
    INDArray wide = Nd4j.zeros(DataType.FLOAT, 4, 40);
    wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 38)).assign(in.logpNew());
    INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 38));
    PolicyLossInputs v = PolicyLossInputs.padded(view, in.logpOld(), in.advantages(), in.mask());
    assertClose(PolicyLoss.of(config).compute(v), expected, 1e-6);
    // The inputs are not modified.
    assertThat(view.toDoubleMatrix()).isDeepEqualTo(in.logpNew().toDoubleMatrix());
  }

  /** The vector kernel's exp over its whole range: clamps off, log-ratios up to ±80. */
  @Test
  void wideLogRatiosWithoutClampsMatchDoublePrecision() {
    PolicyLossConfig config = PolicyLossConfig.builder().logRatioClamp(Double.POSITIVE_INFINITY)
        .kl(KlEstimator.K3, 0.01).klClamp(Double.POSITIVE_INFINITY).build();
    int width = 96;
    double[][] lpN = new double[2][width];
    double[][] lpO = new double[2][width];
    double[][] adv = new double[2][width];
    double[][] ref = new double[2][width];
    double[][] mask = new double[2][width];
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < width; t++) {
        // Float-representable values, so that both precisions see the same inputs.
        double d = -80 + 160.0 * (b * width + t) / (2 * width - 1);
        lpO[b][t] = -1;
        lpN[b][t] = (float) (-1 + d);
        adv[b][t] = (float) ((t % 2 == 0 ? 1 : -1) * 1e-20);
        ref[b][t] = (float) (lpN[b][t] + (t % 7 - 3) * 10);
        mask[b][t] = 1;
      }
    }
    PolicyLossInputs[] in = new PolicyLossInputs[2];
    DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
    for (int k = 0; k < 2; k++) {
      in[k] = PolicyLossInputs.padded(TestBatch.array(lpN, types[k]), TestBatch.array(lpO, types[k]),
          TestBatch.array(adv, types[k]), TestBatch.array(mask, types[k])).withReference(TestBatch.array(ref, types[k]));
    }
    PolicyLoss loss = PolicyLoss.of(config);
    PolicyLossResult exact = loss.computeFused(in[0], Kernels.scalarKernel());
    PolicyLossResult vector = loss.computeFused(in[1], Kernels.floatKernel());
    assertThat(vector.loss()).isCloseTo(exact.loss(), GradientTest.within(exact.loss(), 1e-5));
    assertThat(GradientTest.relativeError(vector.gradLogpNew().toDoubleMatrix(), exact.gradLogpNew().toDoubleMatrix()))
        .isLessThan(1e-5);
    assertThat(vector.stats().meanRatio()).isCloseTo(exact.stats().meanRatio(), GradientTest.within(exact.stats().meanRatio(), 1e-5));
    // Element by element the gradient is −r·A·w (+ β(1 − e^u)·w): this checks the kernel's exp
    // over e^−80..e^80 (values below float's normal range excepted). Besides exp's own error
    // (bound 1e-6 here) the float log-ratio d = logp_new − logp_old is rounded to its ulp, which
    // e^d turns into a relative error of the same size: two ulps of the larger exponent allowed.
    double[][] gv = vector.gradLogpNew().toDoubleMatrix();
    double[][] ge = exact.gradLogpNew().toDoubleMatrix();
    int checked = 0;
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < width; t++) {
        if (Math.abs(ge[b][t]) > 1e-30) {
          double exponent = Math.max(Math.abs(lpN[b][t] - lpO[b][t]), Math.abs(ref[b][t] - lpN[b][t]));
          double relative = 1e-6 + 2 * Math.ulp((float) exponent);
          assertThat(gv[b][t]).as("[%d, %d]", b, t)
              .isCloseTo(ge[b][t], org.assertj.core.data.Offset.offset(relative * Math.abs(ge[b][t])));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(40);
  }

  /**
   * On-policy inputs (logp_new = logp_old, the first update of a step): the vector kernel's
   * {@code e^0} is exactly 1, so nothing is clipped, the mean ratio is exactly 1 and every valid
   * token's gradient is exactly {@code −A·w} in float.
   */
  @Test
  void onPolicyRatiosAreExactlyOne() {
    TestBatch batch = new TestBatch(23, 4, 3000, 1, false);
    for (int b = 0; b < batch.rows; b++) {
      batch.logpNew[b] = batch.logpOld[b].clone();
    }
    PolicyLossConfig config = PolicyLossConfig.defaults();
    PolicyLossResult r =
        PolicyLoss.of(config).computeFused(batch.inputs(config, DataType.FLOAT, false), Kernels.floatKernel());
    assertThat(r.stats().meanRatio()).isEqualTo(1.0);
    assertThat(r.stats().clipFractionLow()).isZero();
    assertThat(r.stats().clipFractionHigh()).isZero();
    assertThat(r.stats().approxKl()).isZero();
    float w = (float) (1.0 / r.stats().validTokens());
    float[][] g = r.gradLogpNew().toFloatMatrix();
    for (int b = 0; b < batch.rows; b++) {
      for (int t = 0; t < batch.width; t++) {
        float expected = batch.mask[b][t] == 1 ? -((float) batch.adv[b][t] * w) : 0f;
        assertThat(g[b][t]).as("[%d, %d]", b, t).isEqualTo(expected);
      }
    }
  }

  @Test
  void computeIntoWritesTheCallersBuffer() {
    PolicyLossConfig config = PolicyLossConfig.builder().dualClip().build();
    TestBatch batch = new TestBatch(8, 3, 29, 1, true);
    PolicyLossInputs in = batch.inputs(config, DataType.FLOAT, false);
    PolicyLossResult expected = PolicyLoss.of(config).compute(in);
    for (PolicyLossConfig.Engine engine : List.of(PolicyLossConfig.Engine.FUSED_JAVA, PolicyLossConfig.Engine.ND4J_OPS)) {
      INDArray out = Nd4j.valueArrayOf(new long[] {3, 29}, 7f);
      PolicyLossResult r = PolicyLoss.of(config.toBuilder().engine(engine).build()).computeInto(in, out);
      assertThat(r.gradLogpNew()).isSameAs(out);
      assertClose(r, expected, 1e-6);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PolicyLoss.of(config).computeInto(in, Nd4j.zeros(DataType.FLOAT, 3, 28)))
        .hasMessage("gradOut is FLOAT [3, 28] but logpNew is FLOAT [3, 29]");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PolicyLoss.of(config).computeInto(in, Nd4j.zeros(DataType.FLOAT, 3, 29).dup('f')))
        .hasMessageStartingWith("gradOut must be a C-contiguous array");
  }

  @Test
  void engineSelectionIsReported() {
    TestBatch batch = new TestBatch(3, 2, 8, 1, false);
    PolicyLossConfig config = PolicyLossConfig.defaults();
    assertThat(PolicyLoss.of(config).engineFor(batch.inputs(config, DataType.FLOAT, false)))
        .startsWith("fused: vector");
    assertThat(PolicyLoss.of(config).engineFor(batch.inputs(config, DataType.DOUBLE, false)))
        .isEqualTo("fused: scalar");
    PolicyLossConfig ops = config.toBuilder().engine(PolicyLossConfig.Engine.ND4J_OPS).build();
    assertThat(PolicyLoss.of(ops).engineFor(batch.inputs(ops, DataType.FLOAT, false))).isEqualTo("nd4j-ops");
  }

  static INDArray flat(double[][] padded, BatchLayout layout, DataType dt) {
    int width = padded[0].length;
    double[] all = new double[padded.length * width];
    for (int b = 0; b < padded.length; b++) {
      System.arraycopy(padded[b], 0, all, b * width, width);
    }
    return Nd4j.createFromArray(Padding.unpad(all, layout, width)).castTo(dt);
  }

  static void assertClose(PolicyLossResult actual, PolicyLossResult expected, double tol) {
    assertThat(actual.loss()).isCloseTo(expected.loss(), GradientTest.within(expected.loss(), tol));
    double[][] a = actual.gradLogpNew().toDoubleMatrix();
    double[][] e = expected.gradLogpNew().toDoubleMatrix();
    assertThat(GradientTest.relativeError(a, e)).isLessThan(tol);
    PolicyLossStats s = actual.stats();
    PolicyLossStats x = expected.stats();
    assertThat(s.validTokens()).isEqualTo(x.validTokens());
    double n = x.validTokens();
    assertThat(s.clipFractionLow()).isCloseTo(x.clipFractionLow(), org.assertj.core.data.Offset.offset(1.5 / n));
    assertThat(s.clipFractionHigh()).isCloseTo(x.clipFractionHigh(), org.assertj.core.data.Offset.offset(1.5 / n));
    assertThat(s.dualClipFraction()).isCloseTo(x.dualClipFraction(), org.assertj.core.data.Offset.offset(1.5 / n));
    assertThat(s.approxKl()).isCloseTo(x.approxKl(), GradientTest.within(x.approxKl(), tol));
    assertThat(s.meanRatio()).isCloseTo(x.meanRatio(), GradientTest.within(x.meanRatio(), tol));
    if (Double.isNaN(x.kl())) {
      assertThat(s.kl()).isNaN();
    } else {
      assertThat(s.kl()).isCloseTo(x.kl(), GradientTest.within(x.kl(), tol));
    }
  }

  /** A seed that is the same in every JVM (enum hash codes are not). */
  static long seed(PolicyLossConfig config) {
    return config.toString().hashCode();
  }
}
