package io.hicra.examples;

import java.util.Locale;

/** The credit-assignment schemes the example run compares. */
public enum Algorithm {
  /** GRPO: the group-normalised sequence advantage on every token. */
  GRPO,
  /** HICRA: GRPO's advantage, amplified on planning tokens by {@code α·|A|}. */
  HICRA,
  /** GRPO plus a token-entropy bonus in the loss. */
  ENTROPY;

  /** Parses {@code grpo}, {@code hicra} or {@code entropy}, ignoring case. */
  public static Algorithm parse(String name) {
    for (Algorithm a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("algo must be grpo, hicra or entropy, got '" + name + "'");
  }

  /** The lower-case name used on the command line and in file names. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
