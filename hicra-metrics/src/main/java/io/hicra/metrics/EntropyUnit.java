package io.hicra.metrics;

/** The logarithm base of an entropy: natural (nats, the default everywhere) or base 2 (bits). */
public enum EntropyUnit {
  /** Natural logarithm; 1 nat = 1 / ln 2 ≈ 1.4427 bits. */
  NATS,
  /** Base-2 logarithm. */
  BITS;

  private static final double LN2 = Math.log(2.0);

  /** Converts an entropy in nats to this unit. */
  public double fromNats(double nats) {
    return this == NATS ? nats : nats / LN2;
  }

  /** Short lower-case name, as used in exported column names: {@code "nats"} or {@code "bits"}. */
  public String label() {
    return this == NATS ? "nats" : "bits";
  }
}
