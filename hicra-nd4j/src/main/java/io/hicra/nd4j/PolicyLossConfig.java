package io.hicra.nd4j;

/**
 * The clipped policy-gradient objective and every convention of it that changes numbers. Immutable
 * and thread-safe; build with {@link #builder()} or change a copy with {@link #toBuilder()}.
 *
 * <p>Per valid token {@code t}, with {@code A} its (HICRA) advantage:
 *
 * <pre>
 *   d  = clamp(logp_new − logp_old, −L, L)                  (L = logRatioClamp, 20 as in verl)
 *   r  = exp(d)
 *   s  = min(r·A, clip(r, 1 − ε_low, 1 + ε_high)·A)          (clip-higher, DAPO: 0.2 / 0.28)
 *   s  = max(s, c·A)   if A &lt; 0 and dual clip is on        (dual clip, c = 3 by default)
 *   ℓ  = −s + β·KL_t − η·H_t
 * </pre>
 *
 * <p>{@code KL_t} is one estimator of KL(π_new ‖ π_ref) with {@code δ = logp_new − logp_ref}
 * (Schulman's k1, k2, k3): {@code k1 = δ}, {@code k2 = δ²/2}, {@code k3 = e^{−δ'} + δ' − 1} with
 * {@code δ'} clamped to {@code ±L} and the result clamped to {@code [−K, K]} ({@code K =
 * klClamp}, 10 as in verl's {@code low_var_kl}). {@code H_t} is the token's entropy in nats from
 * the logits. Clamped values pass no gradient. The loss is {@code Σ_t w_t·ℓ_t} with weights from
 * the {@link Aggregation} mode, zero on masked (padding) tokens.
 */
public final class PolicyLossConfig {

  /** How per-token losses become one scalar. {@code m} is the mask, {@code n} a row's valid tokens. */
  public enum Aggregation {
    /** {@code Σ m·ℓ / Σ m} over the whole batch (verl {@code token-mean}, DAPO). */
    TOKEN_MEAN,
    /** Mean over sequences of per-sequence token means (original GRPO, verl {@code seq-mean-token-mean}). */
    SEQ_MEAN_TOKEN_MEAN,
    /** Mean over sequences of per-sequence token sums (verl {@code seq-mean-token-sum}). */
    SEQ_MEAN_TOKEN_SUM,
    /**
     * Token sum over the batch divided by a fixed constant (Dr. GRPO; verl {@code
     * seq-mean-token-sum-norm}): {@code Σ m·ℓ / C}, {@code C = sumNormConstant}, by default the
     * padded length {@code T} (for ragged input, the longest rollout).
     */
    TOKEN_SUM_NORM
  }

  /** Whether sequences without valid tokens count in the sequence-mean modes' denominator. */
  public enum EmptySequences {
    /** They do not count (verl). The library default. */
    EXCLUDE,
    /** They count as zero-loss sequences (TRL's {@code loss_type="grpo"}). */
    INCLUDE
  }

  /** The KL penalty to a reference policy. */
  public enum KlEstimator {
    /** No KL term; reference log-probs are not needed. */
    NONE,
    /** {@code δ}: unbiased, high variance (verl {@code kl}). */
    K1,
    /** {@code δ²/2} (verl {@code mse}). */
    K2,
    /** {@code e^{−δ} + δ − 1}, non-negative, low variance (verl {@code low_var_kl}, GRPO paper). */
    K3
  }

  /** Which implementation computes the eager loss. */
  public enum Engine {
    /**
     * The fused single-pass Java kernel when the arrays live in host memory (the CPU backend),
     * ND4J ops otherwise (the CUDA backend).
     */
    AUTO,
    /** Always the fused Java kernel (copies device arrays to the host on GPU backends). */
    FUSED_JAVA,
    /** Always ND4J ops, one op at a time. */
    ND4J_OPS
  }

  /** verl's and DAPO's lower clip ε. */
  public static final double DEFAULT_CLIP_LOW = 0.2;
  /** DAPO's clip-higher upper ε. */
  public static final double DEFAULT_CLIP_HIGH = 0.28;
  /** The dual-clip constant when dual clip is switched on without a value. */
  public static final double DEFAULT_DUAL_CLIP = 3.0;
  /** verl's clamp of the log-ratio before {@code exp}. */
  public static final double DEFAULT_LOG_RATIO_CLAMP = 20.0;
  /** verl's clamp of the k3 estimator. */
  public static final double DEFAULT_KL_CLAMP = 10.0;

  private static final PolicyLossConfig DEFAULTS = builder().build();

  private final double clipLow;
  private final double clipHigh;
  private final double dualClip;
  private final KlEstimator klEstimator;
  private final double klCoefficient;
  private final double entropyCoefficient;
  private final Aggregation aggregation;
  private final EmptySequences emptySequences;
  private final double sumNormConstant;
  private final double logRatioClamp;
  private final double klClamp;
  private final Engine engine;
  private final int threads;

  private PolicyLossConfig(Builder b) {
    this.clipLow = b.clipLow;
    this.clipHigh = b.clipHigh;
    this.dualClip = b.dualClip;
    this.klEstimator = b.klEstimator;
    this.klCoefficient = b.klCoefficient;
    this.entropyCoefficient = b.entropyCoefficient;
    this.aggregation = b.aggregation;
    this.emptySequences = b.emptySequences;
    this.sumNormConstant = b.sumNormConstant;
    this.logRatioClamp = b.logRatioClamp;
    this.klClamp = b.klClamp;
    this.engine = b.engine;
    this.threads = b.threads;
  }

  /** ε_low 0.2, ε_high 0.28, no dual clip, no KL, no entropy bonus, token-mean, verl clamps. */
  public static PolicyLossConfig defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clipLow = clipLow;
    b.clipHigh = clipHigh;
    b.dualClip = dualClip;
    b.klEstimator = klEstimator;
    b.klCoefficient = klCoefficient;
    b.entropyCoefficient = entropyCoefficient;
    b.aggregation = aggregation;
    b.emptySequences = emptySequences;
    b.sumNormConstant = sumNormConstant;
    b.logRatioClamp = logRatioClamp;
    b.klClamp = klClamp;
    b.engine = engine;
    b.threads = threads;
    return b;
  }

  /** ε_low: the ratio is clipped below at {@code 1 − ε_low}. */
  public double clipLow() {
    return clipLow;
  }

  /** ε_high: the ratio is clipped above at {@code 1 + ε_high}. */
  public double clipHigh() {
    return clipHigh;
  }

  /** Whether dual clip is on. */
  public boolean dualClipEnabled() {
    return !Double.isNaN(dualClip);
  }

  /** The dual-clip constant {@code c}, or NaN when dual clip is off. */
  public double dualClip() {
    return dualClip;
  }

  /** The KL estimator, {@link KlEstimator#NONE} without a KL term. */
  public KlEstimator klEstimator() {
    return klEstimator;
  }

  /** β, the weight of the KL term (0 without one). */
  public double klCoefficient() {
    return klCoefficient;
  }

  /** η, the weight of the entropy bonus (0 without one). */
  public double entropyCoefficient() {
    return entropyCoefficient;
  }

  /** The aggregation mode. */
  public Aggregation aggregation() {
    return aggregation;
  }

  /** Whether empty sequences count in sequence means. */
  public EmptySequences emptySequences() {
    return emptySequences;
  }

  /** The constant of {@link Aggregation#TOKEN_SUM_NORM}, or 0 for the padded length. */
  public double sumNormConstant() {
    return sumNormConstant;
  }

  /** L, the clamp of the log-ratio before {@code exp}; infinite when off. */
  public double logRatioClamp() {
    return logRatioClamp;
  }

  /** K, the clamp of the k3 estimator; infinite when off. */
  public double klClamp() {
    return klClamp;
  }

  /** The eager engine. */
  public Engine engine() {
    return engine;
  }

  /**
   * How many threads the fused kernel may use: 0 (the default) for one per available processor.
   * The ND4J-ops engine ignores it (ND4J has its own thread pool).
   */
  public int threads() {
    return threads;
  }

  /** {@link #threads()} resolved: at least 1. */
  int resolvedThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /** Whether reference log-probs are needed. */
  public boolean usesReference() {
    return klEstimator != KlEstimator.NONE;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PolicyLossConfig)) {
      return false;
    }
    PolicyLossConfig c = (PolicyLossConfig) o;
    return Double.compare(clipLow, c.clipLow) == 0
        && Double.compare(clipHigh, c.clipHigh) == 0
        && Double.compare(dualClip, c.dualClip) == 0
        && klEstimator == c.klEstimator
        && Double.compare(klCoefficient, c.klCoefficient) == 0
        && Double.compare(entropyCoefficient, c.entropyCoefficient) == 0
        && aggregation == c.aggregation
        && emptySequences == c.emptySequences
        && Double.compare(sumNormConstant, c.sumNormConstant) == 0
        && Double.compare(logRatioClamp, c.logRatioClamp) == 0
        && Double.compare(klClamp, c.klClamp) == 0
        && engine == c.engine
        && threads == c.threads;
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(clipLow);
    h = 31 * h + Double.hashCode(clipHigh);
    h = 31 * h + Double.hashCode(dualClip);
    h = 31 * h + klEstimator.hashCode();
    h = 31 * h + Double.hashCode(klCoefficient);
    h = 31 * h + Double.hashCode(entropyCoefficient);
    h = 31 * h + aggregation.hashCode();
    h = 31 * h + emptySequences.hashCode();
    h = 31 * h + Double.hashCode(sumNormConstant);
    h = 31 * h + Double.hashCode(logRatioClamp);
    h = 31 * h + Double.hashCode(klClamp);
    h = 31 * h + engine.hashCode();
    return 31 * h + threads;
  }

  @Override
  public String toString() {
    return "PolicyLossConfig{clipLow=" + clipLow + ", clipHigh=" + clipHigh
        + ", dualClip=" + (dualClipEnabled() ? String.valueOf(dualClip) : "off")
        + ", kl=" + klEstimator + (usesReference() ? "*" + klCoefficient : "")
        + ", entropyCoefficient=" + entropyCoefficient + ", aggregation=" + aggregation
        + ", emptySequences=" + emptySequences
        + ", sumNormConstant=" + (sumNormConstant == 0 ? "padded length" : sumNormConstant)
        + ", logRatioClamp=" + logRatioClamp + ", klClamp=" + klClamp + ", engine=" + engine
        + ", threads=" + (threads == 0 ? "all" : String.valueOf(threads)) + "}";
  }

  /** Builds a {@link PolicyLossConfig}; every setter validates its argument at once. */
  public static final class Builder {
    private double clipLow = DEFAULT_CLIP_LOW;
    private double clipHigh = DEFAULT_CLIP_HIGH;
    private double dualClip = Double.NaN;
    private KlEstimator klEstimator = KlEstimator.NONE;
    private double klCoefficient;
    private double entropyCoefficient;
    private Aggregation aggregation = Aggregation.TOKEN_MEAN;
    private EmptySequences emptySequences = EmptySequences.EXCLUDE;
    private double sumNormConstant;
    private double logRatioClamp = DEFAULT_LOG_RATIO_CLAMP;
    private double klClamp = DEFAULT_KL_CLAMP;
    private Engine engine = Engine.AUTO;
    private int threads;

    private Builder() {}

    /**
     * ε_low and ε_high.
     *
     * @param low in {@code [0, 1)}, so that {@code 1 − ε_low > 0}
     * @param high in {@code [0, 10]}
     */
    public Builder clip(double low, double high) {
      if (!(low >= 0 && low < 1)) {
        throw new IllegalArgumentException("clipLow must be in [0, 1), got " + low);
      }
      if (!(high >= 0 && high <= 10)) {
        throw new IllegalArgumentException("clipHigh must be in [0, 10], got " + high);
      }
      this.clipLow = low;
      this.clipHigh = high;
      return this;
    }

    /** Symmetric clipping {@code ε_low = ε_high = epsilon} (PPO, GRPO). */
    public Builder clip(double epsilon) {
      return clip(epsilon, epsilon);
    }

    /** Dual clip with {@link #DEFAULT_DUAL_CLIP c = 3}. */
    public Builder dualClip() {
      return dualClip(DEFAULT_DUAL_CLIP);
    }

    /**
     * Dual clip for negative advantages: the surrogate is at least {@code c·A}.
     *
     * @param c finite and greater than 1
     */
    public Builder dualClip(double c) {
      if (!(c > 1 && c < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("dualClip c must be finite and > 1, got " + c);
      }
      this.dualClip = c;
      return this;
    }

    /** No dual clip (the default). */
    public Builder noDualClip() {
      this.dualClip = Double.NaN;
      return this;
    }

    /**
     * A KL penalty {@code β·KL} to a reference policy.
     *
     * @param estimator the estimator; {@link KlEstimator#NONE} removes the term (β must be 0)
     * @param beta finite and non-negative
     */
    public Builder kl(KlEstimator estimator, double beta) {
      if (estimator == null) {
        throw new IllegalArgumentException("estimator must not be null");
      }
      if (!(beta >= 0 && beta < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("kl beta must be finite and >= 0, got " + beta);
      }
      if (estimator == KlEstimator.NONE && beta != 0) {
        throw new IllegalArgumentException("kl beta must be 0 with KlEstimator.NONE, got " + beta);
      }
      this.klEstimator = estimator;
      this.klCoefficient = beta;
      return this;
    }

    /**
     * An entropy bonus: {@code −η·H_t} is added to each token's loss (the entropy-regularisation
     * baseline of the HICRA paper). Needs logits.
     *
     * @param eta finite and non-negative
     */
    public Builder entropyCoefficient(double eta) {
      if (!(eta >= 0 && eta < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "entropyCoefficient must be finite and >= 0, got " + eta);
      }
      this.entropyCoefficient = eta;
      return this;
    }

    /** The aggregation mode (default {@link Aggregation#TOKEN_MEAN}). */
    public Builder aggregation(Aggregation mode) {
      if (mode == null) {
        throw new IllegalArgumentException("aggregation must not be null");
      }
      this.aggregation = mode;
      return this;
    }

    /** Whether empty sequences count in sequence means (default {@link EmptySequences#EXCLUDE}). */
    public Builder emptySequences(EmptySequences rule) {
      if (rule == null) {
        throw new IllegalArgumentException("emptySequences must not be null");
      }
      this.emptySequences = rule;
      return this;
    }

    /**
     * The constant {@code C} of {@link Aggregation#TOKEN_SUM_NORM}.
     *
     * @param c finite and positive, or 0 for the padded length (the default)
     */
    public Builder sumNormConstant(double c) {
      if (!(c >= 0 && c < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "sumNormConstant must be finite and > 0 (or 0 for the padded length), got " + c);
      }
      this.sumNormConstant = c;
      return this;
    }

    /**
     * The clamp L of the log-ratio before {@code exp} (default 20).
     *
     * @param limit positive; {@code Double.POSITIVE_INFINITY} switches the clamp off
     */
    public Builder logRatioClamp(double limit) {
      if (!(limit > 0)) {
        throw new IllegalArgumentException("logRatioClamp must be > 0, got " + limit);
      }
      this.logRatioClamp = limit;
      return this;
    }

    /**
     * The clamp K of the k3 estimator (default 10).
     *
     * @param limit positive; {@code Double.POSITIVE_INFINITY} switches the clamp off
     */
    public Builder klClamp(double limit) {
      if (!(limit > 0)) {
        throw new IllegalArgumentException("klClamp must be > 0, got " + limit);
      }
      this.klClamp = limit;
      return this;
    }

    /** The eager engine (default {@link Engine#AUTO}). */
    public Builder engine(Engine engine) {
      if (engine == null) {
        throw new IllegalArgumentException("engine must not be null");
      }
      this.engine = engine;
      return this;
    }

    /**
     * The threads the fused kernel may use on large batches (default 0: one per available
     * processor). The batch is cut into blocks of whole rows of at least 65,536 tokens,
     * independently of this setting, and the blocks' sums are added in block order, so the loss,
     * the statistics and the gradient are bit for bit the same for every thread count. Blocks run on the common {@link java.util.concurrent.ForkJoinPool}
     * and on the calling thread; batches of fewer than two blocks run on the calling thread only.
     *
     * @param threads 0 for one per available processor, or 1 to 1024
     */
    public Builder threads(int threads) {
      if (threads < 0 || threads > 1024) {
        throw new IllegalArgumentException(
            "threads must be 0 (one per processor) or in [1, 1024], got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The configuration. */
    public PolicyLossConfig build() {
      return new PolicyLossConfig(this);
    }
  }
}
