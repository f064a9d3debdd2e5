package io.hicra.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The scalar loss of one evaluation, its analytic gradients and the logged statistics.
 *
 * <p>The gradient arrays are new arrays owned by the caller, of the inputs' shape and data type;
 * masked (padding) positions hold exactly {@code +0.0}. They are not copied again by the
 * accessors.
 */
public final class PolicyLossResult {
  private final double loss;
  private final INDArray gradLogpNew;
  private final INDArray gradLogits;
  private final PolicyLossStats stats;

  PolicyLossResult(double loss, INDArray gradLogpNew, INDArray gradLogits, PolicyLossStats stats) {
    this.loss = loss;
    this.gradLogpNew = gradLogpNew;
    this.gradLogits = gradLogits;
    this.stats = stats;
  }

  /** The aggregated loss (to minimise). */
  public double loss() {
    return loss;
  }

  /** {@code ∂loss/∂logp_new}, the shape of {@code logpNew}. */
  public INDArray gradLogpNew() {
    return gradLogpNew;
  }

  /**
   * {@code ∂loss/∂logits} of the entropy bonus, the shape of the logits; null unless logits were
   * given and the entropy coefficient is positive. (The policy and KL terms reach the logits
   * through {@code logp_new}; chain {@link #gradLogpNew()} through the log-softmax for those.)
   */
  public INDArray gradLogits() {
    return gradLogits;
  }

  /** The statistics. */
  public PolicyLossStats stats() {
    return stats;
  }

  @Override
  public String toString() {
    return "PolicyLossResult{loss=" + loss + ", " + stats + "}";
  }
}
