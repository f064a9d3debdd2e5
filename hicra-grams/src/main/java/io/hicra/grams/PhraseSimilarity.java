package io.hicra.grams;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How alike two candidate phrases are, in {@code [0, 1]}: mining groups near-duplicates ("let me
 * check", "let me check again") whose similarity reaches a threshold. Implementations must be
 * symmetric and thread-safe.
 */
@FunctionalInterface
public interface PhraseSimilarity {
  /** Similarity of {@code a} and {@code b}, 1 for identical phrases. */
  double similarity(String a, String b);

  /**
   * The default, lexical similarity: cosine of the character-trigram count vectors of the two
   * phrases, each padded with a space at both ends so that word starts and ends count. Profiles
   * are cached per instance.
   */
  static PhraseSimilarity charTrigramCosine() {
    Map<String, long[]> cache = new ConcurrentHashMap<>();
    return (a, b) -> cosineOfSorted(
        cache.computeIfAbsent(a, PhraseSimilarity::trigramProfile),
        cache.computeIfAbsent(b, PhraseSimilarity::trigramProfile));
  }

  /**
   * Cosine similarity of embeddings from {@code embedder} (for example a sentence-embedding model
   * the user runs), clamped to {@code [0, 1]}. Embeddings are cached per instance.
   *
   * @throws IllegalArgumentException if {@code embedder} is null
   */
  static PhraseSimilarity ofEmbeddings(Function<String, float[]> embedder) {
    if (embedder == null) {
      throw new IllegalArgumentException("embedder must not be null");
    }
    Map<String, float[]> cache = new ConcurrentHashMap<>();
    return (a, b) -> {
      float[] x = cache.computeIfAbsent(a, embedder);
      float[] y = cache.computeIfAbsent(b, embedder);
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "embedding of '" + a + "' has length " + x.length + " but that of '" + b + "' has "
                + y.length);
      }
      double dot = 0;
      double nx = 0;
      double ny = 0;
      for (int i = 0; i < x.length; i++) {
        dot += (double) x[i] * y[i];
        nx += (double) x[i] * x[i];
        ny += (double) y[i] * y[i];
      }
      if (nx == 0 || ny == 0) {
        return a.equals(b) ? 1 : 0;
      }
      return Math.max(0, Math.min(1, dot / Math.sqrt(nx * ny)));
    };
  }

  /**
   * Sorted trigram keys of {@code " " + phrase + " "}, each packed as three chars in a long, with
   * a count in the low bits: a sparse count vector.
   */
  private static long[] trigramProfile(String phrase) {
    String p = " " + phrase + " ";
    int n = Math.max(0, p.length() - 2);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) p.charAt(i) << 32) | ((long) p.charAt(i + 1) << 16) | p.charAt(i + 2);
    }
    Arrays.sort(keys);
    // Run-length encode: key << 12 | count (counts above 4095 saturate, phrases are short).
    long[] out = new long[n];
    int k = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && keys[j] == keys[i]) {
        j++;
      }
      out[k++] = (keys[i] << 12) | Math.min(4095, j - i);
      i = j;
    }
    return Arrays.copyOf(out, k);
  }

  private static double cosineOfSorted(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (long x : a) {
      na += (double) (x & 4095) * (x & 4095);
    }
    for (long y : b) {
      nb += (double) (y & 4095) * (y & 4095);
    }
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      long ka = a[i] >>> 12;
      long kb = b[j] >>> 12;
      if (ka == kb) {
        dot += (double) (a[i] & 4095) * (b[j] & 4095);
        i++;
        j++;
      } else if (ka < kb) {
        i++;
      } else {
        j++;
      }
    }
    return Math.min(1, dot / Math.sqrt(na * nb));
  }
}
