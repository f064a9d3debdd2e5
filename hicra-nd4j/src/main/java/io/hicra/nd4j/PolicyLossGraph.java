package io.hicra.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The loss of {@link PolicyLoss} as SameDiff operations, so that it sits at the end of a user's
 * graph and gradients flow through {@code logp_new} (or the logits) into the model's parameters.
 * Inputs are padded {@code [B, T]} (logits {@code [B, T, V]}); the mask, old and reference
 * log-probs and advantages are usually placeholders. The numbers equal the eager path's.
 *
 * <p>Branches are blends with 0/1 indicators from {@code step}, which pass no gradient: {@code s =
 * (1 − C)·rA + C·clip(r)·A} with {@code C = step(rA − clip(r)·A)}, so a tie (every token inside the
 * clip range) takes the unclipped branch exactly as the eager gradient does, and no large ratio is
 * cancelled against itself ({@code x − relu(x − y)} would lose precision); the dual clip blends in
 * {@code c·A} where {@code step(−A)·step(c·A − s)}. Clamps are {@code min(max(x, lo), hi)} with constants of the graph's data type ({@code
 * clipByValue} rounds its bounds to float), and the log-softmax is built from elementary ops.
 *
 * <pre>{@code
 * SDVariable logits = ...;                                  // the model's [B, T, V] output
 * SDVariable ids = sd.placeHolder("ids", DataType.INT32, -1, -1);
 * SDVariable old = sd.placeHolder("logpOld", DataType.FLOAT, -1, -1);
 * SDVariable adv = sd.placeHolder("adv", DataType.FLOAT, -1, -1);
 * SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1);
 * SDVariable loss = PolicyLossGraph.lossFromLogits(sd, config, logits, ids, vocab, old, adv, mask, null);
 * sd.setLossVariables(loss);
 * }</pre>
 */
public final class PolicyLossGraph {
  private PolicyLossGraph() {}

  /** The loss from log-probs, without KL term or entropy bonus. */
  public static SDVariable loss(
      SameDiff sd,
      PolicyLossConfig config,
      SDVariable logpNew,
      SDVariable logpOld,
      SDVariable advantages,
      SDVariable mask) {
    return loss(sd, config, logpNew, logpOld, advantages, mask, null, null);
  }

  /**
   * The loss from log-probs.
   *
   * @param sd the graph to add to
   * @param config the objective
   * @param logpNew {@code [B, T]} log-probs of the sampled tokens under the current policy
   * @param logpOld {@code [B, T]} the same under the behaviour policy
   * @param advantages {@code [B, T]} per-token advantages
   * @param mask {@code [B, T]} 1 on response tokens, 0 on padding
   * @param logpRef {@code [B, T]} reference log-probs, required iff the config has a KL term
   * @param logits {@code [B, T, V]} logits for the entropy bonus, required iff its coefficient is
   *     positive (may be given anyway; then unused)
   * @return the scalar loss
   * @throws IllegalArgumentException if a required variable is missing
   */
  public static SDVariable loss(
      SameDiff sd,
      PolicyLossConfig config,
      SDVariable logpNew,
      SDVariable logpOld,
      SDVariable advantages,
      SDVariable mask,
      SDVariable logpRef,
      SDVariable logits) {
    notNull(sd, "sd");
    notNull(config, "config");
    notNull(logpNew, "logpNew");
    notNull(logpOld, "logpOld");
    notNull(advantages, "advantages");
    notNull(mask, "mask");
    if (config.usesReference() && logpRef == null) {
      throw new IllegalArgumentException(
          "the KL term (" + config.klEstimator() + ") needs logpRef, got null");
    }
    if (config.entropyCoefficient() > 0 && logits == null) {
      throw new IllegalArgumentException(
          "the entropy bonus (entropyCoefficient " + config.entropyCoefficient()
              + ") needs logits, got null");
    }
    KernelParams p = new KernelParams(config);
    double limit = p.logRatioClamp;
    DataType dt = logpNew.dataType();

    SDVariable d = logpNew.sub(logpOld);
    SDVariable r = sd.math().exp(clamp(sd, d, limit));
    SDVariable unclipped = r.mul(advantages);
    SDVariable clipped = clamp(sd, r, p.lo, p.hi).mul(advantages);
    SDVariable one = scalar(sd, dt, 1.0);
    SDVariable isClipped = sd.math().step(unclipped.sub(clipped), 0.0); // 1{l2 < l1}
    SDVariable s = one.sub(isClipped).mul(unclipped).add(isClipped.mul(clipped));
    if (p.dual) {
      SDVariable floor = advantages.mul(scalar(sd, dt, p.dualC));
      SDVariable isDual =
          sd.math().step(advantages.neg(), 0.0).mul(sd.math().step(floor.sub(s), 0.0));
      s = one.sub(isDual).mul(s).add(isDual.mul(floor));
    }
    SDVariable perToken = s.neg();

    if (p.kl != KernelParams.KL_NONE) {
      SDVariable delta = logpNew.sub(logpRef);
      SDVariable k;
      if (p.kl == KernelParams.KL_K1) {
        k = delta;
      } else if (p.kl == KernelParams.KL_K2) {
        k = sd.math().square(delta).mul(scalar(sd, dt, 0.5));
      } else {
        SDVariable u = clamp(sd, delta.neg(), limit);
        k = clamp(sd, sd.math().exp(u).sub(u).sub(scalar(sd, dt, 1.0)), p.klClamp);
      }
      perToken = perToken.add(k.mul(scalar(sd, dt, p.beta)));
    }
    if (config.entropyCoefficient() > 0) {
      perToken =
          perToken.sub(entropy(sd, logits).mul(scalar(sd, dt, config.entropyCoefficient())));
    }
    return perToken.mul(weights(sd, config, mask)).sum();
  }

  /**
   * The loss from logits and sampled token ids: {@code logp_new} is the log-softmax of the logits
   * at the ids, and the entropy bonus (if configured) uses the same logits.
   *
   * @param logits {@code [B, T, V]}
   * @param targetIds {@code [B, T]} integer ids of the sampled tokens
   * @param vocabSize {@code V}
   */
  public static SDVariable lossFromLogits(
      SameDiff sd,
      PolicyLossConfig config,
      SDVariable logits,
      SDVariable targetIds,
      int vocabSize,
      SDVariable logpOld,
      SDVariable advantages,
      SDVariable mask,
      SDVariable logpRef) {
    SDVariable logpNew = tokenLogProbs(sd, logits, targetIds, vocabSize);
    return loss(sd, config, logpNew, logpOld, advantages, mask, logpRef, logits);
  }

  /**
   * {@code log softmax(logits)} at {@code targetIds}: {@code [B, T]} from {@code [B, T, V]} logits.
   */
  public static SDVariable tokenLogProbs(
      SameDiff sd, SDVariable logits, SDVariable targetIds, int vocabSize) {
    notNull(sd, "sd");
    notNull(logits, "logits");
    notNull(targetIds, "targetIds");
    if (vocabSize <= 0) {
      throw new IllegalArgumentException("vocabSize must be > 0, got " + vocabSize);
    }
    DataType dt = logits.dataType();
    SDVariable logp = logSoftmax(sd, logits);
    SDVariable oneHot = sd.oneHot(targetIds, vocabSize, -1, 1.0, 0.0, dt);
    return logp.mul(oneHot).sum(2);
  }

  /** Token entropy {@code −Σ_j p_j log p_j} in nats, {@code [B, T]} from {@code [B, T, V]}. */
  public static SDVariable entropy(SameDiff sd, SDVariable logits) {
    notNull(sd, "sd");
    notNull(logits, "logits");
    SDVariable logp = logSoftmax(sd, logits);
    return sd.math().exp(logp).mul(logp).sum(2).neg();
  }

  /**
   * {@code z − max − log Σ exp(z − max)} over the last axis of {@code [B, T, V]} logits, from
   * elementary ops (the shift cancels in the gradient).
   */
  private static SDVariable logSoftmax(SameDiff sd, SDVariable logits) {
    SDVariable shifted = logits.sub(sd.max(logits, true, 2));
    return shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 2)));
  }

  /** Token weights {@code m_t·scale_b} of the aggregation mode, {@code [B, T]}. */
  static SDVariable weights(SameDiff sd, PolicyLossConfig config, SDVariable mask) {
    DataType dt = mask.dataType();
    SDVariable counts = mask.sum(true, 1); // [B, 1]
    switch (config.aggregation()) {
      case TOKEN_MEAN:
        return mask.div(mask.sum());
      case TOKEN_SUM_NORM:
        if (config.sumNormConstant() > 0) {
          return mask.div(scalar(sd, dt, config.sumNormConstant()));
        }
        return mask.div(sd.sizeAt(mask, 1).castTo(dt));
      default:
        SDVariable nonEmpty = sd.math().sign(counts);
        SDVariable sequences =
            config.emptySequences() == PolicyLossConfig.EmptySequences.INCLUDE
                ? sd.sizeAt(mask, 0).castTo(dt)
                : nonEmpty.sum();
        if (config.aggregation() == PolicyLossConfig.Aggregation.SEQ_MEAN_TOKEN_SUM) {
          return mask.div(sequences);
        }
        SDVariable safeCounts = counts.add(scalar(sd, dt, 1.0).sub(nonEmpty)); // empty rows: 1
        return mask.div(safeCounts).div(sequences);
    }
  }

  private static SDVariable clamp(SameDiff sd, SDVariable x, double limit) {
    return limit < Double.POSITIVE_INFINITY ? clamp(sd, x, -limit, limit) : x;
  }

  /**
   * {@code min(max(x, lo), hi)} with the bounds as constants of {@code x}'s type ({@code
   * clipByValue} would round them to float).
   */
  private static SDVariable clamp(SameDiff sd, SDVariable x, double lo, double hi) {
    DataType dt = x.dataType();
    return sd.min(sd.max(x, scalar(sd, dt, lo)), scalar(sd, dt, hi));
  }

  /** A scalar constant of type {@code dt}, so that double graphs stay exact. */
  private static SDVariable scalar(SameDiff sd, DataType dt, double value) {
    return sd.constant(Nd4j.scalar(dt, value));
  }

  private static void notNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}
