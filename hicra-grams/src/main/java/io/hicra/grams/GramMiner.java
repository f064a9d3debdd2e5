package io.hicra.grams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Mines a Strategic Gram set from a model's own successful solutions, after the paper's recipe
 * (arXiv:2509.03646, §2.1):
 *
 * <ol>
 *   <li><b>Extract</b> word n-grams ({@code n} in {@link Builder#ngramRange}, default 2..5) with
 *       their document frequencies, streaming, in bounded memory ({@link NgramCounter});
 *   <li><b>Filter</b> to a document-frequency band: frequent enough to be a habit of the model,
 *       not so frequent that it is filler ({@link Builder#minDocuments}, {@link
 *       Builder#documentFraction});
 *   <li><b>Rank</b> by document frequency (longer first on ties) and keep the top {@link
 *       Builder#maxCandidates};
 *   <li><b>Group near-duplicates</b>: greedy leader clustering in rank order under a pluggable
 *       {@link PhraseSimilarity} (default {@link PhraseSimilarity#charTrigramCosine()}, threshold
 *       0.7): each candidate joins the most similar earlier leader at or above the threshold, or
 *       leads a new cluster;
 *   <li><b>Annotate</b> each candidate with a {@link GramAnnotator} (default: {@link
 *       GramAnnotator#seedLexicon} over the default lexicon; plug an LLM here) and keep the
 *       accepted ones as a {@link StrategicGramSet}.
 * </ol>
 *
 * <pre>{@code
 * GramMiner miner = GramMiner.builder().minDocuments(20).build();
 * NgramCounter counter = miner.newCounter();
 * try (Stream<String> lines = Files.lines(solutions)) {
 *   lines.forEach(counter::accept);
 * }
 * MiningResult result = miner.finish(counter);
 * result.grams().save(Path.of("mined.tsv"));
 * }</pre>
 *
 * <p>Counting dominates the cost and parallelises by partition: one counter per partition,
 * {@link NgramCounter#merge} them, then {@link #finish} once. Instances are immutable; the
 * similarity and annotator must be thread-safe if shared.
 */
public final class GramMiner {
  private final int minN;
  private final int maxN;
  private final long minDocuments;
  private final double minFraction;
  private final double maxFraction;
  private final int maxTracked;
  private final int maxCandidates;
  private final PhraseSimilarity similarity;
  private final double threshold;
  private final GramAnnotator annotator;

  private GramMiner(Builder b) {
    this.minN = b.minN;
    this.maxN = b.maxN;
    this.minDocuments = b.minDocuments;
    this.minFraction = b.minFraction;
    this.maxFraction = b.maxFraction;
    this.maxTracked = b.maxTracked;
    this.maxCandidates = b.maxCandidates;
    this.similarity = b.similarity == null ? PhraseSimilarity.charTrigramCosine() : b.similarity;
    this.threshold = b.threshold;
    this.annotator =
        b.annotator == null
            ? GramAnnotator.seedLexicon(StrategicGramSet.defaultSet())
            : b.annotator;
  }

  /** A builder with the defaults described on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new, empty counter for this miner's n-gram sizes and memory bound. */
  public NgramCounter newCounter() {
    return new NgramCounter(minN, maxN, maxTracked);
  }

  /**
   * Counts {@code documents} in one pass and finishes: {@code finish(counter over documents)}.
   * Null documents count as empty.
   *
   * @throws IllegalArgumentException if {@code documents} is null
   */
  public MiningResult mine(Iterable<? extends CharSequence> documents) {
    if (documents == null) {
      throw new IllegalArgumentException("documents must not be null");
    }
    NgramCounter counter = newCounter();
    for (CharSequence d : documents) {
      counter.accept(d);
    }
    return finish(counter);
  }

  /**
   * Filters, ranks, clusters and annotates the n-grams of {@code counter}.
   *
   * @throws IllegalArgumentException if {@code counter} is null or counts other n-gram sizes
   */
  public MiningResult finish(NgramCounter counter) {
    if (counter == null) {
      throw new IllegalArgumentException("counter must not be null");
    }
    counter.checkSizes(minN, maxN);
    long n = counter.documents();
    long lo = Math.max(minDocuments, (long) Math.ceil(minFraction * n));
    long hi = (long) Math.floor(maxFraction * n);
    List<Entry> kept = new ArrayList<>();
    counter.forEach(
        (phrase, count, delta) -> {
          long upper = (long) count + delta;
          if (upper >= lo && count <= hi) {
            kept.add(new Entry(phrase, count));
          }
        });
    kept.sort(
        Comparator.comparingLong((Entry e) -> -e.count)
            .thenComparingInt(e -> -e.words())
            .thenComparing(e -> e.phrase));
    List<Entry> top = kept.size() > maxCandidates ? kept.subList(0, maxCandidates) : kept;

    List<String> leaders = new ArrayList<>();
    List<GramCandidate> candidates = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      Entry e = top.get(r);
      int best = -1;
      double bestSim = threshold;
      for (int c = 0; c < leaders.size(); c++) {
        double s = similarity.similarity(e.phrase, leaders.get(c));
        if (s >= bestSim && (best < 0 || s > bestSim)) {
          best = c;
          bestSim = s;
        }
      }
      if (best < 0) {
        best = leaders.size();
        leaders.add(e.phrase);
      }
      candidates.add(new GramCandidate(e.phrase, e.words(), e.count, r, best, leaders.get(best)));
    }

    StrategicGramSet.Builder grams = StrategicGramSet.builder();
    for (GramCandidate c : candidates) {
      GramCategory category = annotator.annotate(c);
      if (category != null) {
        grams.add(c.phrase(), category);
      }
    }
    return new MiningResult(
        n, lo, hi, candidates, leaders.size(), grams.build(), counter.undercountBound());
  }

  private static final class Entry {
    final String phrase;
    final long count;

    Entry(String phrase, long count) {
      this.phrase = phrase;
      this.count = count;
    }

    int words() {
      int w = 1;
      for (int i = 0; i < phrase.length(); i++) {
        if (phrase.charAt(i) == ' ') {
          w++;
        }
      }
      return w;
    }
  }

  /** Options of a {@link GramMiner}. */
  public static final class Builder {
    private int minN = 2;
    private int maxN = 5;
    private long minDocuments = 3;
    private double minFraction = 0.0;
    private double maxFraction = 0.5;
    private int maxTracked = 500_000;
    private int maxCandidates = 5_000;
    private PhraseSimilarity similarity;
    private double threshold = 0.7;
    private GramAnnotator annotator;

    private Builder() {}

    /**
     * N-gram sizes in words, {@code 1 <= min <= max <= 16}; default 2..5.
     *
     * @throws IllegalArgumentException naming both values otherwise
     */
    public Builder ngramRange(int min, int max) {
      if (min < 1 || max < min || max > 16) {
        throw new IllegalArgumentException(
            "ngramRange must satisfy 1 <= min <= max <= 16, got min " + min + ", max " + max);
      }
      this.minN = min;
      this.maxN = max;
      return this;
    }

    /**
     * Lowest document frequency kept, as a count; default 3.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder minDocuments(long count) {
      if (count < 0) {
        throw new IllegalArgumentException("minDocuments must be >= 0, got " + count);
      }
      this.minDocuments = count;
      return this;
    }

    /**
     * The document-frequency band as fractions of the corpus, {@code 0 <= min <= max <= 1};
     * default {@code [0, 0.5]}. The lower end is the larger of this and {@link #minDocuments}.
     *
     * @throws IllegalArgumentException naming both values otherwise
     */
    public Builder documentFraction(double min, double max) {
      if (!(min >= 0 && max >= min && max <= 1)) {
        throw new IllegalArgumentException(
            "documentFraction must satisfy 0 <= min <= max <= 1, got min " + min + ", max "
                + max);
      }
      this.minFraction = min;
      this.maxFraction = max;
      return this;
    }

    /**
     * Most n-grams a counter tracks (its memory bound, see {@link NgramCounter}); default
     * 500,000.
     *
     * @throws IllegalArgumentException if below 16 or above 2<sup>28</sup>
     */
    public Builder maxTrackedNgrams(int max) {
      if (max < 16 || max > (1 << 28)) {
        throw new IllegalArgumentException(
            "maxTrackedNgrams must be in [16, 2^28], got " + max);
      }
      this.maxTracked = max;
      return this;
    }

    /**
     * Most candidates ranked, clustered and annotated; default 5,000.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxCandidates(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxCandidates must be >= 0, got " + max);
      }
      this.maxCandidates = max;
      return this;
    }

    /**
     * Near-duplicate grouping: a similarity and the threshold at which a candidate joins a
     * cluster; default {@link PhraseSimilarity#charTrigramCosine()} and 0.7.
     *
     * @throws IllegalArgumentException if {@code similarity} is null or the threshold is outside
     *     {@code [0, 1]}
     */
    public Builder clustering(PhraseSimilarity similarity, double threshold) {
      if (similarity == null) {
        throw new IllegalArgumentException("similarity must not be null");
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
      }
      this.similarity = similarity;
      this.threshold = threshold;
      return this;
    }

    /**
     * Who decides which candidates are strategic; default {@link
     * GramAnnotator#seedLexicon}({@link StrategicGramSet#defaultSet()}).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder annotator(GramAnnotator annotator) {
      if (annotator == null) {
        throw new IllegalArgumentException("annotator must not be null");
      }
      this.annotator = annotator;
      return this;
    }

    /** The miner. */
    public GramMiner build() {
      return new GramMiner(this);
    }
  }
}
