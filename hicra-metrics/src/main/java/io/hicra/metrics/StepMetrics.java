package io.hicra.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The metrics of one training step: named values (the columns of the exported CSV and JSON) plus
 * the detailed results they came from. A value is present only if the batch had the parts it
 * needs (see {@link BatchMetrics}); present values are always finite. Immutable.
 *
 * <p>Column names are the constants of this class plus {@link #passAt(int)} and {@link
 * #meanAt(int)}; users may add their own through {@link Builder#put}.
 */
public final class StepMetrics {
  /** Number of rollouts in the batch. */
  public static final String ROLLOUTS = "rollouts";
  /** Fraction of correct rollouts (rollout-weighted). */
  public static final String ACCURACY = "accuracy";
  /** Mean reward per rollout. */
  public static final String MEAN_REWARD = "mean_reward";
  /** Mean response length in tokens. */
  public static final String MEAN_RESPONSE_LENGTH = "mean_response_length";
  /** Planning tokens over all tokens. */
  public static final String PLANNING_TOKEN_RATIO = "planning_token_ratio";
  /** Semantic entropy of Strategic Grams (unit of the configured {@link SemanticEntropy}). */
  public static final String SEMANTIC_ENTROPY = "semantic_entropy";
  /** Semantic entropy over the log of the number of distinct grams. */
  public static final String SEMANTIC_ENTROPY_NORMALIZED = "semantic_entropy_normalized";
  /** Number of distinct Strategic Gram outcomes. */
  public static final String DISTINCT_GRAMS = "distinct_grams";
  /** Strategic Gram occurrences counted. */
  public static final String GRAM_OCCURRENCES = "gram_occurrences";
  /** H(procedural n-gram | strategic gram). */
  public static final String CONDITIONAL_ENTROPY = "conditional_entropy";
  /** Marginal entropy of the procedural n-grams. */
  public static final String PROCEDURAL_ENTROPY = "procedural_entropy";
  /** Strategic-gram occurrences with a following procedural n-gram. */
  public static final String CONDITIONAL_PAIRS = "conditional_pairs";
  /** Mean token entropy over all tokens (nats). */
  public static final String TOKEN_ENTROPY = "token_entropy";
  /** Mean token entropy over planning tokens (nats). */
  public static final String TOKEN_ENTROPY_PLANNING = "token_entropy_planning";
  /** Mean token entropy over execution tokens (nats). */
  public static final String TOKEN_ENTROPY_EXECUTION = "token_entropy_execution";
  /** Perplexity over all tokens. */
  public static final String PERPLEXITY = "perplexity";
  /** Perplexity over planning tokens. */
  public static final String PERPLEXITY_PLANNING = "perplexity_planning";
  /** Perplexity over execution tokens. */
  public static final String PERPLEXITY_EXECUTION = "perplexity_execution";
  /** Perplexity over its value at the first tracked step. */
  public static final String RELATIVE_PERPLEXITY = "relative_perplexity";
  /** Planning-token perplexity over its value at the first tracked step. */
  public static final String RELATIVE_PERPLEXITY_PLANNING = "relative_perplexity_planning";
  /** Execution-token perplexity over its value at the first tracked step. */
  public static final String RELATIVE_PERPLEXITY_EXECUTION = "relative_perplexity_execution";
  /** Fraction of planning tokens that are top-q entropy tokens. */
  public static final String FORK_PLANNING_IN_TOP = "fork_planning_in_top";
  /** Fraction of top-q entropy tokens that are planning tokens. */
  public static final String FORK_TOP_IN_PLANNING = "fork_top_in_planning";

  private final long step;
  private final Map<String, Double> values;
  private final GramEntropy semantic;
  private final ConditionalEntropyResult conditional;
  private final TokenClassMeans tokenEntropy;
  private final PerplexityByClass perplexity;
  private final ForkOverlap fork;

  private StepMetrics(Builder b) {
    this.step = b.step;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    this.semantic = b.semantic;
    this.conditional = b.conditional;
    this.tokenEntropy = b.tokenEntropy;
    this.perplexity = b.perplexity;
    this.fork = b.fork;
  }

  /** Column name of pass@k: {@code "pass@k"}. */
  public static String passAt(int k) {
    return "pass@" + k;
  }

  /** Column name of mean@k: {@code "mean@k"}. */
  public static String meanAt(int k) {
    return "mean@" + k;
  }

  /** A builder for step {@code step}. */
  public static Builder builder(long step) {
    return new Builder(step);
  }

  /** The training step. */
  public long step() {
    return step;
  }

  /** Every present value by column name, in insertion order; unmodifiable. */
  public Map<String, Double> values() {
    return values;
  }

  /** Whether {@code name} is present. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of {@code name} if present. */
  public OptionalDouble find(String name) {
    Double v = values.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /**
   * The value of {@code name}.
   *
   * @throws IllegalArgumentException if it is not present (lists the present names)
   */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "step " + step + " has no metric '" + name + "'; present: " + values.keySet());
    }
    return v;
  }

  /** The semantic-entropy details, if computed. */
  public Optional<GramEntropy> semanticEntropy() {
    return Optional.ofNullable(semantic);
  }

  /** The conditional-entropy details, if computed. */
  public Optional<ConditionalEntropyResult> conditionalEntropy() {
    return Optional.ofNullable(conditional);
  }

  /** The token-entropy means by class, if computed. */
  public Optional<TokenClassMeans> tokenEntropy() {
    return Optional.ofNullable(tokenEntropy);
  }

  /** The perplexity by class, if computed. */
  public Optional<PerplexityByClass> perplexity() {
    return Optional.ofNullable(perplexity);
  }

  /** The fork-token overlap, if computed. */
  public Optional<ForkOverlap> forkOverlap() {
    return Optional.ofNullable(fork);
  }

  /** A builder holding this step's values and details, to add or replace values. */
  public Builder toBuilder() {
    Builder b = new Builder(step);
    b.values.putAll(values);
    b.semantic = semantic;
    b.conditional = conditional;
    b.tokenEntropy = tokenEntropy;
    b.perplexity = perplexity;
    b.fork = fork;
    return b;
  }

  /** This step's values without the detailed results (what {@link DynamicsTracker} keeps). */
  public StepMetrics valuesOnly() {
    Builder b = new Builder(step);
    b.values.putAll(values);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepMetrics && step == ((StepMetrics) o).step
        && values.equals(((StepMetrics) o).values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(step) * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    return "StepMetrics{step=" + step + ", " + values + "}";
  }

  /** Collects the values of one step. */
  public static final class Builder {
    private final long step;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private GramEntropy semantic;
    private ConditionalEntropyResult conditional;
    private TokenClassMeans tokenEntropy;
    private PerplexityByClass perplexity;
    private ForkOverlap fork;

    private Builder(long step) {
      this.step = step;
    }

    /**
     * Adds or replaces a value.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank or contains a comma,
     *     quote, backslash or control character, or {@code value} is not finite
     */
    public Builder put(String name, double value) {
      Checks.notNull(name, "name");
      if (name.isBlank() || name.chars().anyMatch(c -> c == ',' || c == '"' || c == '\\'
          || c < 0x20)) {
        throw new IllegalArgumentException("metric name '" + name
            + "' must be non-blank without commas, quotes, backslashes or control characters");
      }
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("metric '" + name + "' = " + value + " is not finite");
      }
      values.put(name, value);
      return this;
    }

    Builder semantic(GramEntropy v) {
      this.semantic = v;
      return this;
    }

    Builder conditional(ConditionalEntropyResult v) {
      this.conditional = v;
      return this;
    }

    Builder tokenEntropy(TokenClassMeans v) {
      this.tokenEntropy = v;
      return this;
    }

    Builder perplexity(PerplexityByClass v) {
      this.perplexity = v;
      return this;
    }

    Builder fork(ForkOverlap v) {
      this.fork = v;
      return this;
    }

    /** The step's metrics. */
    public StepMetrics build() {
      return new StepMetrics(this);
    }
  }
}
