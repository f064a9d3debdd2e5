package io.hicra.nd4j;

import io.hicra.core.BatchLayout;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arrays of one eager loss evaluation, in one of two layouts:
 *
 * <ul>
 *   <li><b>padded</b>: {@code [B, T]} arrays with a 0/1 response mask of the same shape (what
 *       {@link io.hicra.core.Padding} produces); padding positions get exactly zero gradient;
 *   <li><b>ragged</b>: flat {@code [N]} arrays over the tokens of a {@link BatchLayout} of
 *       hicra-core, every token valid.
 * </ul>
 *
 * <p>All arrays share one data type, {@code FLOAT} (the default for training) or {@code DOUBLE}
 * (for checks). Logits for the entropy bonus are {@code [B, T, V]} (padded) or {@code [N, V]}
 * (ragged). Shapes and types are checked here; values (finite, 0/1 mask) when the loss runs.
 * Instances are immutable; the arrays are referenced, not copied.
 */
public final class PolicyLossInputs {
  private final INDArray logpNew;
  private final INDArray logpOld;
  private final INDArray advantages;
  private final INDArray mask;
  private final BatchLayout layout;
  private final INDArray logpRef;
  private final INDArray logits;

  private PolicyLossInputs(
      INDArray logpNew,
      INDArray logpOld,
      INDArray advantages,
      INDArray mask,
      BatchLayout layout,
      INDArray logpRef,
      INDArray logits) {
    this.logpNew = logpNew;
    this.logpOld = logpOld;
    this.advantages = advantages;
    this.mask = mask;
    this.layout = layout;
    this.logpRef = logpRef;
    this.logits = logits;
  }

  /**
   * Padded inputs.
   *
   * @param logpNew log-probabilities of the sampled tokens under the current policy, {@code [B, T]}
   * @param logpOld the same under the behaviour (rollout) policy, {@code [B, T]}
   * @param advantages per-token advantages (e.g. HICRA's), {@code [B, T]}
   * @param mask 1 on response tokens, 0 on padding, {@code [B, T]}
   * @throws IllegalArgumentException if an array is null, not rank 2, empty, of another shape than
   *     {@code logpNew} (both shapes named) or not of {@code logpNew}'s FLOAT/DOUBLE type
   */
  public static PolicyLossInputs padded(
      INDArray logpNew, INDArray logpOld, INDArray advantages, INDArray mask) {
    notNull(logpNew, "logpNew");
    if (logpNew.rank() != 2) {
      throw new IllegalArgumentException(
          "logpNew must be [B, T] (rank 2), got shape " + Arrays.toString(logpNew.shape()));
    }
    if (logpNew.length() == 0) {
      throw new IllegalArgumentException(
          "empty batch: logpNew has shape " + Arrays.toString(logpNew.shape()));
    }
    checkType(logpNew, "logpNew");
    sameShape(logpOld, "logpOld", logpNew);
    sameShape(advantages, "advantages", logpNew);
    sameShape(mask, "mask", logpNew);
    return new PolicyLossInputs(logpNew, logpOld, advantages, mask, null, null, null);
  }

  /**
   * Ragged inputs over the flat tokens of {@code layout}.
   *
   * @param layout the batch layout; its token count is the arrays' length
   * @param logpNew flat log-probabilities under the current policy, {@code [N]}
   * @param logpOld flat log-probabilities under the behaviour policy, {@code [N]}
   * @param advantages flat per-token advantages, {@code [N]} (e.g. {@code
   *     Nd4j.createFromArray(HicraAdvantage.compute(...))})
   * @throws IllegalArgumentException if the layout has no tokens, or an array is not a vector of
   *     {@code layout.tokens()} elements of {@code logpNew}'s FLOAT/DOUBLE type
   */
  public static PolicyLossInputs ragged(
      BatchLayout layout, INDArray logpNew, INDArray logpOld, INDArray advantages) {
    notNull(layout, "layout");
    if (layout.tokens() == 0) {
      throw new IllegalArgumentException(
          "empty batch: layout has " + layout.rollouts() + " rollouts and 0 tokens");
    }
    notNull(logpNew, "logpNew");
    if (!isFlat(logpNew) || logpNew.length() != layout.tokens()) {
      throw new IllegalArgumentException(
          "logpNew must be [N] with N = layout.tokens() = " + layout.tokens() + ", got shape "
              + Arrays.toString(logpNew.shape()));
    }
    checkType(logpNew, "logpNew");
    sameShape(logpOld, "logpOld", logpNew);
    sameShape(advantages, "advantages", logpNew);
    return new PolicyLossInputs(logpNew, logpOld, advantages, null, layout, null, null);
  }

  /**
   * These inputs plus reference-policy log-probs for the KL term (same shape as {@code logpNew}).
   */
  public PolicyLossInputs withReference(INDArray logpRef) {
    sameShape(logpRef, "logpRef", logpNew);
    return new PolicyLossInputs(logpNew, logpOld, advantages, mask, layout, logpRef, logits);
  }

  /**
   * These inputs plus the current policy's logits for the entropy bonus and the entropy statistic:
   * {@code [B, T, V]} for padded inputs, {@code [N, V]} for ragged ones, the same data type.
   */
  public PolicyLossInputs withLogits(INDArray logits) {
    notNull(logits, "logits");
    long[] base = logpNew.shape();
    long[] s = logits.shape();
    boolean ok;
    if (isPadded()) {
      ok = s.length == 3 && s[0] == base[0] && s[1] == base[1] && s[2] > 0;
    } else {
      ok = s.length == 2 && s[0] == logpNew.length() && s[1] > 0;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "logits must be " + (isPadded() ? "[B, T, V]" : "[N, V]") + " with V > 0 for logpNew of"
              + " shape " + Arrays.toString(base) + ", got shape " + Arrays.toString(s));
    }
    if (logits.dataType() != logpNew.dataType()) {
      throw new IllegalArgumentException(
          "logits has data type " + logits.dataType() + " but logpNew has " + logpNew.dataType());
    }
    return new PolicyLossInputs(logpNew, logpOld, advantages, mask, layout, logpRef, logits);
  }

  /** Whether these are padded {@code [B, T]} inputs (else ragged). */
  public boolean isPadded() {
    return layout == null;
  }

  /** Log-probs under the current policy. */
  public INDArray logpNew() {
    return logpNew;
  }

  /** Log-probs under the behaviour policy. */
  public INDArray logpOld() {
    return logpOld;
  }

  /** Per-token advantages. */
  public INDArray advantages() {
    return advantages;
  }

  /** The response mask of padded inputs, null for ragged ones. */
  public INDArray mask() {
    return mask;
  }

  /** The layout of ragged inputs, null for padded ones. */
  public BatchLayout layout() {
    return layout;
  }

  /** Reference log-probs, or null. */
  public INDArray logpRef() {
    return logpRef;
  }

  /** Logits, or null. */
  public INDArray logits() {
    return logits;
  }

  /** The data type of every array. */
  public DataType dataType() {
    return logpNew.dataType();
  }

  /** Number of rows: {@code B}. */
  int rows() {
    return isPadded() ? (int) logpNew.size(0) : layout.rollouts();
  }

  /** The padded width {@code T}, or the longest rollout for ragged inputs. */
  int width() {
    return isPadded() ? (int) logpNew.size(1) : layout.maxLength();
  }

  @Override
  public String toString() {
    return "PolicyLossInputs{" + (isPadded() ? "padded " : "ragged ")
        + Arrays.toString(logpNew.shape()) + " " + logpNew.dataType()
        + (logpRef != null ? ", reference" : "")
        + (logits != null ? ", logits " + Arrays.toString(logits.shape()) : "") + "}";
  }

  private static boolean isFlat(INDArray a) {
    return a.rank() == 1 || (a.rank() == 2 && a.size(0) == 1);
  }

  private static void notNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  private static void checkType(INDArray a, String name) {
    DataType t = a.dataType();
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      throw new IllegalArgumentException(
          name + " must be FLOAT or DOUBLE, got " + t + " (shape " + Arrays.toString(a.shape())
              + ")");
    }
  }

  private static void sameShape(INDArray a, String name, INDArray logpNew) {
    notNull(a, name);
    if (!Arrays.equals(a.shape(), logpNew.shape())) {
      throw new IllegalArgumentException(
          name + " has shape " + Arrays.toString(a.shape()) + " but logpNew has shape "
              + Arrays.toString(logpNew.shape()));
    }
    if (a.dataType() != logpNew.dataType()) {
      throw new IllegalArgumentException(
          name + " has data type " + a.dataType() + " but logpNew has " + logpNew.dataType());
    }
  }
}
