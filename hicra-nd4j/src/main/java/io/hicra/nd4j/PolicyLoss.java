package io.hicra.nd4j;

import io.hicra.core.BatchLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The clipped policy-gradient loss of GRPO/DAPO-style training with HICRA's token advantages,
 * evaluated eagerly on {@code INDArray}s: the scalar loss, its analytic gradient with respect to
 * {@code logp_new} (and to the logits for the entropy bonus) and the statistics trainers log. The
 * objective and its options are documented on {@link PolicyLossConfig}; {@link PolicyLossGraph}
 * adds the same loss to a SameDiff graph.
 *
 * <pre>{@code
 * PolicyLoss loss = PolicyLoss.of(PolicyLossConfig.defaults());
 * PolicyLossResult r = loss.compute(PolicyLossInputs.padded(logpNew, logpOld, advantages, mask));
 * r.loss(); r.gradLogpNew(); r.stats().clipFractionHigh();
 * }</pre>
 *
 * <h2>Which implementation runs</h2>
 *
 * <ul>
 *   <li>{@link PolicyLossConfig.Engine#AUTO} (default): when the backend keeps arrays in host
 *       memory ({@code Nd4j.getEnvironment().isCPU()}, the {@code nd4j-native} backend), a fused
 *       single pass in Java over the arrays' native buffers — on FLOAT arrays with the Vector API
 *       when the JVM has {@code jdk.incubator.vector}, else a scalar loop; on DOUBLE arrays always
 *       the scalar loop. On device backends (CUDA), ND4J ops.
 *   <li>{@link PolicyLossConfig.Engine#FUSED_JAVA} / {@link PolicyLossConfig.Engine#ND4J_OPS}
 *       force one of them. Both give the same numbers to the data type's rounding.
 * </ul>
 *
 * <p>Memory: the fused pass allocates only the gradient (plus copies of inputs that are views or
 * not C-contiguous), none with {@link #computeInto}; the ND4J-ops path holds two full-size
 * temporaries besides the gradient. The entropy term works on logits-sized arrays.
 *
 * <p>Errors, all {@link IllegalArgumentException}: shape or type mismatches (both shapes named, by
 * {@link PolicyLossInputs}), NaN or infinite values and mask values other than 0/1 (array, first
 * index and value named; every element counts, padding included), batches without a valid token,
 * a KL term without reference log-probs, an entropy bonus without logits. The loss is never NaN.
 *
 * <p>Instances are immutable and thread-safe; each call allocates its own outputs.
 */
public final class PolicyLoss {
  private final PolicyLossConfig config;

  private PolicyLoss(PolicyLossConfig config) {
    this.config = config;
  }

  /** The loss under {@code config}. */
  public static PolicyLoss of(PolicyLossConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    return new PolicyLoss(config);
  }

  /** The loss under {@link PolicyLossConfig#defaults()}. */
  public static PolicyLoss defaults() {
    return new PolicyLoss(PolicyLossConfig.defaults());
  }

  /** The configuration. */
  public PolicyLossConfig config() {
    return config;
  }

  /** Padded inputs without reference or logits: see {@link PolicyLossInputs#padded}. */
  public PolicyLossResult compute(
      INDArray logpNew, INDArray logpOld, INDArray advantages, INDArray mask) {
    return compute(PolicyLossInputs.padded(logpNew, logpOld, advantages, mask));
  }

  /** Ragged inputs without reference or logits: see {@link PolicyLossInputs#ragged}. */
  public PolicyLossResult compute(
      BatchLayout layout, INDArray logpNew, INDArray logpOld, INDArray advantages) {
    return compute(PolicyLossInputs.ragged(layout, logpNew, logpOld, advantages));
  }

  /**
   * The loss, its gradients and statistics.
   *
   * @throws IllegalArgumentException for bad input (see the class documentation)
   */
  public PolicyLossResult compute(PolicyLossInputs inputs) {
    checkInputs(inputs);
    return run(inputs, null);
  }

  /**
   * Like {@link #compute(PolicyLossInputs)} but writes {@code ∂loss/∂logp_new} into the caller's
   * {@code gradOut} (returned as {@link PolicyLossResult#gradLogpNew()}), for training loops that
   * reuse one buffer: the fused path then allocates no full-size array at all.
   *
   * @param gradOut a C-contiguous array of {@code logpNew}'s shape and data type, not a view
   * @throws IllegalArgumentException if {@code gradOut} does not fit (both shapes named), or for
   *     bad inputs as {@link #compute(PolicyLossInputs)}
   */
  public PolicyLossResult computeInto(PolicyLossInputs inputs, INDArray gradOut) {
    checkInputs(inputs);
    if (gradOut == null) {
      throw new IllegalArgumentException("gradOut must not be null");
    }
    INDArray lp = inputs.logpNew();
    if (!java.util.Arrays.equals(gradOut.shape(), lp.shape())
        || gradOut.dataType() != lp.dataType()) {
      throw new IllegalArgumentException(
          "gradOut is " + gradOut.dataType() + " " + java.util.Arrays.toString(gradOut.shape())
              + " but logpNew is " + lp.dataType() + " " + java.util.Arrays.toString(lp.shape()));
    }
    if (gradOut.isView() || gradOut.ordering() != 'c' || gradOut.elementWiseStride() != 1) {
      throw new IllegalArgumentException(
          "gradOut must be a C-contiguous array that is not a view, got ordering "
              + gradOut.ordering() + (gradOut.isView() ? " (a view)" : ""));
    }
    return run(inputs, gradOut);
  }

  private PolicyLossResult run(PolicyLossInputs inputs, INDArray gradOut) {
    if (useFused(inputs)) {
      return FusedPath.compute(inputs, config, Kernels.floatKernel(), gradOut);
    }
    return Nd4jOpsPath.compute(inputs, config, gradOut);
  }

  /** The fused path with a given FLOAT kernel (tests compare the kernels). */
  PolicyLossResult computeFused(PolicyLossInputs inputs, FusedKernel floatKernel) {
    checkInputs(inputs);
    return FusedPath.compute(inputs, config, floatKernel, null);
  }

  /** The ND4J-ops path. */
  PolicyLossResult computeWithOps(PolicyLossInputs inputs) {
    checkInputs(inputs);
    return Nd4jOpsPath.compute(inputs, config, null);
  }

  /**
   * Which implementation {@link #compute} uses for these inputs under this configuration: {@code
   * "fused: <kernel>"} or {@code "nd4j-ops"}.
   */
  public String engineFor(PolicyLossInputs inputs) {
    if (!useFused(inputs)) {
      return "nd4j-ops";
    }
    return "fused: "
        + (inputs.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
            ? Kernels.floatKernel().name()
            : ScalarKernel.INSTANCE.name());
  }

  /**
   * The fused FLOAT kernel of this JVM and why it was chosen, e.g. {@code "vector FloatVector
   * 256-bit (8 lanes) (module jdk.incubator.vector present)"} or {@code "scalar (module
   * jdk.incubator.vector not in the boot layer ...)"}.
   */
  public static String fusedKernelDescription() {
    return Kernels.description();
  }

  private boolean useFused(PolicyLossInputs in) {
    switch (config.engine()) {
      case FUSED_JAVA:
        return true;
      case ND4J_OPS:
        return false;
      default:
        return Nd4j.getEnvironment().isCPU()
            && FusedPath.fits(in.logpNew().length(), in.dataType());
    }
  }

  private void checkInputs(PolicyLossInputs in) {
    if (in == null) {
      throw new IllegalArgumentException("inputs must not be null");
    }
    if (config.usesReference() && in.logpRef() == null) {
      throw new IllegalArgumentException(
          "the KL term (" + config.klEstimator() + ") needs reference log-probs: inputs "
              + in + " have no logpRef (use withReference)");
    }
    if (config.entropyCoefficient() > 0 && in.logits() == null) {
      throw new IllegalArgumentException(
          "the entropy bonus (entropyCoefficient " + config.entropyCoefficient()
              + ") needs logits: inputs " + in + " have none (use withLogits)");
    }
    if (config.engine() == PolicyLossConfig.Engine.FUSED_JAVA
        && !FusedPath.fits(in.logpNew().length(), in.dataType())) {
      throw new IllegalArgumentException(
          "logpNew has " + in.logpNew().length() + " elements of " + in.dataType()
              + ", more than the fused engine's 2 GiB per array; use Engine.AUTO or ND4J_OPS");
    }
  }

  /** The row plan, or an error for a batch without valid tokens. */
  static RowPlan plan(PolicyLossInputs in, int[][] rows, double[] counts, PolicyLossConfig config) {
    double total = RowPlan.sum(counts);
    if (!(total > 0)) {
      if (in.mask() != null) {
        InputChecks.explain(in, config.usesReference());
      }
      throw new IllegalArgumentException(
          "empty batch: no valid token (mask sums to " + total + " over shape "
              + java.util.Arrays.toString(in.logpNew().shape()) + ")");
    }
    return RowPlan.of(rows, counts, in.width(), config);
  }

  /** Adds the entropy term, checks the loss and assembles the result. */
  static PolicyLossResult finish(
      PolicyLossInputs in, PolicyLossConfig config, RowPlan plan, Accumulator acc, INDArray grad) {
    double loss = acc.loss;
    double total = plan.total;
    double entropy = Double.NaN;
    INDArray gradLogits = null;
    if (in.logits() != null) {
      double eta = config.entropyCoefficient();
      EntropyTerm term = EntropyTerm.compute(in, plan, eta);
      loss -= eta * term.weightedEntropy;
      entropy = term.maskedEntropy / total;
      gradLogits = term.gradLogits;
    }
    if (!Double.isFinite(loss) || acc.nonFiniteOutput != 0) {
      throw new IllegalArgumentException(
          "the loss (" + loss + ") or its gradient"
              + (acc.nonFiniteOutput != 0 ? " (not finite)" : "")
              + " overflowed on finite inputs: the log-ratio clamp is "
              + config.logRatioClamp() + "; keep it finite (default "
              + PolicyLossConfig.DEFAULT_LOG_RATIO_CLAMP + ")");
    }
    PolicyLossStats stats =
        new PolicyLossStats(
            Math.round(total),
            acc.clipLow / total,
            acc.clipHigh / total,
            acc.dual / total,
            acc.negLogRatio / total,
            acc.ratio / total,
            config.usesReference() ? acc.kl / total : Double.NaN,
            entropy);
    return new PolicyLossResult(loss, grad, gradLogits, stats);
  }
}
