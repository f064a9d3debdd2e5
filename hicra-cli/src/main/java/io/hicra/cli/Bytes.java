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

  /** Appends a string known to be ASCII (JSON punctuation, numbers). */
  Bytes ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends a non-negative int in decimal without allocating. */
  Bytes integer(int v) {
    if (v < 0) {
      return ascii(Integer.toString(v));
    }
    int digits = 1;
    for (int x = v; x >= 10; x /= 10) {
      digits++;
    }
    ensure(digits);
    int at = size + digits;
    do {
      buf[--at] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    size += digits;
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
