package io.hicra.nd4j;

/**
 * An independent plain-Java double-precision statement of the objective, written from the
 * formulas on {@link PolicyLossConfig} (min/max and per-sequence means spelled out, no row
 * scales, no indicator arithmetic). Rows are padded {@code [B][T]} with a 0/1 mask.
 */
final class ReferenceLoss {
  final double[][] logpNew;
  final double[][] logpOld;
  final double[][] adv;
  final double[][] mask;
  double[][] ref;
  double[][][] logits;

  ReferenceLoss(double[][] logpNew, double[][] logpOld, double[][] adv, double[][] mask) {
    this.logpNew = logpNew;
    this.logpOld = logpOld;
    this.adv = adv;
    this.mask = mask;
  }

  /** The per-token loss. */
  static double tokenLoss(
      double lpN, double lpO, double a, double ref, double[] logits, PolicyLossConfig c) {
    double limit = c.logRatioClamp();
    double r = Math.exp(clamp(lpN - lpO, limit));
    double surrogate = Math.min(r * a, clamp(r, 1 - c.clipLow(), 1 + c.clipHigh()) * a);
    if (c.dualClipEnabled() && a < 0) {
      surrogate = Math.max(surrogate, c.dualClip() * a);
    }
    double loss = -surrogate;
    if (c.usesReference()) {
      loss += c.klCoefficient() * kl(lpN, ref, c);
    }
    if (c.entropyCoefficient() > 0) {
      loss -= c.entropyCoefficient() * entropy(logits);
    }
    return loss;
  }

  static double kl(double lpN, double ref, PolicyLossConfig c) {
    double delta = lpN - ref;
    switch (c.klEstimator()) {
      case K1:
        return delta;
      case K2:
        return delta * delta / 2;
      case K3:
        double u = clamp(-delta, c.logRatioClamp());
        return clamp(Math.exp(u) - u - 1, c.klClamp());
      default:
        return 0;
    }
  }

  static double entropy(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    double lse = max + Math.log(sum);
    double h = 0;
    for (double v : z) {
      double logp = v - lse;
      h -= Math.exp(logp) * logp;
    }
    return h;
  }

  static double clamp(double x, double limit) {
    return Math.max(-limit, Math.min(limit, x));
  }

  static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  /** The aggregated loss. */
  double loss(PolicyLossConfig c) {
    int rows = logpNew.length;
    int width = logpNew[0].length;
    double[] rowSum = new double[rows];
    double[] rowCount = new double[rows];
    for (int b = 0; b < rows; b++) {
      for (int t = 0; t < width; t++) {
        if (mask[b][t] == 1) {
          rowSum[b] +=
              tokenLoss(
                  logpNew[b][t],
                  logpOld[b][t],
                  adv[b][t],
                  ref == null ? 0 : ref[b][t],
                  logits == null ? null : logits[b][t],
                  c);
          rowCount[b]++;
        }
      }
    }
    double total = 0;
    double count = 0;
    for (int b = 0; b < rows; b++) {
      total += rowSum[b];
      count += rowCount[b];
    }
    switch (c.aggregation()) {
      case TOKEN_MEAN:
        return total / count;
      case TOKEN_SUM_NORM:
        return total / (c.sumNormConstant() > 0 ? c.sumNormConstant() : width);
      default:
        double sum = 0;
        int sequences = 0;
        for (int b = 0; b < rows; b++) {
          if (rowCount[b] == 0) {
            if (c.emptySequences() == PolicyLossConfig.EmptySequences.INCLUDE) {
              sequences++;
            }
            continue;
          }
          sequences++;
          sum +=
              c.aggregation() == PolicyLossConfig.Aggregation.SEQ_MEAN_TOKEN_MEAN
                  ? rowSum[b] / rowCount[b]
                  : rowSum[b];
        }
        return sum / sequences;
    }
  }

  /** Central finite differences of {@link #loss} w.r.t. every {@code logpNew[b][t]}. */
  double[][] finiteDifferenceGradient(PolicyLossConfig c, double h) {
    int rows = logpNew.length;
    int width = logpNew[0].length;
    double[][] g = new double[rows][width];
    for (int b = 0; b < rows; b++) {
      for (int t = 0; t < width; t++) {
        double x = logpNew[b][t];
        logpNew[b][t] = x + h;
        double up = loss(c);
        logpNew[b][t] = x - h;
        double down = loss(c);
        logpNew[b][t] = x;
        g[b][t] = (up - down) / (2 * h);
      }
    }
    return g;
  }

  /** Central finite differences w.r.t. every logit. */
  double[][][] finiteDifferenceLogitGradient(PolicyLossConfig c, double h) {
    double[][][] g = new double[logits.length][logits[0].length][logits[0][0].length];
    for (int b = 0; b < logits.length; b++) {
      for (int t = 0; t < logits[b].length; t++) {
        for (int j = 0; j < logits[b][t].length; j++) {
          double x = logits[b][t][j];
          logits[b][t][j] = x + h;
          double up = loss(c);
          logits[b][t][j] = x - h;
          double down = loss(c);
          logits[b][t][j] = x;
          g[b][t][j] = (up - down) / (2 * h);
        }
      }
    }
    return g;
  }

  /** Clip statistics from their definitions: {low, high, dual} counts over valid tokens. */
  double[] clipCounts(PolicyLossConfig c) {
    double[] out = new double[3];
    for (int b = 0; b < logpNew.length; b++) {
      for (int t = 0; t < logpNew[b].length; t++) {
        if (mask[b][t] != 1) {
          continue;
        }
        double r = Math.exp(clamp(logpNew[b][t] - logpOld[b][t], c.logRatioClamp()));
        double a = adv[b][t];
        if (a < 0 && r < 1 - c.clipLow()) {
          out[0]++;
        }
        if (a > 0 && r > 1 + c.clipHigh()) {
          out[1]++;
        }
        double s = Math.min(r * a, clamp(r, 1 - c.clipLow(), 1 + c.clipHigh()) * a);
        if (c.dualClipEnabled() && a < 0 && c.dualClip() * a > s) {
          out[2]++;
        }
      }
    }
    return out;
  }
}
