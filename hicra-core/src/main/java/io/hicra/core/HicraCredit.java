package io.hicra.core;

/** HICRA's credit as a {@link TokenCredit}; delegates to {@link HicraAdvantage}. */
final class HicraCredit implements TokenCredit {
  private final double alpha;

  HicraCredit(double alpha) {
    this.alpha = HicraAdvantage.checkAlpha(alpha);
  }

  @Override
  public void assignInto(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      float[] tokenEntropies,
      float[] out) {
    HicraAdvantage.computeInto(sequenceAdvantages, layout, planningMask, alpha, out);
  }

  @Override
  public String name() {
    return "hicra(alpha=" + alpha + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HicraCredit && Double.compare(alpha, ((HicraCredit) o).alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(alpha);
  }

  @Override
  public String toString() {
    return name();
  }
}
