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
import java.util.Arrays;

/**
 * Parses one JSONL line of schema v1 into a {@link Rollout} with Jackson's streaming parser, and
 * validates it. Every rejection is a {@link DataException} naming the field, the index and the
 * value. Not thread-safe (it reuses buffers): one instance per thread.
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

  /** The concatenated token pieces of the current line: {@code chars[0, charCount)}. */
  private char[] chars = new char[1 << 14];
  private int charCount;
  private int[] ints = new int[256];
  private float[] floats = new float[256];

  Rollout parse(byte[] buf, int off, int len, long line) throws DataException {
    Rollout r = new Rollout();
    r.line = line;
    boolean hasReward = false;
    boolean hasGroup = false;
    Boolean correct = null;
    int[] offsets = null;
    int offsetPairs = -1;
    boolean hasTokens = false;
    int[] pieceEnds = null;
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
            hasGroup = true;
            break;
          case "reward":
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
              throw new DataException(line, "reward must be a number, got " + describe(t));
            }
            r.reward = p.getDoubleValue();
            if (!Double.isFinite(r.reward)) {
              throw new DataException(line, "reward must be finite, got " + p.getText());
            }
            hasReward = true;
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
            pieceEnds = readPieces(p, t, line);
            hasTokens = true;
            break;
          case "offsets":
            offsetPairs = readOffsets(p, t, line);
            offsets = Arrays.copyOf(ints, 2 * offsetPairs);
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
              correct = t == JsonToken.VALUE_TRUE;
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

    if (!hasGroup) {
      throw new DataException(line, "missing required field group");
    }
    if (!hasReward) {
      throw new DataException(line, "missing required field reward");
    }
    r.correct = correct != null ? correct : r.reward > 0;

    if (hasTokens) {
      String joined = new String(chars, 0, charCount);
      if (r.text == null) {
        r.text = joined;
      } else if (!r.text.equals(joined)) {
        throw new DataException(line, "tokens do not concatenate to text: " + firstDifference(r.text, joined));
      }
      int n = pieceEnds.length;
      r.tokens = n;
      r.tokenStart = new int[n];
      r.tokenEnd = pieceEnds;
      for (int i = 1; i < n; i++) {
        r.tokenStart[i] = pieceEnds[i - 1];
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
    checkLength(r.givenPlanning == null ? -1 : r.givenPlanning.length, n, "planning_mask", line);
    checkLength(r.logprobs == null ? -1 : r.logprobs.length, n, "logprobs", line);
    checkLength(r.oldLogprobs == null ? -1 : r.oldLogprobs.length, n, "old_logprobs", line);
    checkLength(r.refLogprobs == null ? -1 : r.refLogprobs.length, n, "ref_logprobs", line);
    checkLength(r.entropies == null ? -1 : r.entropies.length, n, "entropies", line);
    return r;
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

  private boolean[] readMask(JsonParser p, JsonToken t, long line) throws IOException, DataException {
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
    boolean[] mask = new boolean[n];
    for (int i = 0; i < n; i++) {
      mask[i] = ints[i] != 0;
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
