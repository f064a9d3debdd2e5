package io.hicra.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Splits a byte stream into lines ({@code \n}, with a trailing {@code \r} removed), gunzipping
 * transparently when the stream starts with the gzip magic bytes. A final line without a newline
 * counts; an empty stream has no lines. Counts raw (possibly compressed) bytes consumed so that a
 * progress bar can show an ETA against the file size.
 */
final class LineSource implements AutoCloseable {
  private final CountingStream raw;
  private final InputStream in;
  private final long size;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  // Bounds of the line found by the last advance().
  private int lineStart;
  private int lineEnd;
  private boolean eof;
  private long lineNumber;

  private LineSource(InputStream raw, long size) throws IOException {
    this.raw = new CountingStream(raw);
    BufferedInputStream b = new BufferedInputStream(this.raw, 1 << 16);
    b.mark(2);
    int m1 = b.read();
    int m2 = b.read();
    b.reset();
    this.in = m1 == 0x1f && m2 == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
    this.size = size;
  }

  static LineSource open(Path file) throws IOException {
    return new LineSource(Files.newInputStream(file), Files.size(file));
  }

  /** A stream of unknown size (e.g. a resource or stdin). */
  static LineSource open(InputStream in, long size) throws IOException {
    return new LineSource(in, size);
  }

  /** Raw bytes read so far (compressed bytes for gzip input). */
  long bytesRead() {
    return raw.count;
  }

  /** Size of the raw input, or -1 when unknown. */
  long size() {
    return size;
  }

  /** Number of the last line returned by {@link #next}. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * The next line without its terminator, as a fresh array, or null at the end of the input.
   */
  byte[] next() throws IOException {
    return advance() ? Arrays.copyOfRange(buf, lineStart, lineEnd) : null;
  }

  /**
   * Appends the next line (without its terminator) to {@code chunk}; false at the end of the
   * input. Avoids a copy per line: lines of one chunk share one array.
   */
  boolean nextInto(Chunk chunk) throws IOException {
    if (!advance()) {
      return false;
    }
    chunk.add(buf, lineStart, lineEnd - lineStart);
    return true;
  }

  /**
   * Finds the next line in the buffer, reading, compacting and growing it as needed, and leaves
   * its bounds (terminator and a trailing {@code \r} excluded) in {@link #lineStart} and {@link
   * #lineEnd}, valid until the next call; false at the end of the input.
   */
  private boolean advance() throws IOException {
    int scan = pos;
    while (true) {
      int i = indexOfNewline(buf, scan, limit);
      if (i >= 0) {
        lineStart = pos;
        lineEnd = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
        pos = i + 1;
        lineNumber++;
        return true;
      }
      scan = limit;
      if (eof) {
        if (pos == limit) {
          return false;
        }
        lineStart = pos;
        lineEnd = limit > pos && buf[limit - 1] == '\r' ? limit - 1 : limit;
        pos = limit;
        lineNumber++;
        return true;
      }
      // Compact, grow if one line fills the buffer, and read more.
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        scan -= pos;
        limit -= pos;
        pos = 0;
      }
      if (limit == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Index of the first {@code '\n'} in {@code b[from, to)}, or -1. Eight bytes at a time: in
   * {@code x = word ^ NEWLINES} a newline is a zero byte, and {@code (x - ONES) & ~x & HIGHS}
   * sets the high bit of the lowest zero byte (and maybe of bytes above it, never below), so
   * the lowest set bit finds the first newline.
   */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Consecutive lines in one array: line {@code i} is {@code bytes[start[i], start[i + 1])}. */
  static final class Chunk {
    byte[] bytes;
    int[] start = new int[65];
    int lines;
    long firstLine;

    Chunk(int capacity) {
      bytes = new byte[capacity];
    }

    int size() {
      return start[lines];
    }

    /** Empties the chunk, keeping its arrays for reuse. */
    Chunk clear() {
      lines = 0;
      firstLine = 0;
      return this;
    }

    void add(byte[] src, int off, int len) {
      int at = start[lines];
      if (at + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(at + len, bytes.length * 2));
      }
      System.arraycopy(src, off, bytes, at, len);
      if (lines + 2 > start.length) {
        start = Arrays.copyOf(start, start.length * 2);
      }
      lines++;
      start[lines] = at + len;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static final class CountingStream extends FilterInputStream {
    volatile long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
