package io.hicra.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for hand-written JSON: ASCII, integers and quoted, escaped strings. */
final class Bytes {
  private byte[] buf;
  private int size;

  Bytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  static byte[] asciiBytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size + extra, buf.length * 2));
    }
  }

  Bytes put(byte b) {
    ensure(1);
    buf[size++] = b;
    return this;
  }

  Bytes put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  Bytes put(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** Appends a string known to be ASCII (JSON punctuation, numbers). */
  Bytes ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** "00".."99": the two digits of each value below 100. */
  private static final byte[] PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      PAIRS[2 * i] = (byte) ('0' + i / 10);
      PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  /** Appends an int in decimal without allocating. */
  Bytes integer(int v) {
    if (v < 0) {
      return ascii(Integer.toString(v));
    }
    int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : 10;
    if (digits == 10) {
      digits = 6;
      for (long p = 1000000; p <= v; p *= 10) {
        digits++;
      }
    }
    ensure(digits);
    int at = size + digits;
    // Two digits at a time from the right, then a last single digit if the count is odd.
    while (v >= 10) {
      int q = v / 100;
      int pair = 2 * (v - 100 * q);
      buf[--at] = PAIRS[pair + 1];
      buf[--at] = PAIRS[pair];
      v = q;
    }
    if (at > size) {
      buf[--at] = (byte) ('0' + v);
    }
    size += digits;
    return this;
  }

  /**
   * Appends the indices of the set bits of {@code flags}, ascending, comma-separated, in decimal:
   * one capacity check for all of them, then a walk over the set bits of each 64-bit word (no
   * per-token test) with the digits written straight into the array.
   */
  Bytes indicesOf(io.hicra.core.TokenMask flags) {
    // At most one index per set bit, of at most 10 digits, each with a comma.
    ensure(11 * flags.cardinality());
    byte[] out = buf;
    int at = size;
    boolean first = true;
    for (int w = 0, words = flags.wordCount(); w < words; w++) {
      long bits = flags.word(w);
      while (bits != 0) {
        int t = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (!first) {
          out[at++] = ',';
        }
        first = false;
        if (t < 10) {
          out[at++] = (byte) ('0' + t);
        } else if (t < 100) {
          out[at++] = PAIRS[2 * t];
          out[at++] = PAIRS[2 * t + 1];
        } else if (t < 10000) {
          int hi = t / 100;
          int lo = 2 * (t - 100 * hi);
          if (hi >= 10) {
            out[at++] = PAIRS[2 * hi];
          }
          out[at++] = PAIRS[2 * hi + 1];
          out[at++] = PAIRS[lo];
          out[at++] = PAIRS[lo + 1];
        } else {
          size = at;
          integer(t);
          out = buf;
          at = size;
        }
      }
    }
    size = at;
    return this;
  }

  /** Bytes appended so far. */
  int size() {
    return size;
  }

  /** Empties the buffer, keeping its capacity for reuse. */
  Bytes clear() {
    size = 0;
    return this;
  }

  /** Appends {@code s} as a JSON string: quoted, escaped, UTF-8. */
  Bytes quoted(String s) {
    put((byte) '"');
    put(JsonStringEncoder.getInstance().quoteAsUTF8(s));
    return put((byte) '"');
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Writes the content to {@code out} without copying it. */
  void writeTo(java.io.OutputStream out) throws java.io.IOException {
    out.write(buf, 0, size);
  }
}
