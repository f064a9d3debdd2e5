package io.hicra.grams;

/** The unit of token offsets into a text. */
public enum OffsetUnit {
  /** UTF-16 {@code char} indices, as Java's {@code String} and JavaScript index text. */
  UTF16,
  /**
   * Unicode code point indices, as Python strings and Hugging Face offset mappings index text
   * (and the JSONL logs of hicra). Equal to {@link #UTF16} for text without supplementary
   * characters (emoji, math alphanumerics, rare CJK).
   */
  CODE_POINTS
}
