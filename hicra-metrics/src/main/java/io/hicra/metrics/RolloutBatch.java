package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.Groups;
import io.hicra.core.TokenMask;
import io.hicra.grams.GramMatch;
import java.util.Collections;
import java.util.List;

/**
 * One training step's batch of rollouts as the metrics read it: per rollout its text, its
 * Strategic Gram matches, its reward or correctness and its group (prompt); per token flat arrays
 * over a {@link BatchLayout} (log-probabilities, entropies) and the planning {@link TokenMask}.
 * Every part is optional; each metric says which parts it needs and fails with an {@link
 * IllegalArgumentException} naming a missing one.
 *
 * <p><b>No copies.</b> The builder keeps references to the caller's lists and arrays, so handing
 * over a trainer's batch costs nothing; do not modify them while metrics are being computed. The
 * builder checks lengths only ({@code O(1)} per part, {@code O(B)} for the match lists); values
 * (finiteness, ranges, spans) are checked by the metric that reads them, in the same pass.
 *
 * <p>Correctness: {@link #correct(int)} is the flag given to {@link Builder#correct}, otherwise
 * {@code reward > 0} when only rewards were given.
 *
 * <pre>{@code
 * RolloutBatch batch = RolloutBatch.builder(texts.size())
 *     .texts(texts)                 // List<String>, optional
 *     .matches(matchesPerRollout)   // List<List<GramMatch>>, one list per rollout
 *     .rewards(rewards)             // double[B]; correct = reward > 0 unless .correct(...) given
 *     .groups(Groups.of(promptIds)) // for pass@k
 *     .tokens(layout, logProbs, entropies, planningMask)
 *     .build();
 * }</pre>
 */
public final class RolloutBatch {
  private final int rollouts;
  private final List<String> texts;
  private final List<? extends List<GramMatch>> matches;
  private final double[] rewards;
  private final boolean[] correct;
  private final Groups groups;
  private final BatchLayout layout;
  private final float[] logProbs;
  private final float[] entropies;
  private final TokenMask planning;

  private RolloutBatch(Builder b) {
    this.rollouts = b.rollouts;
    this.texts = b.texts;
    this.matches = b.matches;
    this.rewards = b.rewards;
    this.correct = b.correct;
    this.groups = b.groups;
    this.layout = b.layout;
    this.logProbs = b.logProbs;
    this.entropies = b.entropies;
    this.planning = b.planning;
  }

  /** A builder for a batch of {@code rollouts} rollouts ({@code >= 0}). */
  public static Builder builder(int rollouts) {
    return new Builder(Checks.nonNegative(rollouts, "rollouts"));
  }

  /** Number of rollouts {@code B}. */
  public int rollouts() {
    return rollouts;
  }

  /** Whether texts were given. */
  public boolean hasTexts() {
    return texts != null;
  }

  /** The text of rollout {@code r}, or null if texts were not given (or this one is null). */
  public String text(int r) {
    return texts == null ? null : texts.get(r);
  }

  /** Whether gram matches were given. */
  public boolean hasMatches() {
    return matches != null;
  }

  /** The gram matches of rollout {@code r}; an empty list if matches were not given. */
  public List<GramMatch> matches(int r) {
    if (matches == null) {
      return Collections.emptyList();
    }
    List<GramMatch> m = matches.get(r);
    if (m == null) {
      throw new IllegalArgumentException("matches[" + r + "] is null");
    }
    return m;
  }

  /** Whether rewards were given. */
  public boolean hasRewards() {
    return rewards != null;
  }

  /** The reward of rollout {@code r}; requires {@link #hasRewards()}. */
  public double reward(int r) {
    return require(rewards, "rewards")[r];
  }

  /** Whether correctness is known: flags or rewards were given. */
  public boolean hasCorrect() {
    return correct != null || rewards != null;
  }

  /** Whether rollout {@code r} is correct: its flag, else {@code reward > 0}. */
  public boolean correct(int r) {
    if (correct != null) {
      return correct[r];
    }
    return require(rewards, "correct flags or rewards")[r] > 0;
  }

  /** The correctness flags as an array (a new array when derived from rewards). */
  public boolean[] correctFlags() {
    if (correct != null) {
      return correct;
    }
    double[] rw = require(rewards, "correct flags or rewards");
    boolean[] out = new boolean[rw.length];
    for (int i = 0; i < rw.length; i++) {
      out[i] = rw[i] > 0;
    }
    return out;
  }

  /** Whether groups were given. */
  public boolean hasGroups() {
    return groups != null;
  }

  /** The groups (prompts); requires {@link #hasGroups()}. */
  public Groups groups() {
    return require(groups, "groups");
  }

  /** Whether a token layout was given. */
  public boolean hasTokens() {
    return layout != null;
  }

  /** The token layout; requires {@link #hasTokens()}. */
  public BatchLayout layout() {
    return require(layout, "layout");
  }

  /** Whether per-token log-probabilities were given. */
  public boolean hasLogProbs() {
    return logProbs != null;
  }

  /** Per-token log-probabilities (the caller's array, not a copy). */
  public float[] logProbs() {
    return require(logProbs, "logProbs");
  }

  /** Whether per-token entropies were given. */
  public boolean hasEntropies() {
    return entropies != null;
  }

  /** Per-token entropies in nats (the caller's array, not a copy). */
  public float[] entropies() {
    return require(entropies, "entropies");
  }

  /** Whether a planning mask was given. */
  public boolean hasPlanning() {
    return planning != null;
  }

  /** The planning-token mask (the caller's mask, not a copy). */
  public TokenMask planning() {
    return require(planning, "planning");
  }

  private static <T> T require(T part, String name) {
    if (part == null) {
      throw new IllegalArgumentException("the batch has no " + name);
    }
    return part;
  }

  @Override
  public String toString() {
    return "RolloutBatch{rollouts=" + rollouts
        + (layout != null ? ", tokens=" + layout.tokens() : "")
        + (texts != null ? ", texts" : "")
        + (matches != null ? ", matches" : "")
        + (rewards != null ? ", rewards" : "")
        + (correct != null ? ", correct" : "")
        + (groups != null ? ", groups=" + groups.count() : "")
        + (logProbs != null ? ", logProbs" : "")
        + (entropies != null ? ", entropies" : "")
        + (planning != null ? ", planning" : "")
        + "}";
  }

  /** Collects the parts of a batch by reference; {@link #build()} checks their lengths. */
  public static final class Builder {
    private final int rollouts;
    private List<String> texts;
    private List<? extends List<GramMatch>> matches;
    private double[] rewards;
    private boolean[] correct;
    private Groups groups;
    private BatchLayout layout;
    private float[] logProbs;
    private float[] entropies;
    private TokenMask planning;

    private Builder(int rollouts) {
      this.rollouts = rollouts;
    }

    /** One text per rollout (elements may be null: that rollout has no text). Not copied. */
    public Builder texts(List<String> texts) {
      this.texts = Checks.notNull(texts, "texts");
      return this;
    }

    /** One list of gram matches per rollout, spans in UTF-16 chars of its text. Not copied. */
    public Builder matches(List<? extends List<GramMatch>> matches) {
      this.matches = Checks.notNull(matches, "matches");
      return this;
    }

    /** One reward per rollout, finite (checked in {@link #build()}). Not copied. */
    public Builder rewards(double[] rewards) {
      this.rewards = Checks.notNull(rewards, "rewards");
      return this;
    }

    /** One correctness flag per rollout; overrides {@code reward > 0}. Not copied. */
    public Builder correct(boolean[] correct) {
      this.correct = Checks.notNull(correct, "correct");
      return this;
    }

    /** The groups (prompts) of the rollouts, for pass@k and mean@k. */
    public Builder groups(Groups groups) {
      this.groups = Checks.notNull(groups, "groups");
      return this;
    }

    /** The ragged token layout of the batch. */
    public Builder layout(BatchLayout layout) {
      this.layout = Checks.notNull(layout, "layout");
      return this;
    }

    /** Per-token log-probabilities of the sampled tokens (nats), over the layout. Not copied. */
    public Builder logProbs(float[] logProbs) {
      this.logProbs = Checks.notNull(logProbs, "logProbs");
      return this;
    }

    /** Per-token entropies of the policy (nats), over the layout. Not copied. */
    public Builder entropies(float[] entropies) {
      this.entropies = Checks.notNull(entropies, "entropies");
      return this;
    }

    /** The planning-token mask over the layout. Not copied. */
    public Builder planning(TokenMask planning) {
      this.planning = Checks.notNull(planning, "planning");
      return this;
    }

    /**
     * Shorthand for the token-level parts; {@code logProbs} and {@code entropies} may be null.
     */
    public Builder tokens(
        BatchLayout layout, float[] logProbs, float[] entropies, TokenMask planning) {
      layout(layout);
      this.logProbs = logProbs;
      this.entropies = entropies;
      this.planning = planning;
      return this;
    }

    /**
     * The batch.
     *
     * @throws IllegalArgumentException if a per-rollout part does not have one entry per rollout,
     *     a per-token part is given without a layout or does not cover it, or a reward is not
     *     finite (names the part, the lengths or the index)
     */
    public RolloutBatch build() {
      if (texts != null) {
        Checks.sameLength(texts.size(), rollouts, "texts", "the rollout count");
      }
      if (matches != null) {
        Checks.sameLength(matches.size(), rollouts, "matches", "the rollout count");
        int r = 0;
        for (List<GramMatch> m : matches) {
          if (m == null) {
            throw new IllegalArgumentException("matches[" + r + "] is null");
          }
          r++;
        }
      }
      if (rewards != null) {
        Checks.sameLength(rewards.length, rollouts, "rewards", "the rollout count");
        Checks.finite(rewards, "rewards");
      }
      if (correct != null) {
        Checks.sameLength(correct.length, rollouts, "correct", "the rollout count");
      }
      if (groups != null) {
        Checks.sameLength(groups.rollouts(), rollouts, "groups", "the rollout count");
      }
      if (layout == null) {
        if (logProbs != null || entropies != null || planning != null) {
          throw new IllegalArgumentException(
              "logProbs, entropies and planning need a layout: call layout(...) or tokens(...)");
        }
      } else {
        if (layout.rollouts() != rollouts) {
          throw new IllegalArgumentException("layout has " + layout.rollouts()
              + " rollouts but the batch has " + rollouts);
        }
        if (logProbs != null) {
          layout.checkTokens(logProbs.length, "logProbs");
        }
        if (entropies != null) {
          layout.checkTokens(entropies.length, "entropies");
        }
        if (planning != null) {
          planning.checkCovers(layout, "planning");
        }
      }
      return new RolloutBatch(this);
    }
  }
}
