package io.hicra.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.hicra.grams.TokenSpans;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses one JSONL line of schema v1 into a {@link Rollout} and validates it. Plain lines
 * (printable ASCII, the common fields) are read by a fast path of its own; any other line, and
 * any line the fast path would have to reject, is parsed by Jackson's streaming parser, which
 * therefore decides every rejection. Every rejection is a {@link DataException} naming the field,
 * the index and the value. Not thread-safe (it reuses buffers): one instance per thread.
 */
final class RolloutParser {
  /**
   * NaN and Infinity are read (Python's {@code json.dumps} writes them) so that they can be
   * rejected with a precise reason rather than as a syntax error.
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  /** Log-probabilities above this are refused; up to it, float rounding of 0 is tolerated. */
  static final float MAX_LOGPROB = 1e-3f;

  /**
   * The concatenated token pieces of the current line: {@code latin[0, charCount)} (one byte per
   * char, every char at most U+00FF) when {@link #piecesLatin}, else {@code chars[0, charCount)}.
   */
  private char[] chars = new char[1 << 14];
  private byte[] latin = new byte[1 << 14];
  private boolean piecesLatin;
  private int charCount;
  private int[] ints = new int[256];
  private float[] floats = new float[256];

  /** Whether {@link #parse} tries the fast path first (always, except to test against it). */
  private final boolean fast;

  RolloutParser() {
    this(true);
  }

  /** With {@code fast} false, every line goes through Jackson (the reference for tests). */
  RolloutParser(boolean fast) {
    this.fast = fast;
  }

  /** What the field pass found, before the checks across fields. */
  private static final class Fields {
    final Rollout rollout = new Rollout();
    boolean hasReward;
    boolean hasGroup;
    Boolean correct;
    int[] offsets;
    int offsetPairs = -1;
    boolean hasTokens;
    int[] pieceEnds;

    Fields(long line) {
      rollout.line = line;
    }
  }

  Rollout parse(byte[] buf, int off, int len, long line) throws DataException {
    Fields f = null;
    if (fast) {
      f = new Fields(line);
      if (!fastFields(buf, off, len, f)) {
        f = null;
      }
    }
    if (f == null) {
      f = new Fields(line);
      jacksonFields(buf, off, len, f);
    }
    return check(f);
  }

  /** Whether the fast path reads this line itself (for tests: it should on plain lines). */
  boolean fastPathReads(byte[] buf, int off, int len) {
    return fastFields(buf, off, len, new Fields(0));
  }

  /** The fields of the line with Jackson's streaming parser; rejects bad JSON and bad values. */
  private void jacksonFields(byte[] buf, int off, int len, Fields f) throws DataException {
    Rollout r = f.rollout;
    long line = r.line;
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new DataException(line, "blank line");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new DataException(line, "not a JSON object (starts with " + describe(t) + ")");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        switch (name) {
          case "group":
            if (t == JsonToken.VALUE_STRING) {
              r.group = p.getText();
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
              r.group = p.getText();
              r.groupIsNumber = true;
            } else {
              throw new DataException(line, "group must be a string or an integer, got " + describe(t));
            }
            f.hasGroup = true;
            break;
          case "reward":
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
              throw new DataException(line, "reward must be a number, got " + describe(t));
            }
            r.reward = p.getDoubleValue();
            if (!Double.isFinite(r.reward)) {
              throw new DataException(line, "reward must be finite, got " + p.getText());
            }
            f.hasReward = true;
            break;
          case "step":
            if (t != JsonToken.VALUE_NUMBER_INT) {
              throw new DataException(line, "step must be an integer, got " + describe(t));
            }
            try {
              r.step = p.getLongValue();
            } catch (IOException e) {
              throw new DataException(line, "step out of range: " + p.getText());
            }
            break;
          case "id":
            if (t == JsonToken.VALUE_STRING) {
              r.id = p.getText();
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
              r.id = p.getText();
              r.idIsNumber = true;
            } else if (t != JsonToken.VALUE_NULL) {
              throw new DataException(line, "id must be a string or an integer, got " + describe(t));
            }
            break;
          case "text":
            if (t == JsonToken.VALUE_STRING) {
              r.text = p.getText();
            } else if (t != JsonToken.VALUE_NULL) {
              throw new DataException(line, "text must be a string, got " + describe(t));
            }
            break;
          case "tokens":
            f.pieceEnds = readPieces(p, t, line);
            f.hasTokens = true;
            break;
          case "offsets":
            f.offsetPairs = readOffsets(p, t, line);
            f.offsets = Arrays.copyOf(ints, 2 * f.offsetPairs);
            break;
          case "planning_mask":
            r.givenPlanning = readMask(p, t, line);
            break;
          case "logprobs":
            r.logprobs = readFloats(p, t, line, name);
            break;
          case "old_logprobs":
            r.oldLogprobs = readFloats(p, t, line, name);
            break;
          case "ref_logprobs":
            r.refLogprobs = readFloats(p, t, line, name);
            break;
          case "entropies":
            r.entropies = readFloats(p, t, line, name);
            break;
          case "correct":
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
              f.correct = t == JsonToken.VALUE_TRUE;
            } else if (t != JsonToken.VALUE_NULL) {
              throw new DataException(line, "correct must be a boolean, got " + describe(t));
            }
            break;
          default:
            p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new DataException(line, "malformed JSON object");
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new DataException(line, "unexpected content after the JSON object: " + describe(after));
      }
    } catch (StreamConstraintsException e) {
      throw new DataException(line, "JSON too large: " + e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw new DataException(
          line, "bad JSON at column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new DataException(line, "bad JSON: " + e.getMessage());
    }
  }

  /** The checks across fields, and token boundaries from tokens, offsets or words. */
  private Rollout check(Fields f) throws DataException {
    Rollout r = f.rollout;
    long line = r.line;
    boolean hasGroup = f.hasGroup;
    boolean hasReward = f.hasReward;
    Boolean correct = f.correct;
    boolean hasTokens = f.hasTokens;
    int[] pieceEnds = f.pieceEnds;
    int[] offsets = f.offsets;
    int offsetPairs = f.offsetPairs;
    if (!hasGroup) {
      throw new DataException(line, "missing required field group");
    }
    if (!hasReward) {
      throw new DataException(line, "missing required field reward");
    }
    r.correct = correct != null ? correct : r.reward > 0;

    if (hasTokens) {
      // A Latin-1 String is a copy of the bytes (compact strings).
      String joined = piecesLatin
          ? new String(latin, 0, charCount, StandardCharsets.ISO_8859_1)
          : new String(chars, 0, charCount);
      if (r.text == null) {
        r.text = joined;
      } else if (!r.text.equals(joined)) {
        throw new DataException(line, "tokens do not concatenate to text: " + firstDifference(r.text, joined));
      }
      int n = pieceEnds.length;
      r.tokens = n;
      r.tokenStart = new int[n];
      r.tokenEnd = pieceEnds;
      if (n > 1) {
        System.arraycopy(pieceEnds, 0, r.tokenStart, 1, n - 1);
      }
      if (offsets != null && offsetPairs != n) {
        throw new DataException(
            line, "offsets has " + offsetPairs + " pairs but tokens has " + n + " pieces");
      }
    } else if (r.text == null) {
      throw new DataException(line, "missing text (required unless tokens is given)");
    } else if (offsets != null) {
      int[] index = CodePoints.utf16Index(r.text);
      int cps = index.length - 1;
      r.tokens = offsetPairs;
      r.tokenStart = new int[offsetPairs];
      r.tokenEnd = new int[offsetPairs];
      for (int i = 0; i < offsetPairs; i++) {
        int s = offsets[2 * i];
        int e = offsets[2 * i + 1];
        if (s < 0 || e < s || e > cps) {
          throw new DataException(
              line,
              "offsets[" + i + "] = [" + s + ", " + e + ") is out of range for text of " + cps
                  + " code points");
        }
        r.tokenStart[i] = index[s];
        r.tokenEnd[i] = index[e];
      }
      try {
        TokenSpans.ofUtf16(r.text, r.tokenStart, r.tokenEnd);
      } catch (IllegalArgumentException e) {
        throw new DataException(line, "offsets out of order: " + e.getMessage());
      }
    } else {
      wordTokens(r);
    }
    int n = r.tokens;
    checkLength(r.givenPlanning == null ? -1 : r.givenPlanning.size(), n, "planning_mask", line);
    checkLength(r.logprobs == null ? -1 : r.logprobs.length, n, "logprobs", line);
    checkLength(r.oldLogprobs == null ? -1 : r.oldLogprobs.length, n, "old_logprobs", line);
    checkLength(r.refLogprobs == null ? -1 : r.refLogprobs.length, n, "ref_logprobs", line);
    checkLength(r.entropies == null ? -1 : r.entropies.length, n, "entropies", line);
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // Fast path. Reads the plain, well-formed common case straight from the bytes: an object whose
  // keys are plain ASCII, with group, reward, step, id, text, tokens and correct, any other key
  // skipped (its value checked against the JSON grammar), strings of printable ASCII and the
  // escapes \" \\ \/ \b \f \n \r \t \\uXXXX (no surrogates), numbers of strict JSON syntax. At
  // anything else -- a syntax error, a value of the wrong type or out of range, a repeated key,
  // non-ASCII bytes, offsets, planning_mask, logprobs or entropies -- it gives up and the line is
  // parsed again from the start by Jackson, so that the outcome (values, or the rejection and
  // its reason) is always the one of the Jackson path. Only faster where it says yes.
  // ---------------------------------------------------------------------------------------------

  private static final int F_GROUP = 1;
  private static final int F_REWARD = 2;
  private static final int F_STEP = 4;
  private static final int F_ID = 8;
  private static final int F_TEXT = 16;
  private static final int F_TOKENS = 32;
  private static final int F_CORRECT = 64;
  /** A key the fast path leaves to Jackson. */
  private static final int F_SLOW = -1;
  private static final int F_OTHER = 0;
  /** Nesting, key and number lengths beyond which the fast path leaves the line to Jackson. */
  private static final int MAX_DEPTH = 64;
  private static final int MAX_KEY = 1000;
  private static final int MAX_NUMBER = 100;

  /** Scratch for one string value: {@code scratch[0, scratchLength)}. */
  private char[] scratch = new char[256];
  private int scratchLength;
  /** Set by {@link #fastNumber}: the number had no fraction and no exponent. */
  private boolean numberIsInt;

  /**
   * Fills {@code f} from the line or returns false (with {@code f} in an unspecified state) when
   * the line needs the Jackson path.
   */
  private boolean fastFields(byte[] b, int off, int len, Fields f) {
    int end = off + len;
    Rollout r = f.rollout;
    int i = skipWhitespace(b, off, end);
    if (i >= end || b[i] != '{') {
      return false;
    }
    i = skipWhitespace(b, i + 1, end);
    if (i < end && b[i] == '}') {
      i++;
    } else {
      int seen = 0;
      while (true) {
        if (i >= end || b[i] != '"') {
          return false;
        }
        int keyStart = i + 1;
        int k = keyStart;
        while (k < end && b[k] != '"') {
          byte c = b[k];
          if (c < 0x20 || c == '\\') { // also every byte >= 0x80 (negative)
            return false;
          }
          k++;
        }
        if (k >= end || k - keyStart > MAX_KEY) {
          return false;
        }
        int field = fieldOf(b, keyStart, k);
        if (field == F_SLOW || (seen & field) != 0) {
          return false;
        }
        seen |= field;
        i = skipWhitespace(b, k + 1, end);
        if (i >= end || b[i] != ':') {
          return false;
        }
        i = skipWhitespace(b, i + 1, end);
        if (i >= end) {
          return false;
        }
        byte c = b[i];
        switch (field) {
          case F_GROUP:
          case F_ID:
            if (c == '"') {
              i = fastString(b, i, end);
              if (i < 0) {
                return false;
              }
              if (field == F_GROUP) {
                r.group = new String(scratch, 0, scratchLength);
                f.hasGroup = true;
              } else {
                r.id = new String(scratch, 0, scratchLength);
              }
            } else if (field == F_ID && c == 'n') {
              i = fastLiteral(b, i, end, NULL);
              if (i < 0) {
                return false;
              }
            } else {
              int from = i;
              i = fastNumber(b, i, end);
              if (i < 0 || !numberIsInt) {
                return false;
              }
              String text = new String(b, from, i - from, StandardCharsets.ISO_8859_1);
              if (field == F_GROUP) {
                r.group = text;
                r.groupIsNumber = true;
                f.hasGroup = true;
              } else {
                r.id = text;
                r.idIsNumber = true;
              }
            }
            break;
          case F_REWARD:
            {
              int from = i;
              i = fastNumber(b, i, end);
              if (i < 0 || i - from > 64 || (numberIsInt && i - from > 18)) {
                return false;
              }
              String text = new String(b, from, i - from, StandardCharsets.ISO_8859_1);
              // As Jackson: an integer is read as a long and converted (so "-0" is 0.0), a
              // number with a fraction or exponent by Double.parseDouble.
              double v = numberIsInt ? (double) Long.parseLong(text) : Double.parseDouble(text);
              if (!Double.isFinite(v)) {
                return false;
              }
              r.reward = v;
              f.hasReward = true;
            }
            break;
          case F_STEP:
            {
              int from = i;
              i = fastNumber(b, i, end);
              // At most 18 digits (and a sign): always within a long.
              if (i < 0 || !numberIsInt || i - from > 18) {
                return false;
              }
              r.step = Long.parseLong(new String(b, from, i - from, StandardCharsets.ISO_8859_1));
            }
            break;
          case F_TEXT:
            if (c == '"') {
              i = fastString(b, i, end);
              if (i < 0) {
                return false;
              }
              r.text = new String(scratch, 0, scratchLength);
            } else {
              i = fastLiteral(b, i, end, NULL);
              if (i < 0) {
                return false;
              }
            }
            break;
          case F_CORRECT:
            if (c == 't') {
              i = fastLiteral(b, i, end, TRUE);
              f.correct = Boolean.TRUE;
            } else if (c == 'f') {
              i = fastLiteral(b, i, end, FALSE);
              f.correct = Boolean.FALSE;
            } else {
              i = fastLiteral(b, i, end, NULL);
            }
            if (i < 0) {
              return false;
            }
            break;
          case F_TOKENS:
            i = fastPieces(b, i, end, f);
            if (i < 0) {
              return false;
            }
            break;
          default:
            i = skipValue(b, i, end, 0);
            if (i < 0) {
              return false;
            }
        }
        i = skipWhitespace(b, i, end);
        if (i >= end) {
          return false;
        }
        if (b[i] == ',') {
          i = skipWhitespace(b, i + 1, end);
          continue;
        }
        if (b[i] == '}') {
          i++;
          break;
        }
        return false;
      }
    }
    return skipWhitespace(b, i, end) == end;
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  /** The field a key names: one of the F_ bits, F_OTHER (skipped) or F_SLOW. */
  private static int fieldOf(byte[] b, int from, int to) {
    switch (to - from) {
      case 2:
        return is(b, from, "id") ? F_ID : F_OTHER;
      case 4:
        return is(b, from, "step") ? F_STEP : is(b, from, "text") ? F_TEXT : F_OTHER;
      case 5:
        return is(b, from, "group") ? F_GROUP : F_OTHER;
      case 6:
        return is(b, from, "reward") ? F_REWARD : is(b, from, "tokens") ? F_TOKENS : F_OTHER;
      case 7:
        return is(b, from, "correct") ? F_CORRECT : is(b, from, "offsets") ? F_SLOW : F_OTHER;
      case 8:
        return is(b, from, "logprobs") ? F_SLOW : F_OTHER;
      case 9:
        return is(b, from, "entropies") ? F_SLOW : F_OTHER;
      case 12:
        return is(b, from, "ref_logprobs") || is(b, from, "old_logprobs") ? F_SLOW : F_OTHER;
      case 13:
        return is(b, from, "planning_mask") ? F_SLOW : F_OTHER;
      default:
        return F_OTHER;
    }
  }

  private static boolean is(byte[] b, int from, String name) {
    for (int k = 0; k < name.length(); k++) {
      if (b[from + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The char of the one-letter JSON escape {@code \e} ({@code " \ / b f n r t}), or -1. */
  private static int simpleEscape(byte e) {
    switch (e) {
      case '"':
      case '\\':
      case '/':
        return e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return -1;
    }
  }

  /**
   * The code unit of the four hex digits of a {@code \\u} escape at {@code b[i, i + 4)}, or -1
   * if there are fewer than four before {@code end}, one is not a hex digit, or the code unit is
   * a surrogate (left to Jackson).
   */
  private static int hex4(byte[] b, int i, int end) {
    if (end - i < 4) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(b[i + k], 16);
      if (d < 0) {
        return -1;
      }
      v = 16 * v + d;
    }
    return v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE ? -1 : v;
  }

  private static int skipWhitespace(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** True when a scalar may end before {@code b[i]}: whitespace, a separator or the end. */
  private static boolean delimits(byte[] b, int i, int end) {
    if (i >= end) {
      return true;
    }
    byte c = b[i];
    return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static int fastLiteral(byte[] b, int i, int end, byte[] word) {
    if (end - i < word.length) {
      return -1;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[i + k] != word[k]) {
        return -1;
      }
    }
    i += word.length;
    return delimits(b, i, end) ? i : -1;
  }

  /**
   * A number of strict JSON syntax, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?},
   * ending at a delimiter: the index after it, or -1. Sets {@link #numberIsInt}.
   */
  private int fastNumber(byte[] b, int i, int end) {
    int from = i;
    if (i < end && b[i] == '-') {
      i++;
    }
    if (i >= end) {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
    } else {
      return -1;
    }
    boolean isInt = true;
    if (i < end && b[i] == '.') {
      isInt = false;
      int digits = ++i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == digits) {
        return -1;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      isInt = false;
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == digits) {
        return -1;
      }
    }
    numberIsInt = isInt;
    return i - from <= MAX_NUMBER && delimits(b, i, end) ? i : -1;
  }

  /** Decodes the string at {@code b[i]} (a quote) into {@link #scratch}; the index after it or -1. */
  private int fastString(byte[] b, int i, int end) {
    if (scratch.length < end - i) {
      scratch = new char[Math.max(end - i, 2 * scratch.length)];
    }
    int n = decodeString(b, i, end, scratch, 0);
    if (n < 0) {
      return -1;
    }
    scratchLength = n;
    return decodedEnd;
  }

  /** Where the last {@link #decodeString} stopped: the index after the closing quote. */
  private int decodedEnd;

  /**
   * Decodes the JSON string starting at the quote {@code b[i]} into {@code out} from {@code at}
   * (which has room for {@code end - i} chars: a string never decodes to more chars than bytes);
   * returns the new length of {@code out}, or -1 for anything but printable ASCII and the plain
   * escapes. Leaves the index after the closing quote in {@link #decodedEnd}.
   */
  private int decodeString(byte[] b, int i, int end, char[] out, int at) {
    i++;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        decodedEnd = i + 1;
        return at;
      }
      if (c < 0x20) { // control characters and every byte >= 0x80
        return -1;
      }
      if (c != '\\') {
        out[at++] = (char) c;
        i++;
        continue;
      }
      if (i + 1 >= end) {
        return -1;
      }
      byte e = b[i + 1];
      i += 2;
      if (e == 'u') {
        int v = hex4(b, i, end);
        if (v < 0) {
          return -1;
        }
        out[at++] = (char) v;
        i += 4;
      } else {
        int v = simpleEscape(e);
        if (v < 0) {
          return -1;
        }
        out[at++] = (char) v;
      }
    }
    return -1;
  }

  /**
   * The tokens array into {@link #latin} (or, when a {@code \\u} escape decodes above U+00FF,
   * {@link #chars}) and piece ends into {@link #ints}; the index after the array, or -1.
   */
  private int fastPieces(byte[] b, int i, int end, Fields f) {
    if (b[i] != '[') {
      return -1;
    }
    int k = latinPieces(b, i, end, f);
    return k != WIDE ? k : charPieces(b, i, end, f);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;
  /** {@link #latinPieces}: a {@code \\u} escape above U+00FF; read the array into chars. */
  private static final int WIDE = -2;

  /**
   * The high bit of each byte of the little-endian word {@code w} that is a quote, a backslash,
   * a control char ({@code < 0x20}) or not ASCII ({@code >= 0x80}), exact at the lowest set bit
   * (bytes above the first such byte may be marked spuriously). A zero byte {@code z} of {@code x}
   * is found by {@code (x - ONES) & ~x}: the subtraction borrows first at the lowest zero byte,
   * so every byte below it is computed exactly; {@code (w - SPACES) & ~w} marks a byte below
   * 0x20 the same way, and {@code w} itself marks bytes of 0x80 and above.
   */
  static long specialBytes(long w) {
    long q = w ^ QUOTES;
    long s = w ^ BACKSLASHES;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGHS;
  }

  /**
   * The tokens array starting at {@code b[i] == '['}, its pieces as Latin-1 bytes into {@link
   * #latin}: the index after the array, -1 where {@link #charPieces} gives up (so the line goes to
   * Jackson), or {@link #WIDE}. Same accepted syntax and values as {@link #charPieces}.
   *
   * <p>A piece is copied eight bytes at a time: each word of the line is stored unconditionally
   * at the output position, and the first quote, backslash, control or non-ASCII byte in it
   * ({@link #specialBytes}) says how many of those bytes belong to the piece. A piece of up to
   * seven plain chars thus takes one load, one store and a count of trailing zeros, without a
   * branch that depends on its length; a closing quote followed by {@code ,"} goes straight to
   * the next piece. Escapes, whitespace between the elements and the last eight bytes of the line
   * go the byte-by-byte way.
   */
  private int latinPieces(byte[] b, int i, int end, Fields f) {
    // Every output byte comes from at least one input byte, so out[at, at + 8) stays below
    // end - i + 8; every piece takes at least three bytes (two quotes and a comma, or the ']').
    int room = end - i + 8;
    if (latin.length < room) {
      latin = new byte[Math.max(room, 2 * latin.length)];
    }
    ensureInts((end - i) / 3 + 2);
    byte[] out = latin;
    int[] ends = ints;
    int at = 0;
    int n = 0;
    int lastWord = end - 8;
    int k = skipWhitespace(b, i + 1, end);
    if (k < end && b[k] == ']') {
      f.pieceEnds = new int[0];
      f.hasTokens = true;
      piecesLatin = true;
      charCount = 0;
      return k + 1;
    }
    while (true) {
      if (k >= end || b[k] != '"') {
        return -1;
      }
      k++;
      while (true) {
        if (k <= lastWord) {
          long w = (long) LONGS.get(b, k);
          LONGS.set(out, at, w);
          long special = specialBytes(w);
          if (special == 0) {
            at += 8;
            k += 8;
            continue;
          }
          int plain = Long.numberOfTrailingZeros(special) >>> 3;
          at += plain;
          k += plain;
        } else {
          while (k < end) {
            byte c = b[k];
            if (c == '"' || c == '\\' || c < 0x20) { // also every byte >= 0x80 (negative)
              break;
            }
            out[at++] = c;
            k++;
          }
          if (k >= end) {
            return -1;
          }
        }
        byte c = b[k];
        if (c == '"') {
          k++;
          break;
        }
        if (c != '\\' || k + 1 >= end) {
          return -1;
        }
        byte e = b[k + 1];
        k += 2;
        if (e == 'u') {
          int v = hex4(b, k, end);
          if (v < 0) {
            return -1;
          }
          if (v > 0xFF) {
            return WIDE;
          }
          out[at++] = (byte) v;
          k += 4;
        } else {
          int v = simpleEscape(e);
          if (v < 0) {
            return -1;
          }
          out[at++] = (byte) v;
        }
      }
      ends[n++] = at;
      if (k + 1 < end && b[k] == ',' && b[k + 1] == '"') {
        k++;
        continue;
      }
      k = skipWhitespace(b, k, end);
      if (k >= end) {
        return -1;
      }
      if (b[k] == ',') {
        k = skipWhitespace(b, k + 1, end);
      } else if (b[k] == ']') {
        f.pieceEnds = Arrays.copyOf(ends, n);
        f.hasTokens = true;
        piecesLatin = true;
        charCount = at;
        return k + 1;
      } else {
        return -1;
      }
    }
  }

  /**
   * The tokens array starting at {@code b[i] == '['} into {@link #chars}, piece by piece, byte
   * by byte: the index after it, or -1.
   */
  private int charPieces(byte[] b, int i, int end, Fields f) {
    // The pieces never decode to more chars than the line has bytes.
    if (chars.length < end - i) {
      chars = new char[Math.max(end - i, 2 * chars.length)];
    }
    charCount = 0;
    int n = 0;
    i = skipWhitespace(b, i + 1, end);
    if (i < end && b[i] == ']') {
      f.pieceEnds = new int[0];
      f.hasTokens = true;
      piecesLatin = false;
      return i + 1;
    }
    char[] out = chars;
    while (true) {
      if (i >= end || b[i] != '"') {
        return -1;
      }
      // Most pieces are a few plain characters: copy them here, and let decodeString handle
      // (from the start of the piece) one with an escape or anything unusual.
      int at = charCount;
      int k = i + 1;
      while (k < end) {
        byte c = b[k];
        if (c == '"' || c == '\\' || c < 0x20) {
          break;
        }
        out[at++] = (char) c;
        k++;
      }
      if (k < end && b[k] == '"') {
        i = k + 1;
      } else {
        at = decodeString(b, i, end, out, charCount);
        if (at < 0) {
          return -1;
        }
        i = decodedEnd;
      }
      charCount = at;
      if (n == ints.length) {
        ensureInts(n + 1);
      }
      ints[n++] = at;
      if (i < end && b[i] == ',') {
        i = skipWhitespace(b, i + 1, end);
        continue;
      }
      i = skipWhitespace(b, i, end);
      if (i >= end) {
        return -1;
      }
      if (b[i] == ',') {
        i = skipWhitespace(b, i + 1, end);
      } else if (b[i] == ']') {
        f.pieceEnds = Arrays.copyOf(ints, n);
        f.hasTokens = true;
        piecesLatin = false;
        return i + 1;
      } else {
        return -1;
      }
    }
  }

  /** Skips any JSON value of strict syntax (as the fast path reads it); index after, or -1. */
  private int skipValue(byte[] b, int i, int end, int depth) {
    if (i >= end || depth > MAX_DEPTH) {
      return -1;
    }
    byte c = b[i];
    switch (c) {
      case '"':
        return fastString(b, i, end);
      case 't':
        return fastLiteral(b, i, end, TRUE);
      case 'f':
        return fastLiteral(b, i, end, FALSE);
      case 'n':
        return fastLiteral(b, i, end, NULL);
      case '[':
      case '{':
        {
          byte close = c == '[' ? (byte) ']' : (byte) '}';
          i = skipWhitespace(b, i + 1, end);
          if (i < end && b[i] == close) {
            return i + 1;
          }
          while (true) {
            if (c == '{') {
              if (i >= end || b[i] != '"') {
                return -1;
              }
              i = fastString(b, i, end);
              if (i < 0 || scratchLength > MAX_KEY) {
                return -1;
              }
              i = skipWhitespace(b, i, end);
              if (i >= end || b[i] != ':') {
                return -1;
              }
              i = skipWhitespace(b, i + 1, end);
            }
            i = skipValue(b, i, end, depth + 1);
            if (i < 0) {
              return -1;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
              return -1;
            }
            if (b[i] == ',') {
              i = skipWhitespace(b, i + 1, end);
            } else if (b[i] == close) {
              return i + 1;
            } else {
              return -1;
            }
          }
        }
      default:
        return fastNumber(b, i, end);
    }
  }

  /**
   * Tokens when the line gives neither {@code tokens} nor {@code offsets}: maximal runs of
   * non-whitespace code points (words, punctuation attached) and maximal runs of whitespace.
   */
  static void wordTokens(Rollout r) {
    String s = r.text;
    int n = s.length();
    int[] starts = new int[16];
    int count = 0;
    int i = 0;
    while (i < n) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = i;
      boolean space = Character.isWhitespace(s.codePointAt(i));
      while (i < n) {
        int cp = s.codePointAt(i);
        if (Character.isWhitespace(cp) != space) {
          break;
        }
        i += Character.charCount(cp);
      }
    }
    r.tokens = count;
    r.tokenStart = Arrays.copyOf(starts, count);
    r.tokenEnd = new int[count];
    for (int k = 0; k < count; k++) {
      r.tokenEnd[k] = k + 1 < count ? starts[k + 1] : n;
    }
  }

  private int[] readPieces(JsonParser p, JsonToken t, long line) throws IOException, DataException {
    if (t != JsonToken.START_ARRAY) {
      throw new DataException(line, "tokens must be an array of strings, got " + describe(t));
    }
    piecesLatin = false;
    charCount = 0;
    int n = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new DataException(line, "tokens[" + n + "] must be a string, got " + describe(t));
      }
      int len = p.getTextLength();
      if (charCount + len > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(charCount + len, chars.length * 2));
      }
      System.arraycopy(p.getTextCharacters(), p.getTextOffset(), chars, charCount, len);
      charCount += len;
      ensureInts(n + 1);
      ints[n++] = charCount;
    }
    return Arrays.copyOf(ints, n);
  }

  private int readOffsets(JsonParser p, JsonToken t, long line) throws IOException, DataException {
    if (t != JsonToken.START_ARRAY) {
      throw new DataException(line, "offsets must be an array of [start, end] pairs, got " + describe(t));
    }
    int n = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_ARRAY) {
        throw new DataException(line, "offsets[" + n + "] must be a [start, end] pair, got " + describe(t));
      }
      ensureInts(2 * n + 2);
      for (int k = 0; k < 2; k++) {
        t = p.nextToken();
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
          throw new DataException(
              line, "offsets[" + n + "] must be a pair of integers, got " + describe(t));
        }
        ints[2 * n + k] = p.getIntValue();
      }
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw new DataException(line, "offsets[" + n + "] must have exactly 2 elements");
      }
      n++;
    }
    return n;
  }

  private io.hicra.core.TokenMask readMask(JsonParser p, JsonToken t, long line) throws IOException, DataException {
    if (t != JsonToken.START_ARRAY) {
      throw new DataException(line, "planning_mask must be an array of 0/1, got " + describe(t));
    }
    int n = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      int v;
      if (t == JsonToken.VALUE_NUMBER_INT && (p.getText().equals("0") || p.getText().equals("1"))) {
        v = p.getText().equals("1") ? 1 : 0;
      } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
        v = t == JsonToken.VALUE_TRUE ? 1 : 0;
      } else {
        throw new DataException(
            line, "planning_mask[" + n + "] must be 0 or 1, got " + describe(t) + valueOf(p, t));
      }
      ensureInts(n + 1);
      ints[n++] = v;
    }
    io.hicra.core.TokenMask mask = io.hicra.core.TokenMask.empty(n);
    for (int i = 0; i < n; i++) {
      if (ints[i] != 0) {
        mask.set(i);
      }
    }
    return mask;
  }

  private float[] readFloats(JsonParser p, JsonToken t, long line, String name)
      throws IOException, DataException {
    if (t != JsonToken.START_ARRAY) {
      throw new DataException(line, name + " must be an array of numbers, got " + describe(t));
    }
    int n = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
        throw new DataException(line, name + "[" + n + "] must be a number, got " + describe(t));
      }
      float v = p.getFloatValue();
      if (!Float.isFinite(v)) {
        throw new DataException(line, name + "[" + n + "] must be finite, got " + p.getText());
      }
      if (name.equals("entropies") ? v < 0 : v > MAX_LOGPROB) {
        throw new DataException(
            line,
            name + "[" + n + "] must be " + (name.equals("entropies") ? ">= 0" : "<= 0")
                + ", got " + p.getText());
      }
      if (n == floats.length) {
        floats = Arrays.copyOf(floats, n * 2);
      }
      floats[n++] = v;
    }
    return Arrays.copyOf(floats, n);
  }

  private void ensureInts(int size) {
    if (size > ints.length) {
      ints = Arrays.copyOf(ints, Math.max(size, ints.length * 2));
    }
  }

  private static void checkLength(int actual, int tokens, String name, long line) throws DataException {
    if (actual >= 0 && actual != tokens) {
      throw new DataException(
          line, name + " has " + actual + " values but the rollout has " + tokens + " tokens");
    }
  }

  private static String firstDifference(String text, String joined) {
    int n = Math.min(text.length(), joined.length());
    int i = 0;
    while (i < n && text.charAt(i) == joined.charAt(i)) {
      i++;
    }
    if (i == n) {
      return "text has " + text.codePointCount(0, text.length()) + " code points, tokens join to "
          + joined.codePointCount(0, joined.length());
    }
    return "they differ at code point " + text.codePointCount(0, i);
  }

  private static String valueOf(JsonParser p, JsonToken t) throws IOException {
    return t != null && t.isScalarValue() ? " (" + p.getText() + ")" : "";
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of line";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }
}
