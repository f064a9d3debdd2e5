package io.hicra.nd4j;

/** A {@link PolicyLossConfig} flattened into the numbers the per-token kernels read. */
final class KernelParams {
  static final int KL_NONE = 0;
  static final int KL_K1 = 1;
  static final int KL_K2 = 2;
  static final int KL_K3 = 3;

  /** {@code 1 − ε_low}. */
  final double lo;
  /** {@code 1 + ε_high}. */
  final double hi;
  final boolean dual;
  /** The dual-clip constant, meaningful when {@link #dual}. */
  final double dualC;
  /** The log-ratio clamp L (may be infinite). */
  final double logRatioClamp;
  final int kl;
  final double beta;
  /** The k3 clamp K (may be infinite). */
  final double klClamp;

  KernelParams(PolicyLossConfig c) {
    this.lo = 1.0 - c.clipLow();
    this.hi = 1.0 + c.clipHigh();
    this.dual = c.dualClipEnabled();
    this.dualC = dual ? c.dualClip() : 0.0;
    this.logRatioClamp = c.logRatioClamp();
    switch (c.klEstimator()) {
      case K1:
        kl = KL_K1;
        break;
      case K2:
        kl = KL_K2;
        break;
      case K3:
        kl = KL_K3;
        break;
      default:
        kl = KL_NONE;
        break;
    }
    this.beta = c.klCoefficient();
    this.klClamp = c.klClamp();
  }
}
