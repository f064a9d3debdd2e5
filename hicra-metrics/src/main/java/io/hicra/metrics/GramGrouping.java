package io.hicra.metrics;

import io.hicra.grams.GramCategory;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What counts as one outcome when gram occurrences are turned into a distribution: the gram's
 * phrase (the default; phrases compared in their normalised form, so one gram whatever its id),
 * its category, or a user-supplied cluster. Immutable and thread-safe.
 */
public final class GramGrouping {
  private enum Kind {
    PHRASE,
    CATEGORY,
    CLUSTER
  }

  private static final GramGrouping PHRASE = new GramGrouping(Kind.PHRASE, null);
  private static final GramGrouping CATEGORY = new GramGrouping(Kind.CATEGORY, null);

  private final Kind kind;
  private final GramClusters clusters;

  private GramGrouping(Kind kind, GramClusters clusters) {
    this.kind = kind;
    this.clusters = clusters;
  }

  /** One outcome per distinct normalised phrase (the default). */
  public static GramGrouping byPhrase() {
    return PHRASE;
  }

  /** One outcome per {@link GramCategory} (at most five outcomes). */
  public static GramGrouping byCategory() {
    return CATEGORY;
  }

  /** One outcome per cluster of {@code clusters}, looked up by the match's gram id. */
  public static GramGrouping byCluster(GramClusters clusters) {
    Checks.notNull(clusters, "clusters");
    return new GramGrouping(Kind.CLUSTER, clusters);
  }

  /** {@code "phrase"}, {@code "category"} or {@code "cluster"}. */
  public String name() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** A fresh single-threaded keyer for one computation. */
  Keyer newKeyer() {
    return new Keyer(kind, clusters);
  }

  @Override
  public String toString() {
    return "GramGrouping{" + name() + "}";
  }

  /**
   * Maps matches to dense keys {@code 0, 1, …} in order of first appearance, caching per gram id
   * so that the steady state does no hashing: a cached id is reused while the match carries the
   * same {@link StrategicGram} instance (or an equal one).
   */
  static final class Keyer {
    private static final int CACHE_LIMIT = 1 << 16;

    private final Kind kind;
    private final GramClusters clusters;
    private final Map<Object, Integer> denseOf = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private StrategicGram[] cachedGram = new StrategicGram[64];
    private int[] cachedKey = new int[64];
    private final int[] categoryKey = new int[GramCategory.values().length];

    Keyer(Kind kind, GramClusters clusters) {
      this.kind = kind;
      this.clusters = clusters;
      Arrays.fill(categoryKey, -1);
    }

    int keyCount() {
      return labels.size();
    }

    String label(int key) {
      return labels.get(key);
    }

    /** The dense key of a match (validated non-null by the caller). */
    int key(GramMatch m) {
      if (kind == Kind.CATEGORY) {
        int ord = m.gram().category().ordinal();
        int k = categoryKey[ord];
        if (k < 0) {
          k = labels.size();
          categoryKey[ord] = k;
          labels.add(m.gram().category().name().toLowerCase(Locale.ROOT));
        }
        return k;
      }
      int id = m.gramId();
      StrategicGram g = m.gram();
      if (id < cachedGram.length) {
        StrategicGram c = cachedGram[id];
        if (c == g || (c != null && kind == Kind.CLUSTER) || (c != null && c.equals(g))) {
          return cachedKey[id];
        }
      }
      int k = slowKey(id, g);
      if (id < CACHE_LIMIT) {
        if (id >= cachedGram.length) {
          int len = Math.max(id + 1, cachedGram.length * 2);
          cachedGram = Arrays.copyOf(cachedGram, len);
          cachedKey = Arrays.copyOf(cachedKey, len);
        }
        cachedGram[id] = g;
        cachedKey[id] = k;
      }
      return k;
    }

    private int slowKey(int id, StrategicGram g) {
      Object outcome;
      String label;
      if (kind == Kind.PHRASE) {
        outcome = g.normalizedPhrase();
        label = g.phrase();
      } else {
        int cluster = clusters.clusterOf(id);
        if (cluster < 0) {
          throw new IllegalArgumentException(
              "clusters.clusterOf(" + id + ") = " + cluster + " is negative");
        }
        outcome = cluster;
        label = clusters.label(cluster);
      }
      Integer k = denseOf.get(outcome);
      if (k == null) {
        k = labels.size();
        denseOf.put(outcome, k);
        labels.add(label);
      }
      return k;
    }
  }
}
