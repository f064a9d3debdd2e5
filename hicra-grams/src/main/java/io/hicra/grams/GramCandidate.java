package io.hicra.grams;

/**
 * An n-gram that survived mining's document-frequency band, with its near-duplicate cluster.
 *
 * @param phrase the n-gram, normalised (lower case, single spaces)
 * @param words number of words, {@code n}
 * @param documentFrequency number of documents holding it (a lower bound, short by at most the
 *     result's {@link MiningResult#undercountBound()})
 * @param rank position in the ranking, 0 for the best candidate
 * @param cluster id of its near-duplicate cluster, {@code 0 .. clusterCount - 1}
 * @param clusterLeader the highest-ranked phrase of the cluster (itself for a leader)
 */
public record GramCandidate(
    String phrase, int words, long documentFrequency, int rank, int cluster, String clusterLeader) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a string is null or a number is negative
   */
  public GramCandidate {
    if (phrase == null || clusterLeader == null) {
      throw new IllegalArgumentException("phrase and clusterLeader must not be null");
    }
    if (words < 1 || documentFrequency < 0 || rank < 0 || cluster < 0) {
      throw new IllegalArgumentException(
          "candidate '" + phrase + "': words " + words + ", documentFrequency "
              + documentFrequency + ", rank " + rank + ", cluster " + cluster
              + " must be >= 1, >= 0, >= 0, >= 0");
    }
  }

  /** Whether this candidate leads its cluster. */
  public boolean isClusterLeader() {
    return phrase.equals(clusterLeader);
  }
}
