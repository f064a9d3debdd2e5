package io.hicra.nd4j;

import java.nio.ByteBuffer;

/**
 * The portable fused pass: one token at a time in double precision, {@code Math.exp} for the
 * ratio. It serves FLOAT arrays when the Vector API is not available and DOUBLE arrays always.
 */
final class ScalarKernel implements FusedKernel {
  static final ScalarKernel INSTANCE = new ScalarKernel();

  private ScalarKernel() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public double rowSumsFloat(
      ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out, int[] prefix) {
    double defect = 0;
    for (int b = 0; b < rowStart.length; b++) {
      double s = 0;
      int from = rowStart[b];
      int to = from + rowLength[b];
      // Ones before the first value that is not 1.
      int leading = 0;
      boolean inLeadingOnes = true;
      for (int i = from; i < to; i++) {
        double m = mask.getFloat(i << 2);
        s += m;
        defect += Math.abs(m * (m - 1));
        if (inLeadingOnes && m == 1.0) {
          leading++;
        } else {
          inLeadingOnes = false;
        }
      }
      out[b] = s;
      if (prefix != null) {
        prefix[b] = rowLength[b] < MAX_PREFIX_ROW && leading == s ? leading : -1;
      }
    }
    return defect;
  }

  /** Sums of a double mask per row (same contract as {@link #rowSumsFloat}). */
  static double rowSumsDouble(ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out) {
    double defect = 0;
    for (int b = 0; b < rowStart.length; b++) {
      double s = 0;
      int from = rowStart[b];
      int to = from + rowLength[b];
      for (int i = from; i < to; i++) {
        double m = mask.getDouble(i << 3);
        s += m;
        defect += Math.abs(m * (m - 1));
      }
      out[b] = s;
    }
    return defect;
  }

  @Override
  public void runFloat(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer mask,
      ByteBuffer grad,
      int[] rowStart,
      int[] rowLength,
      double[] rowScale,
      int[] rowPrefix,
      KernelParams p,
      Accumulator acc) {
    // rowPrefix is not used: this kernel reads the mask of every row.
    Row row = new Row();
    for (int b = 0; b < rowStart.length; b++) {
      double scale = rowScale[b];
      int from = rowStart[b];
      int to = from + rowLength[b];
      row.loss = 0;
      for (int i = from; i < to; i++) {
        int at = i << 2;
        double lpN = logpNew.getFloat(at);
        double lpO = logpOld.getFloat(at);
        double a = advantages.getFloat(at);
        double ref = logpRef == null ? 0.0 : logpRef.getFloat(at);
        double m = mask == null ? 1.0 : mask.getFloat(at);
        double g = token(lpN, lpO, a, ref, m, p, row, acc);
        float out = m == 0.0 ? 0f : (float) (g * m * scale);
        acc.nonFiniteOutput += out - out;
        grad.putFloat(at, out);
      }
      acc.loss += scale * row.loss;
    }
  }

  /** The double pass (same contract as {@link #runFloat}). */
  static void runDouble(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer mask,
      ByteBuffer grad,
      int[] rowStart,
      int[] rowLength,
      double[] rowScale,
      KernelParams p,
      Accumulator acc) {
    Row row = new Row();
    for (int b = 0; b < rowStart.length; b++) {
      double scale = rowScale[b];
      int from = rowStart[b];
      int to = from + rowLength[b];
      row.loss = 0;
      for (int i = from; i < to; i++) {
        int at = i << 3;
        double lpN = logpNew.getDouble(at);
        double lpO = logpOld.getDouble(at);
        double a = advantages.getDouble(at);
        double ref = logpRef == null ? 0.0 : logpRef.getDouble(at);
        double m = mask == null ? 1.0 : mask.getDouble(at);
        double g = token(lpN, lpO, a, ref, m, p, row, acc);
        double out = m == 0.0 ? 0.0 : g * m * scale;
        acc.nonFiniteOutput += out - out;
        grad.putDouble(at, out);
      }
      acc.loss += scale * row.loss;
    }
  }

  /** The row's running loss sum. */
  static final class Row {
    double loss;
  }

  /**
   * One token: adds {@code m·ℓ} to the row, the statistics to {@code acc}, and returns the
   * unweighted {@code ∂ℓ/∂logp_new}.
   */
  static double token(
      double lpN,
      double lpO,
      double a,
      double ref,
      double m,
      KernelParams p,
      Row row,
      Accumulator acc) {
    acc.nonFinite += (lpN - lpN) + (lpO - lpO) + (a - a) + (ref - ref);
    acc.maskDefect += Math.abs(m * (m - 1.0));

    double limit = p.logRatioClamp;
    double d = lpN - lpO;
    boolean inRange = d >= -limit && d <= limit;
    double r = Math.exp(Math.min(Math.max(d, -limit), limit));
    double l1 = r * a;
    double l2 = Math.min(Math.max(r, p.lo), p.hi) * a;
    boolean clipped = l2 < l1;
    double s = clipped ? l2 : l1;
    boolean dual = false;
    if (p.dual && a < 0) {
      double floor = p.dualC * a;
      if (floor > s) {
        dual = true;
        s = floor;
      }
    }
    double g = !clipped && !dual && inRange ? -l1 : 0.0;
    double loss = -s;

    if (p.kl != KernelParams.KL_NONE) {
      double delta = lpN - ref;
      double k;
      double gk;
      switch (p.kl) {
        case KernelParams.KL_K1:
          k = delta;
          gk = 1.0;
          break;
        case KernelParams.KL_K2:
          k = 0.5 * delta * delta;
          gk = delta;
          break;
        default:
          double u = -delta;
          boolean uIn = u >= -limit && u <= limit;
          double uc = Math.min(Math.max(u, -limit), limit);
          double e = Math.exp(uc);
          k = e - uc - 1.0;
          gk = uIn ? 1.0 - e : 0.0;
          if (k > p.klClamp) {
            k = p.klClamp;
            gk = 0.0;
          } else if (k < -p.klClamp) {
            k = -p.klClamp;
            gk = 0.0;
          }
          break;
      }
      loss += p.beta * k;
      g += p.beta * gk;
      acc.kl += m * k;
    }

    row.loss += m * loss;
    acc.valid += m;
    acc.ratio += m * r;
    acc.negLogRatio -= m * d;
    if (clipped) {
      if (a > 0) {
        acc.clipHigh += m;
      } else {
        acc.clipLow += m;
      }
    }
    if (dual) {
      acc.dual += m;
    }
    return g;
  }
}
