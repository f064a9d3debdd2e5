package io.hicra.cli;

/**
 * Conversions between code-point offsets (what the JSONL log and Python strings use) and UTF-16
 * indices (what Java strings use). Done once per rollout, at the boundary.
 */
final class CodePoints {
  private CodePoints() {}

  /**
   * The UTF-16 index of every code-point offset of {@code text}: element {@code k} is the UTF-16
   * index where code point {@code k} starts, and the last element is {@code text.length()}; the
   * array has {@code codePointCount + 1} elements.
   */
  static int[] utf16Index(String text) {
    int n = text.length();
    int count = text.codePointCount(0, n);
    int[] index = new int[count + 1];
    if (count == n) {
      for (int i = 0; i <= n; i++) {
        index[i] = i;
      }
      return index;
    }
    int k = 0;
    int i = 0;
    while (i < n) {
      index[k++] = i;
      i += Character.isHighSurrogate(text.charAt(i))
              && i + 1 < n
              && Character.isLowSurrogate(text.charAt(i + 1))
          ? 2
          : 1;
    }
    index[k] = n;
    return index;
  }

  /** The code-point offset of UTF-16 index {@code utf16} in {@code text}. */
  static int codePointOffset(String text, int utf16) {
    return text.codePointCount(0, utf16);
  }

  /**
   * Code-point offsets of ascending UTF-16 indices, in one pass: {@code out[i]} is the code-point
   * offset of {@code utf16[i]}. Indices must be non-decreasing.
   */
  static void codePointOffsets(String text, int[] utf16, int count, int[] out) {
    int cp = 0;
    int at = 0;
    for (int i = 0; i < count; i++) {
      int target = utf16[i];
      if (target < at) {
        cp = 0;
        at = 0;
      }
      cp += text.codePointCount(at, target);
      at = target;
      out[i] = cp;
    }
  }
}
