package io.hicra.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed word-level vocabulary. Text is the tokens' words joined by single spaces, so token
 * {@code i} of a decoded sequence covers characters {@code [start, end)} that {@link #decode}
 * reports. Immutable.
 */
final class Vocabulary {
  static final String PAD = "<pad>";
  static final String BOS = "<bos>";
  static final String EOS = "<eos>";

  private final List<String> words;
  private final Map<String, Integer> ids;

  Vocabulary(List<String> words) {
    List<String> copy = new ArrayList<>(words);
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < copy.size(); i++) {
      String w = copy.get(i);
      if (w.isEmpty() || w.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("word " + i + " must be non-empty without spaces: '" + w + "'");
      }
      if (map.put(w, i) != null) {
        throw new IllegalArgumentException("word " + i + " is a duplicate: '" + w + "'");
      }
    }
    this.words = Collections.unmodifiableList(copy);
    this.ids = map;
  }

  int size() {
    return words.size();
  }

  String word(int id) {
    return words.get(id);
  }

  int id(String word) {
    Integer id = ids.get(word);
    if (id == null) {
      throw new IllegalArgumentException("word '" + word + "' is not in the vocabulary");
    }
    return id;
  }

  /** Ids of the space-separated words of {@code text}. */
  int[] encode(String text) {
    String[] parts = text.trim().split(" +");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = id(parts[i]);
    }
    return out;
  }

  /**
   * Decodes {@code tokens[from, to)} to text, writing each token's {@code [start, end)} character
   * span into {@code spans[2 * (i - from)]} and {@code spans[2 * (i - from) + 1]}.
   */
  String decode(int[] tokens, int from, int to, int[] spans) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (i > from) {
        sb.append(' ');
      }
      int start = sb.length();
      sb.append(words.get(tokens[i]));
      if (spans != null) {
        spans[2 * (i - from)] = start;
        spans[2 * (i - from) + 1] = sb.length();
      }
    }
    return sb.toString();
  }

  List<String> words() {
    return words;
  }
}
