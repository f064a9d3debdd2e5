package io.hicra.core;

import java.util.Arrays;

/** GRPO's credit: the sequence advantage on every token. */
final class UniformCredit implements TokenCredit {
  static final UniformCredit INSTANCE = new UniformCredit();

  private UniformCredit() {}

  @Override
  public void assignInto(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      float[] tokenEntropies,
      float[] out) {
    Checks.notNull(sequenceAdvantages, "sequenceAdvantages");
    Checks.notNull(layout, "layout");
    Checks.notNull(out, "out");
    layout.checkRollouts(sequenceAdvantages.length, "sequenceAdvantages");
    Checks.atLeastLength(out.length, layout.tokens(), "out", "the layout");
    for (int r = 0; r < sequenceAdvantages.length; r++) {
      Arrays.fill(out, layout.start(r), layout.end(r), (float) sequenceAdvantages[r]);
    }
  }

  @Override
  public String name() {
    return "uniform";
  }

  @Override
  public String toString() {
    return name();
  }
}
