package io.hicra.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training dynamics: records one batch per step and keeps the time series of every metric of
 * {@link BatchMetrics} (semantic and conditional entropy, token entropy and perplexity by class,
 * pass@k, fork overlap, accuracy, mean response length, planning-token ratio), adds relative
 * perplexity, exports CSV and JSON, and finds the step where semantic entropy turns from falling
 * or flat to rising ({@link #semanticEntropyTurn()}, method in {@link Changepoints}).
 *
 * <pre>{@code
 * DynamicsTracker tracker = DynamicsTracker.builder()
 *     .metrics(BatchMetrics.builder().passAtK(1, 8).build())
 *     .build();
 * for (...) {
 *   StepMetrics m = tracker.record(step, batch);   // the step's metrics, also kept
 *   log(m.values());
 * }
 * tracker.writeCsv(writer);
 * RisingTurn turn = tracker.semanticEntropyTurn(); // turn.found(), turn.step()
 * }</pre>
 *
 * <p><b>Relative perplexity</b> ({@code relative_perplexity}, {@code …_planning}, {@code
 * …_execution}) is each perplexity over its value at the first recorded step that had it
 * (paper §2.2); 1 at that step.
 *
 * <p>Steps must increase strictly. Methods are synchronized, so a tracker may be fed from one
 * thread and read from another. Memory grows by one small map per step: {@link #record} returns
 * the step's metrics with their detailed results (per-gram counts, breakdowns), but the tracker
 * keeps only the values ({@link StepMetrics#valuesOnly()}).
 */
public final class DynamicsTracker {
  private static final String[][] RELATIVE = {
    {StepMetrics.PERPLEXITY, StepMetrics.RELATIVE_PERPLEXITY},
    {StepMetrics.PERPLEXITY_PLANNING, StepMetrics.RELATIVE_PERPLEXITY_PLANNING},
    {StepMetrics.PERPLEXITY_EXECUTION, StepMetrics.RELATIVE_PERPLEXITY_EXECUTION},
  };

  private final BatchMetrics metrics;
  private final int minSegment;
  private final double alpha;
  private final double flatRatio;
  private final List<StepMetrics> steps = new ArrayList<>();
  private final double[] initial = new double[RELATIVE.length];

  private DynamicsTracker(Builder b) {
    this.metrics = b.metrics;
    this.minSegment = b.minSegment;
    this.alpha = b.alpha;
    this.flatRatio = b.flatRatio;
  }

  /** A tracker with {@link BatchMetrics#defaults()} and the default changepoint options. */
  public static DynamicsTracker create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The per-batch metrics configuration. */
  public BatchMetrics metrics() {
    return metrics;
  }

  /**
   * Computes the batch's metrics with {@link #metrics()}, adds relative perplexity, keeps the
   * values and returns them with their detailed results.
   *
   * @throws IllegalArgumentException if {@code step} does not exceed the last recorded step, or
   *     the batch has bad values
   */
  public synchronized StepMetrics record(long step, RolloutBatch batch) {
    checkStep(step);
    return append(metrics.compute(step, batch));
  }

  /**
   * Keeps metrics computed elsewhere (e.g. read back from a log), adding relative perplexity.
   *
   * @throws IllegalArgumentException if its step does not exceed the last recorded step
   */
  public synchronized StepMetrics record(StepMetrics computed) {
    Checks.notNull(computed, "computed");
    checkStep(computed.step());
    return append(computed);
  }

  private void checkStep(long step) {
    if (!steps.isEmpty() && step <= steps.get(steps.size() - 1).step()) {
      throw new IllegalArgumentException("step " + step + " does not exceed the last recorded step "
          + steps.get(steps.size() - 1).step());
    }
  }

  private StepMetrics append(StepMetrics m) {
    StepMetrics.Builder b = m.toBuilder();
    for (int i = 0; i < RELATIVE.length; i++) {
      if (m.has(RELATIVE[i][0])) {
        double v = m.get(RELATIVE[i][0]);
        if (initial[i] == 0 && v > 0) {
          initial[i] = v;
        }
        b.put(RELATIVE[i][1], PerplexityByClass.relative(v, initial[i]));
      }
    }
    StepMetrics out = b.build();
    steps.add(out.valuesOnly());
    return out;
  }

  /** Number of recorded steps. */
  public synchronized int size() {
    return steps.size();
  }

  /**
   * The recorded steps in order, values only (a copy of the list; the elements are immutable).
   */
  public synchronized List<StepMetrics> steps() {
    return List.copyOf(steps);
  }

  /** Every column name seen, in order of first appearance. */
  public synchronized List<String> columns() {
    Set<String> names = new LinkedHashSet<>();
    for (StepMetrics m : steps) {
      names.addAll(m.values().keySet());
    }
    return List.copyOf(names);
  }

  /** The series of {@code name} over the steps where it is present (possibly empty). */
  public synchronized Series series(String name) {
    Checks.notNull(name, "name");
    int n = 0;
    for (StepMetrics m : steps) {
      n += m.has(name) ? 1 : 0;
    }
    long[] xs = new long[n];
    double[] ys = new double[n];
    int i = 0;
    for (StepMetrics m : steps) {
      if (m.has(name)) {
        xs[i] = m.step();
        ys[i++] = m.get(name);
      }
    }
    return new Series(name, xs, ys);
  }

  /**
   * Where semantic entropy turns from falling or flat to rising: {@link
   * Changepoints#risingTurn} on the {@code semantic_entropy} series with this tracker's options.
   * {@link RisingTurn#found()} is false until the series has such a turn.
   */
  public RisingTurn semanticEntropyTurn() {
    return risingTurn(StepMetrics.SEMANTIC_ENTROPY);
  }

  /** {@link Changepoints#risingTurn} on any recorded series. */
  public synchronized RisingTurn risingTurn(String name) {
    Series s = series(name);
    return Changepoints.risingTurn(s.steps(), s.values(), minSegment, alpha, flatRatio);
  }

  /**
   * Writes the steps as CSV: a header {@code step,<columns()>}, then one line per step; a metric
   * absent at a step is an empty cell. Integral values are written without a fraction.
   */
  public synchronized void writeCsv(Appendable out) throws IOException {
    Checks.notNull(out, "out");
    List<String> cols = columns();
    out.append("step");
    for (String c : cols) {
      out.append(',').append(c);
    }
    out.append('\n');
    for (StepMetrics m : steps) {
      out.append(Long.toString(m.step()));
      Map<String, Double> v = m.values();
      for (String c : cols) {
        out.append(',');
        Double x = v.get(c);
        if (x != null) {
          out.append(number(x));
        }
      }
      out.append('\n');
    }
  }

  /** {@link #writeCsv} to a string. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    try {
      writeCsv(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /**
   * Writes the steps as one JSON object: {@code {"columns": [...], "steps": [{"step": s, "<name>":
   * v, ...}, ...], "semanticEntropyTurn": {"found": …, "step": …, "index": …, "slopeBefore": …,
   * "slopeAfter": …, "fStatistic": …, "pValue": …}}}. Absent metrics are omitted from a step.
   */
  public synchronized void writeJson(Appendable out) throws IOException {
    Checks.notNull(out, "out");
    out.append("{\"columns\":[");
    List<String> cols = columns();
    for (int i = 0; i < cols.size(); i++) {
      out.append(i == 0 ? "" : ",").append('"').append(cols.get(i)).append('"');
    }
    out.append("],\"steps\":[");
    for (int i = 0; i < steps.size(); i++) {
      StepMetrics m = steps.get(i);
      out.append(i == 0 ? "\n" : ",\n").append("{\"step\":").append(Long.toString(m.step()));
      for (Map.Entry<String, Double> e : m.values().entrySet()) {
        out.append(",\"").append(e.getKey()).append("\":").append(number(e.getValue()));
      }
      out.append('}');
    }
    RisingTurn t = semanticEntropyTurn();
    out.append("],\n\"semanticEntropyTurn\":{\"found\":").append(Boolean.toString(t.found()))
        .append(",\"step\":").append(Long.toString(t.step()))
        .append(",\"index\":").append(Integer.toString(t.index()))
        .append(",\"slopeBefore\":").append(number(t.slopeBefore()))
        .append(",\"slopeAfter\":").append(number(t.slopeAfter()))
        .append(",\"fStatistic\":").append(number(t.fStatistic()))
        .append(",\"pValue\":").append(number(t.pValue()))
        .append("}}\n");
  }

  /** {@link #writeJson} to a string. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    try {
      writeJson(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /** A finite double as a JSON/CSV number: integral values without a fraction. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Options of {@link DynamicsTracker}. */
  public static final class Builder {
    private BatchMetrics metrics = BatchMetrics.defaults();
    private int minSegment = Changepoints.DEFAULT_MIN_SEGMENT;
    private double alpha = Changepoints.DEFAULT_ALPHA;
    private double flatRatio = Changepoints.DEFAULT_FLAT_RATIO;

    private Builder() {}

    /** The per-batch metrics; default {@link BatchMetrics#defaults()}. */
    public Builder metrics(BatchMetrics metrics) {
      this.metrics = Checks.notNull(metrics, "metrics");
      return this;
    }

    /**
     * Options of the turn detection, see {@link Changepoints}: minimum points per segment ({@code
     * >= 2}, default 3), significance level (in (0, 1), default 0.05), flat ratio (in [0, 1),
     * default 0.25).
     */
    public Builder turnDetection(int minSegment, double alpha, double flatRatio) {
      if (minSegment < 2) {
        throw new IllegalArgumentException("minSegment must be >= 2, got " + minSegment);
      }
      Checks.openUnit(alpha, "alpha");
      if (!(flatRatio >= 0 && flatRatio < 1)) {
        throw new IllegalArgumentException("flatRatio must be in [0, 1), got " + flatRatio);
      }
      this.minSegment = minSegment;
      this.alpha = alpha;
      this.flatRatio = flatRatio;
      return this;
    }

    /** The tracker. */
    public DynamicsTracker build() {
      return new DynamicsTracker(this);
    }
  }
}
