package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Mask layouts in the FLOAT fused kernels: the mask pre-pass tells which rows are ones then zeros
 * (right padding), the vector kernel then runs such rows without reading their mask and must give
 * bit for bit what it gives when it reads it, and masks with holes still take the general path
 * and agree with the double-precision kernel. Rows are several {@code VectorKernel} chunks (2048
 * tokens) long, so that chunks of ones, of padding and with the boundary all occur.
 */
class MaskLayoutTest {
  private static final int LAYOUTS = 8;

  /** A 0/1 mask row of {@code length} values in one of {@link #LAYOUTS} layouts. */
  static float[] maskRow(SplittableRandom rnd, int layout, int length) {
    float[] m = new float[length];
    int cut = length == 0 ? 0 : rnd.nextInt(length + 1);
    for (int t = 0; t < length; t++) {
      switch (layout) {
        case 0: // ones then zeros
          m[t] = t < cut ? 1 : 0;
          break;
        case 1: // ones then zeros, then a single one at the very end
          m[t] = t < cut || t == length - 1 ? 1 : 0;
          break;
        case 2: // ones then zeros with one hole among the ones
          m[t] = t < cut && t != cut / 2 ? 1 : 0;
          break;
        case 3: // zeros then ones (left padding)
          m[t] = t >= cut ? 1 : 0;
          break;
        case 4: // every value random
          m[t] = rnd.nextInt(3) == 0 ? 0 : 1;
          break;
        case 5: // all ones
          m[t] = 1;
          break;
        case 6: // all zeros
          m[t] = 0;
          break;
        default: // runs of 700
          m[t] = (t / 700) % 2 == 0 ? 1 : 0;
          break;
      }
    }
    return m;
  }

  /** Brute force: the number of leading ones if every later value is 0, else −1. */
  static int expectedPrefix(float[] m) {
    int ones = 0;
    while (ones < m.length && m[ones] == 1) {
      ones++;
    }
    for (int t = ones; t < m.length; t++) {
      if (m[t] != 0) {
        return -1;
      }
    }
    return ones;
  }

  @Property(tries = 60)
  void thePrePassFindsExactlyTheOnesThenZerosRows(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int rows) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] m = new float[rows][];
    int[] start = new int[rows];
    int[] length = new int[rows];
    int total = 0;
    for (int b = 0; b < rows; b++) {
      // Lengths from 0 to a little over three chunks, most not a multiple of the lane count.
      length[b] = rnd.nextInt(8) == 0 ? rnd.nextInt(20) : rnd.nextInt(6_500);
      m[b] = maskRow(rnd, rnd.nextInt(LAYOUTS), length[b]);
      start[b] = total;
      total += length[b];
    }
    ByteBuffer mask = direct(total);
    for (int b = 0; b < rows; b++) {
      for (int t = 0; t < length[b]; t++) {
        mask.putFloat((start[b] + t) << 2, m[b][t]);
      }
    }
    for (FusedKernel kernel : List.of(Kernels.floatKernel(), Kernels.scalarKernel())) {
      double[] counts = new double[rows];
      int[] prefix = new int[rows];
      assertThat(kernel.rowSumsFloat(mask, start, length, counts, prefix)).isZero();
      for (int b = 0; b < rows; b++) {
        double ones = 0;
        for (float x : m[b]) {
          ones += x;
        }
        assertThat(counts[b]).as("%s row %d", kernel.name(), b).isEqualTo(ones);
        assertThat(prefix[b]).as("%s row %d", kernel.name(), b).isEqualTo(expectedPrefix(m[b]));
      }
      double[] again = new double[rows];
      kernel.rowSumsFloat(mask, start, length, again, null);
      assertThat(again).isEqualTo(counts);
    }
  }

  @Test
  void aRowAtTheLengthLimitIsNotClassified() {
    assertThat(FusedKernel.prefixLength(3, 3, 10)).isEqualTo(3);
    assertThat(FusedKernel.prefixLength(3, 4, 10)).isEqualTo(-1);
    assertThat(FusedKernel.prefixLength(3, 3, FusedKernel.MAX_PREFIX_ROW)).isEqualTo(-1);
    assertThat(FusedKernel.prefixLength(2.5, 1.5, 10)).isEqualTo(-1);
  }

  @Test
  void skippingTheMaskOfOnesThenZerosRowsChangesNoBit() {
    for (PolicyLossConfig config : List.of(
        PolicyLossConfig.defaults(),
        PolicyLossConfig.builder().dualClip().build(),
        PolicyLossConfig.builder().kl(KlEstimator.K1, 0.1).build(),
        PolicyLossConfig.builder().kl(KlEstimator.K2, 0.1).dualClip(2.5).build(),
        PolicyLossConfig.builder().kl(KlEstimator.K3, 0.04).dualClip().build(),
        PolicyLossConfig.builder().logRatioClamp(0.5).kl(KlEstimator.K3, 0.01).klClamp(0.3).build())) {
      Direct batch = new Direct(config.hashCode(), 14, 6_151);
      KernelParams p = new KernelParams(config);
      FusedKernel kernel = Kernels.floatKernel();
      double[] counts = new double[batch.rows];
      int[] prefix = new int[batch.rows];
      kernel.rowSumsFloat(batch.mask, batch.start, batch.length, counts, prefix);
      assertThat(prefix).as("some rows are ones then zeros, some not").contains(-1);
      assertThat(java.util.Arrays.stream(prefix).filter(x -> x >= 0).count()).isGreaterThan(4);
      double[] scale = new double[batch.rows];
      for (int b = 0; b < scale.length; b++) {
        scale[b] = counts[b] > 0 ? 1 / (3 * counts[b]) : 0;
      }
      ByteBuffer read = direct(batch.n);
      ByteBuffer skipped = direct(batch.n);
      Accumulator readAcc = new Accumulator();
      Accumulator skippedAcc = new Accumulator();
      ByteBuffer ref = config.usesReference() ? batch.ref : null;
      kernel.runFloat(batch.logpNew, batch.logpOld, batch.adv, ref, batch.mask, read, batch.start,
          batch.length, scale, null, p, readAcc);
      kernel.runFloat(batch.logpNew, batch.logpOld, batch.adv, ref, batch.mask, skipped,
          batch.start, batch.length, scale, prefix, p, skippedAcc);
      for (int i = 0; i < batch.n; i++) {
        assertThat(Float.floatToRawIntBits(skipped.getFloat(i << 2)))
            .as("%s gradient %d", config, i)
            .isEqualTo(Float.floatToRawIntBits(read.getFloat(i << 2)));
      }
      assertThat(skippedAcc).as("%s", config).usingRecursiveComparison().isEqualTo(readAcc);
      assertThat(readAcc.inputsValid()).isTrue();
    }
  }

  @Test
  void masksWithHolesAgreeWithTheDoubleKernel() {
    for (PolicyLossConfig config : List.of(
        PolicyLossConfig.defaults(),
        PolicyLossConfig.builder().aggregation(PolicyLossConfig.Aggregation.SEQ_MEAN_TOKEN_MEAN)
            .dualClip().kl(KlEstimator.K3, 0.04).build())) {
      TestBatch batch = new TestBatch(config.hashCode(), 6, 5_003, 1, true);
      SplittableRandom rnd = new SplittableRandom(5);
      for (int b = 0; b < batch.rows; b++) {
        float[] m = maskRow(rnd, b % LAYOUTS, batch.width);
        for (int t = 0; t < batch.width; t++) {
          batch.mask[b][t] = m[t];
        }
      }
      PolicyLoss loss = PolicyLoss.of(config);
      PolicyLossResult exact =
          loss.computeFused(batch.inputs(config, DataType.DOUBLE, false), Kernels.scalarKernel());
      PolicyLossResult vector =
          loss.computeFused(batch.inputs(config, DataType.FLOAT, false), Kernels.floatKernel());
      EngineAgreementTest.assertClose(vector, exact, 2e-5);
      GradientTest.assertZeroOnPadding(vector.gradLogpNew().toDoubleMatrix(), batch.mask);
    }
  }

  static ByteBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(4 * Math.max(floats, 1)).order(ByteOrder.nativeOrder());
  }

  /** A padded batch in direct buffers, its mask rows in every layout in turn. */
  static final class Direct {
    final int rows;
    final int n;
    final int[] start;
    final int[] length;
    final ByteBuffer logpNew;
    final ByteBuffer logpOld;
    final ByteBuffer adv;
    final ByteBuffer ref;
    final ByteBuffer mask;

    Direct(long seed, int rows, int width) {
      SplittableRandom rnd = new SplittableRandom(seed);
      this.rows = rows;
      n = rows * width;
      start = new int[rows];
      length = new int[rows];
      logpNew = direct(n);
      logpOld = direct(n);
      adv = direct(n);
      ref = direct(n);
      mask = direct(n);
      for (int b = 0; b < rows; b++) {
        start[b] = b * width;
        length[b] = width - rnd.nextInt(9);
        float[] m = maskRow(rnd, b % LAYOUTS, length[b]);
        float a = (float) rnd.nextDouble(-2, 2);
        for (int t = 0; t < length[b]; t++) {
          int at = (start[b] + t) << 2;
          float old = (float) (-0.1 - 3 * rnd.nextDouble());
          logpOld.putFloat(at, old);
          logpNew.putFloat(at, old + (float) (0.5 * rnd.nextGaussian()));
          ref.putFloat(at, old + (float) (2 * rnd.nextGaussian()));
          adv.putFloat(at, t % 9 == 0 ? -1.3f * a : a);
          mask.putFloat(at, m[t]);
        }
      }
    }
  }
}
