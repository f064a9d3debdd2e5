package io.hicra.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The entropy bonus from logits, with ND4J ops on both eager paths (it is vocabulary-sized work,
 * not per-token streaming). With {@code log p = z − logsumexp(z)}:
 *
 * <pre>
 *   H_t = −Σ_j p_j log p_j                    (nats)
 *   loss contribution  −η Σ_t w_t H_t
 *   ∂/∂z_j             η w_t p_j (log p_j + H_t)
 * </pre>
 */
final class EntropyTerm {
  /** {@code Σ_t w_t H_t}. */
  final double weightedEntropy;
  /** {@code Σ_t m_t H_t}. */
  final double maskedEntropy;
  /** The gradient w.r.t. the logits, or null when η = 0. */
  final INDArray gradLogits;

  private EntropyTerm(double weightedEntropy, double maskedEntropy, INDArray gradLogits) {
    this.weightedEntropy = weightedEntropy;
    this.maskedEntropy = maskedEntropy;
    this.gradLogits = gradLogits;
  }

  static EntropyTerm compute(PolicyLossInputs in, RowPlan plan, double eta) {
    INDArray logits = in.logits();
    InputChecks.checkFinite(logits, "logits");
    DataType dt = logits.dataType();
    long vocab = logits.size(logits.rank() - 1);
    long tokens = in.logpNew().length();
    INDArray z = logits.dup('c').reshape('c', tokens, vocab);

    INDArray weights = tokenWeights(in, plan, dt, false);
    INDArray valid = tokenWeights(in, plan, dt, true);

    INDArray max = z.max(1).reshape(tokens, 1);
    z.subiColumnVector(max);
    INDArray p = Transforms.exp(z, true);
    INDArray lse = Transforms.log(p.sum(1), false).reshape(tokens, 1);
    z.subiColumnVector(lse); // log p
    Transforms.exp(p.assign(z), false); // p = exp(log p)
    INDArray entropy = Nd4j.getExecutioner().exec(new Dot(p, z, 1)).reshape(tokens).negi();

    double weighted = Nd4j.getExecutioner().exec(new Dot(entropy, weights)).getDouble(0);
    double masked = Nd4j.getExecutioner().exec(new Dot(entropy, valid)).getDouble(0);

    INDArray grad = null;
    if (eta != 0) {
      z.addiColumnVector(entropy.reshape(tokens, 1));
      z.muli(p);
      z.muliColumnVector(weights.muli(eta).reshape(tokens, 1));
      z.addi(0.0); // −0.0 on masked tokens becomes +0.0
      grad = z.reshape('c', logits.shape());
    }
    p.close();
    return new EntropyTerm(weighted, masked, grad);
  }

  /** {@code m_t·scale_b} per flat token (or {@code m_t} alone when {@code maskOnly}). */
  private static INDArray tokenWeights(
      PolicyLossInputs in, RowPlan plan, DataType dt, boolean maskOnly) {
    int rows = plan.rowStart.length;
    if (in.isPadded()) {
      INDArray m = in.mask().dup('c');
      if (!maskOnly) {
        m.muliColumnVector(Nd4j.createFromArray(plan.scale).castTo(dt).reshape(rows, 1));
      }
      return m.reshape(m.length());
    }
    double[] w = new double[(int) in.logpNew().length()];
    for (int b = 0; b < rows; b++) {
      double s = maskOnly ? 1.0 : plan.scale[b];
      java.util.Arrays.fill(w, plan.rowStart[b], plan.rowStart[b] + plan.rowLength[b], s);
    }
    return Nd4j.createFromArray(w).castTo(dt);
  }
}
