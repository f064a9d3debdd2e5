package io.hicra.metrics;

/**
 * A user-supplied assignment of Strategic Grams to semantic clusters, for entropies "by gram
 * cluster": grams in one cluster count as one outcome. Cluster ids are arbitrary non-negative
 * ints; they need not be dense. Implementations must be thread-safe and deterministic; this
 * module never mines clusters itself (see {@code hicra-grams} for that).
 */
@FunctionalInterface
public interface GramClusters {
  /**
   * The cluster of gram {@code gramId} (an id of the {@code StrategicGramSet} the matches came
   * from), {@code >= 0}.
   *
   * @throws IllegalArgumentException if {@code gramId} has no cluster
   */
  int clusterOf(int gramId);

  /** A display label for a cluster; default {@code "cluster <id>"}. */
  default String label(int clusterId) {
    return "cluster " + clusterId;
  }

  /**
   * Clusters from an array: gram {@code i} is in cluster {@code clusterOfGram[i]} (copied).
   *
   * @throws IllegalArgumentException if an entry is negative (names the index and value)
   */
  static GramClusters ofArray(int... clusterOfGram) {
    Checks.notNull(clusterOfGram, "clusterOfGram");
    int[] copy = clusterOfGram.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0) {
        throw Checks.badElement("clusterOfGram", i, copy[i], "is negative");
      }
    }
    return gramId -> {
      if (gramId < 0 || gramId >= copy.length) {
        throw new IllegalArgumentException(
            "gramId " + gramId + " has no cluster: clusters cover [0, " + copy.length + ")");
      }
      return copy[gramId];
    };
  }
}
