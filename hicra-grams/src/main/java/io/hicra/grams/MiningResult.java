package io.hicra.grams;

import java.util.List;

/**
 * What {@link GramMiner} found: the ranked candidates with their clusters, and the Strategic Gram
 * set the annotator accepted from them. Immutable.
 */
public final class MiningResult {
  private final long documents;
  private final long minDocuments;
  private final long maxDocuments;
  private final List<GramCandidate> candidates;
  private final int clusterCount;
  private final StrategicGramSet grams;
  private final long undercountBound;

  MiningResult(
      long documents,
      long minDocuments,
      long maxDocuments,
      List<GramCandidate> candidates,
      int clusterCount,
      StrategicGramSet grams,
      long undercountBound) {
    this.documents = documents;
    this.minDocuments = minDocuments;
    this.maxDocuments = maxDocuments;
    this.candidates = List.copyOf(candidates);
    this.clusterCount = clusterCount;
    this.grams = grams;
    this.undercountBound = undercountBound;
  }

  /** Number of documents mined. */
  public long documents() {
    return documents;
  }

  /** The document-frequency band actually applied, lower end (inclusive). */
  public long minDocuments() {
    return minDocuments;
  }

  /** The document-frequency band actually applied, upper end (inclusive). */
  public long maxDocuments() {
    return maxDocuments;
  }

  /** The candidates in rank order (document frequency, then longer, then alphabetical). */
  public List<GramCandidate> candidates() {
    return candidates;
  }

  /** Number of near-duplicate clusters among the candidates. */
  public int clusterCount() {
    return clusterCount;
  }

  /** The accepted grams, in rank order, categories from the annotator. */
  public StrategicGramSet grams() {
    return grams;
  }

  /** The most a reported document frequency may be short of the true one (0 if never pruned). */
  public long undercountBound() {
    return undercountBound;
  }

  @Override
  public String toString() {
    return "MiningResult{documents=" + documents + ", candidates=" + candidates.size()
        + ", clusters=" + clusterCount + ", grams=" + grams.size() + ", undercountBound="
        + undercountBound + "}";
  }
}
