package io.hicra.nd4j;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random padded batches whose tokens are spread over every branch of the objective, each
 * far (> 0.01 in ratio) from the branch boundaries so that finite differences see smooth pieces.
 * Left-aligned rows of random length (row 1 is empty when {@code withEmptyRow}); padding holds
 * random finite values that must not matter.
 */
final class TestBatch {
  /** The branch a token is placed in. */
  enum Region {
    INSIDE,
    BELOW,
    ABOVE,
    DUAL,
    LOG_RATIO_CLAMPED
  }

  final int rows;
  final int width;
  final int vocab;
  final double[][] logpNew;
  final double[][] logpOld;
  final double[][] adv;
  final double[][] mask;
  final double[][] ref;
  final double[][][] logits;
  final Region[][] region;

  TestBatch(long seed, int rows, int width, int vocab, boolean withEmptyRow) {
    SplittableRandom rnd = new SplittableRandom(seed);
    this.rows = rows;
    this.width = width;
    this.vocab = vocab;
    logpNew = new double[rows][width];
    logpOld = new double[rows][width];
    adv = new double[rows][width];
    mask = new double[rows][width];
    ref = new double[rows][width];
    logits = new double[rows][width][vocab];
    region = new Region[rows][width];
    Region[] all = Region.values();
    for (int b = 0; b < rows; b++) {
      int length = withEmptyRow && b == 1 ? 0 : 1 + rnd.nextInt(width);
      for (int t = 0; t < width; t++) {
        Region reg = all[rnd.nextInt(all.length)];
        region[b][t] = reg;
        double old = -0.1 - 3 * rnd.nextDouble();
        double sign = rnd.nextBoolean() ? 1 : -1;
        double a = sign * (0.2 + 1.8 * rnd.nextDouble());
        double logRatio;
        switch (reg) {
          case INSIDE:
            logRatio = Math.log(0.9 + 0.2 * rnd.nextDouble());
            break;
          case BELOW:
            logRatio = Math.log(0.5 + 0.25 * rnd.nextDouble());
            break;
          case ABOVE:
            logRatio = Math.log(1.35 + 1.1 * rnd.nextDouble());
            break;
          case DUAL:
            logRatio = Math.log(3.3 + 2.7 * rnd.nextDouble());
            a = -Math.abs(a);
            break;
          default:
            logRatio = sign * (21 + 4 * rnd.nextDouble());
            break;
        }
        logpOld[b][t] = old;
        logpNew[b][t] = old + logRatio;
        adv[b][t] = a;
        // Mostly small reference gaps; every 7th token far enough for the k3 clamp at 10.
        double u = (b * width + t) % 7 == 3 ? 3 + rnd.nextDouble() : 2 * rnd.nextDouble() - 1;
        ref[b][t] = logpNew[b][t] + u;
        for (int j = 0; j < vocab; j++) {
          logits[b][t][j] = 3 * rnd.nextGaussian();
        }
        mask[b][t] = t < length ? 1 : 0;
      }
    }
  }

  ReferenceLoss reference(PolicyLossConfig c) {
    ReferenceLoss r = new ReferenceLoss(copy(logpNew), logpOld, adv, mask);
    r.ref = c.usesReference() ? ref : null;
    r.logits = c.entropyCoefficient() > 0 ? copy3(logits) : null;
    return r;
  }

  PolicyLossInputs inputs(PolicyLossConfig c, DataType dt, boolean withLogits) {
    PolicyLossInputs in =
        PolicyLossInputs.padded(array(logpNew, dt), array(logpOld, dt), array(adv, dt), array(mask, dt));
    if (c.usesReference()) {
      in = in.withReference(array(ref, dt));
    }
    if (withLogits) {
      in = in.withLogits(Nd4j.createFromArray(logits).castTo(dt));
    }
    return in;
  }

  static INDArray array(double[][] x, DataType dt) {
    return Nd4j.createFromArray(x).castTo(dt);
  }

  static double[][] copy(double[][] x) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i].clone();
    }
    return y;
  }

  static double[][][] copy3(double[][][] x) {
    double[][][] y = new double[x.length][][];
    for (int i = 0; i < x.length; i++) {
      y[i] = copy(x[i]);
    }
    return y;
  }
}
