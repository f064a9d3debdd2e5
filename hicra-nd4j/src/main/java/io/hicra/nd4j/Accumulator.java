package io.hicra.nd4j;

/**
 * Sums a kernel pass collects: the aggregated loss, the statistics' numerators, and two detectors
 * of bad input that cost nothing per token and are explained on the cold path.
 */
final class Accumulator {
  /** {@code Σ_rows scale_b · Σ_t m·ℓ_t}: the loss. */
  double loss;
  /** {@code Σ m}. */
  double valid;
  double clipLow;
  double clipHigh;
  double dual;
  /** {@code Σ m·r}. */
  double ratio;
  /** {@code Σ m·(logp_old − logp_new)}. */
  double negLogRatio;
  /** {@code Σ m·KL_t} (the estimator's value before β). */
  double kl;
  /** {@code Σ (x − x)} over every input: 0 iff all are finite, NaN otherwise. */
  double nonFinite;
  /** {@code Σ |m·(m − 1)|}: 0 iff every mask value is 0 or 1 (NaN if one is NaN). */
  double maskDefect;

  /** {@code Σ (g − g)} over the written gradient: 0 iff it is finite. */
  double nonFiniteOutput;

  /** Whether the inputs were all finite and the mask 0/1. */
  boolean inputsValid() {
    return nonFinite == 0.0 && maskDefect == 0.0;
  }

  /** Adds {@code o}'s sums to this one's. */
  void add(Accumulator o) {
    loss += o.loss;
    valid += o.valid;
    clipLow += o.clipLow;
    clipHigh += o.clipHigh;
    dual += o.dual;
    ratio += o.ratio;
    negLogRatio += o.negLogRatio;
    kl += o.kl;
    nonFinite += o.nonFinite;
    maskDefect += o.maskDefect;
    nonFiniteOutput += o.nonFiniteOutput;
  }
}
