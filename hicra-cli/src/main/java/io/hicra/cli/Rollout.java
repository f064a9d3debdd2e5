package io.hicra.cli;

/**
 * One parsed input line: a rollout of schema v1 (see {@code docs/rollout-schema.md}). Token
 * boundaries are UTF-16 indices into {@link #text}, converted from code points once, at parsing.
 *
 * <p>Mutable and confined to one thread at a time: a parse worker fills it, the step batcher and
 * the writer read it after a happens-before hand-off through a future.
 */
final class Rollout {
  /** 1-based line number in the input. */
  long line;
  /** The {@code id} field as text, or null when absent (the line number stands in). */
  String id;
  /** True when {@code id} was a JSON integer (written back as a number). */
  boolean idIsNumber;
  /** The {@code group} field as text. */
  String group;
  /** True when {@code group} was a JSON integer (written back as a number). */
  boolean groupIsNumber;
  long step;
  double reward;
  boolean correct;
  String text;
  /** Token {@code i} is {@code text[tokenStart[i], tokenEnd[i])} in UTF-16 units. */
  int[] tokenStart;
  int[] tokenEnd;
  int tokens;
  /** The given {@code planning_mask}, or null when gram matching decides. */
  io.hicra.core.TokenMask givenPlanning;
  float[] logprobs;
  float[] oldLogprobs;
  float[] refLogprobs;
  float[] entropies;

  // Filled by the parse worker after parsing.
  /** Planning flag per token: one bit per token, {@code size() == tokens}. */
  io.hicra.core.TokenMask planning;
  int planningCount;
  /** Strategic Gram matches, in order of start: phrase, category, [start, end) in code points. */
  GramSpan[] grams;
  /** The same matches in UTF-16 chars, for hicra-metrics. */
  java.util.List<io.hicra.grams.GramMatch> matches;

  // Filled when the rollout's step is finished.
  double advantage;

  /** A Strategic Gram match for output: phrase, category and span in code points of the text. */
  record GramSpan(int gramId, String phrase, String category, int start, int end) {}
}
