package io.hicra.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The eager loss with ND4J ops, one op at a time, so that it runs wherever the backend keeps its
 * arrays (the GPU on CUDA). Branches become 0/1 indicator arrays from {@code step}; the gradient
 * array doubles as scratch space, so a call holds two full-size temporaries besides the gradient
 * (with every option on), closed before returning.
 *
 * <p>Tie-breaking matches the fused kernels: a token is clipped only where the clipped term is
 * strictly smaller, the dual clip only where {@code c·A} is strictly larger.
 */
final class Nd4jOpsPath {
  private Nd4jOpsPath() {}

  static PolicyLossResult compute(PolicyLossInputs in, PolicyLossConfig config, INDArray gradOut) {
    InputChecks.checkWithOps(in, config.usesReference());
    INDArray lp = in.logpNew();
    INDArray old = in.logpOld();
    INDArray a = in.advantages();
    INDArray m = in.mask();
    int[][] rows =
        in.isPadded() ? RowPlan.paddedRows(in.rows(), in.width()) : RowPlan.raggedRows(in.layout());
    double[] counts = m != null ? m.sum(1).toDoubleVector() : RowPlan.raggedCounts(in.layout());
    RowPlan plan = PolicyLoss.plan(in, rows, counts, config);
    KernelParams p = new KernelParams(config);
    double limit = p.logRatioClamp;
    Accumulator acc = new Accumulator();

    INDArray t1 = lp.sub(old); // d
    acc.negLogRatio = -maskedSum(t1, m);
    clamp(t1, limit);
    Transforms.exp(t1, false); // r
    acc.ratio = maskedSum(t1, m);
    INDArray t2 = t1.dup();
    Transforms.max(t2, p.lo, false);
    Transforms.min(t2, p.hi, false);
    t2.muli(a); // l2
    t1.muli(a); // l1
    INDArray g = gradOut != null ? gradOut.assign(t1).subi(t2) : t1.sub(t2);
    Transforms.step(g, false); // C = 1{l2 < l1}
    Transforms.min(t2, t1, false); // s = min(l1, l2)
    g.rsubi(1.0);
    t1.muli(g); // l1·(1 − C)
    g.rsubi(1.0);
    if (m != null) {
      g.muli(m);
    }
    double clipped = g.sumNumber().doubleValue();
    g.muli(a);
    Transforms.sign(g, false);
    double signed = g.sumNumber().doubleValue();
    acc.clipHigh = (clipped + signed) / 2;
    acc.clipLow = (clipped - signed) / 2;

    if (p.dual) {
      g.assign(a).muli(p.dualC).subi(t2).muli(a).negi(); // (c·A − s)·(−A)
      Transforms.step(g, false); // D
      acc.dual = maskedSum(g, m);
      g.rsubi(1.0);
      t1.muli(g);
      t2.muli(g);
      g.rsubi(1.0);
      g.muli(a).muli(p.dualC);
      t2.addi(g); // s = (1 − D)·s + D·c·A
    }
    if (limit < Double.POSITIVE_INFINITY) {
      g.assign(lp).subi(old);
      Transforms.abs(g, false);
      g.rsubi(limit);
      Transforms.step(g, false); // 1{|d| < L}
      t1.muli(g);
    }
    g.assign(t1).negi(); // ∂(−s)/∂logp = −r·A where unclipped
    t2.negi(); // policy loss per token
    acc.loss = weightedSum(t2, m, in, plan);

    if (p.kl != KernelParams.KL_NONE) {
      INDArray ref = in.logpRef();
      t1.assign(lp).subi(ref); // δ
      if (p.kl == KernelParams.KL_K1) {
        g.addi(p.beta);
        accumulateKl(t1, m, in, plan, p, acc);
      } else if (p.kl == KernelParams.KL_K2) {
        t2.assign(t1).muli(p.beta);
        g.addi(t2); // β·δ
        t1.muli(t1).muli(0.5);
        accumulateKl(t1, m, in, plan, p, acc);
      } else {
        // t1 and t2 only: k first, its loss and statistic, then the gradient factors.
        t1.negi(); // u
        clamp(t1, limit);
        t2.assign(t1);
        Transforms.exp(t2, false); // e
        t1.rsubi(t2).subi(1.0); // k = e − u − 1
        t2.rsubi(1.0); // 1 − e
        clamp(t1, p.klClamp);
        accumulateKl(t1, m, in, plan, p, acc); // may multiply t1 by the mask
        if (p.klClamp < Double.POSITIVE_INFINITY) {
          // 1{|k| < K} from the clamped k (padding, where t1 is 0, gets weight 0 anyway).
          Transforms.abs(t1, false);
          t1.rsubi(p.klClamp);
          Transforms.step(t1, false);
          t2.muli(t1);
        }
        if (limit < Double.POSITIVE_INFINITY) {
          t1.assign(ref).subi(lp);
          Transforms.abs(t1, false);
          t1.rsubi(limit);
          Transforms.step(t1, false); // 1{|u| < L}
          t2.muli(t1);
        }
        t2.muli(p.beta);
        g.addi(t2);
      }
    }

    applyWeights(g, m, in, plan);
    g.addi(0.0); // −0.0 on masked tokens becomes +0.0
    t1.close();
    t2.close();
    acc.valid = plan.total;
    acc.nonFiniteOutput = InputChecks.countNonFinite(g);
    return PolicyLoss.finish(in, config, plan, acc, g);
  }

  /** Adds the KL statistic and {@code β·} its weighted sum to the loss; may overwrite {@code k}. */
  private static void accumulateKl(
      INDArray k, INDArray m, PolicyLossInputs in, RowPlan plan, KernelParams p, Accumulator acc) {
    acc.kl = maskedSum(k, m);
    acc.loss += p.beta * weightedSum(k, m, in, plan);
  }

  private static void clamp(INDArray x, double limit) {
    if (limit < Double.POSITIVE_INFINITY) {
      Transforms.max(x, -limit, false);
      Transforms.min(x, limit, false);
    }
  }

  private static double maskedSum(INDArray x, INDArray m) {
    if (m == null) {
      return x.sumNumber().doubleValue();
    }
    return Nd4j.getExecutioner().exec(new Dot(x, m)).getDouble(0);
  }

  /** {@code Σ_b scale_b Σ_t m·x}; overwrites {@code x}. */
  private static double weightedSum(INDArray x, INDArray m, PolicyLossInputs in, RowPlan plan) {
    int rows = plan.scale.length;
    double total = 0;
    if (in.isPadded()) {
      x.muli(m);
      double[] rowSums = x.sum(1).toDoubleVector();
      for (int b = 0; b < rows; b++) {
        total += plan.scale[b] * rowSums[b];
      }
      return total;
    }
    if (uniform(plan)) {
      return plan.scale[0] * x.sumNumber().doubleValue();
    }
    INDArray flat = x.reshape(x.length());
    for (int b = 0; b < rows; b++) {
      if (plan.rowLength[b] > 0 && plan.scale[b] != 0) {
        int s = plan.rowStart[b];
        INDArray row = flat.get(NDArrayIndex.interval(s, s + plan.rowLength[b]));
        total += plan.scale[b] * row.sumNumber().doubleValue();
      }
    }
    return total;
  }

  /** Multiplies each token's gradient by its weight {@code m·scale_b}, in place. */
  private static void applyWeights(INDArray g, INDArray m, PolicyLossInputs in, RowPlan plan) {
    int rows = plan.scale.length;
    if (in.isPadded()) {
      g.muli(m);
      g.muliColumnVector(Nd4j.createFromArray(plan.scale).castTo(g.dataType()).reshape(rows, 1));
      return;
    }
    if (uniform(plan)) {
      g.muli(plan.scale[0]);
      return;
    }
    INDArray flat = g.reshape(g.length());
    for (int b = 0; b < rows; b++) {
      if (plan.rowLength[b] > 0) {
        int s = plan.rowStart[b];
        flat.get(NDArrayIndex.interval(s, s + plan.rowLength[b])).muli(plan.scale[b]);
      }
    }
  }

  private static boolean uniform(RowPlan plan) {
    for (int b = 1; b < plan.scale.length; b++) {
      if (plan.scale[b] != plan.scale[0]) {
        return false;
      }
    }
    return plan.scale.length > 0;
  }
}
