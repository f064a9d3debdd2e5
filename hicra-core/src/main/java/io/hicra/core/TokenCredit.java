package io.hicra.core;

/**
 * How a rollout's sequence advantage is spread over its tokens. Three implementations are
 * provided for comparison:
 *
 * <ul>
 *   <li>{@link #uniform()}: GRPO — every token gets the sequence advantage {@code A}.
 *   <li>{@link #hicra(double)}: HICRA (arXiv:2509.03646 §3) — planning tokens get {@code A +
 *       α·|A|}, the others {@code A}.
 *   <li>{@link #highEntropyFork(double)}: the high-entropy "fork token" baseline
 *       (arXiv:2506.01939) — only the top-{@code q} fraction of the batch's tokens by entropy get
 *       {@code A}, the others 0.
 * </ul>
 *
 * <p>Every implementation is immutable and thread-safe, and {@link #assignInto} allocates nothing
 * except where an implementation says otherwise.
 */
public interface TokenCredit {

  /**
   * Writes one advantage per token into {@code out[0 .. layout.tokens())}.
   *
   * @param sequenceAdvantages one advantage per rollout
   * @param layout the batch layout
   * @param planningMask planning tokens; read by {@link #hicra}, may be null for the others
   * @param tokenEntropies one entropy per token; read by {@link #highEntropyFork}, may be null
   *     for the others
   * @param out receives the token advantages; at least {@code layout.tokens()} long
   */
  void assignInto(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      float[] tokenEntropies,
      float[] out);

  /** Like {@link #assignInto} but returns a new array. */
  default float[] assign(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      float[] tokenEntropies) {
    Checks.notNull(layout, "layout");
    float[] out = new float[layout.tokens()];
    assignInto(sequenceAdvantages, layout, planningMask, tokenEntropies, out);
    return out;
  }

  /** A short name for logs and reports, e.g. {@code "hicra(alpha=0.2)"}. */
  String name();

  /** GRPO's uniform credit. */
  static TokenCredit uniform() {
    return UniformCredit.INSTANCE;
  }

  /** HICRA with {@code α = 0.2}, the paper's setting. */
  static TokenCredit hicra() {
    return new HicraCredit(HicraAdvantage.DEFAULT_ALPHA);
  }

  /**
   * HICRA with the given α.
   *
   * @throws IllegalArgumentException if {@code alpha} is outside {@code [0, 1]} (α &gt; 1 would
   *     flip the sign of a negative advantage)
   */
  static TokenCredit hicra(double alpha) {
    return new HicraCredit(alpha);
  }

  /** The fork-token baseline with {@code q = 0.2}. */
  static TokenCredit highEntropyFork() {
    return new ForkTokenCredit(ForkTokenCredit.DEFAULT_Q);
  }

  /**
   * The fork-token baseline keeping the top-{@code q} fraction of tokens by entropy.
   *
   * @throws IllegalArgumentException if {@code q} is outside {@code (0, 1]}
   */
  static TokenCredit highEntropyFork(double q) {
    return new ForkTokenCredit(q);
  }
}
