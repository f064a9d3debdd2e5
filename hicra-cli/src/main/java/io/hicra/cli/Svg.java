package io.hicra.cli;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Hand-written SVG line charts, as drawn in {@code hicra analyze}'s {@code report.html}: axes with
 * round ticks, grid, one line with points per named series, legend. The output is plain inline
 * SVG (no script, no external resource); {@link ReportPage} wraps charts in the report's page.
 *
 * <p>Public so that other code (the examples' comparison report) draws its charts with the same
 * renderer as the CLI.
 */
public final class Svg {
  /** Width of a chart's view box. */
  public static final int WIDTH = 480;
  /** Height of a chart's view box. */
  public static final int HEIGHT = 300;

  private Svg() {}

  /**
   * A named line over the chart's x values. The array is not copied.
   *
   * @param name legend label (escaped when drawn)
   * @param values one value per x value; NaN or infinite values break the line
   * @param color SVG colour, e.g. {@code #1f77b4}
   * @param right whether the line uses the right-hand axis
   */
  public record Series(String name, double[] values, String color, boolean right) {
    /** Checks that no component is null. */
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
      Objects.requireNonNull(color, "color");
    }

    /**
     * A line on the left-hand axis.
     *
     * @param name legend label
     * @param values one value per x value
     * @param color SVG colour
     */
    public Series(String name, double[] values, String color) {
      this(name, values, color, false);
    }
  }

  /**
   * Appends an {@code <svg class="chart">} with one line per series over {@code x}: one {@code
   * <path>} per series that has a finite value (a new {@code M} segment after each gap) and one
   * {@code <circle>} per finite point. NaN values break a line. When no series has a value, the
   * chart shows its frame and {@code missing}.
   *
   * @param h where to append
   * @param title chart title (escaped)
   * @param x the x values (training steps), shared by all series
   * @param series the lines, in legend order
   * @param missing what to say when no series has a value (escaped)
   */
  public static void lineChart(
      StringBuilder h, String title, double[] x, List<Series> series, String missing) {
    boolean hasRight = false;
    boolean any = false;
    double[] left = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] right = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (Series s : series) {
      double[] range = s.right() ? right : left;
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          range[0] = Math.min(range[0], v);
          range[1] = Math.max(range[1], v);
          any = true;
          hasRight |= s.right();
        }
      }
    }
    int ml = 56;
    int mr = hasRight ? 56 : 16;
    int mt = 30;
    int legendRows = (series.size() + 1) / 2;
    int mb = 40 + 16 * legendRows;
    int pw = WIDTH - ml - mr;
    int ph = HEIGHT - mt - mb;
    h.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(ReportWriter.esc(title)).append("\">\n");
    h.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" fill=\"#fff\"/>\n");
    h.append("<text x=\"").append(WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" ")
        .append("font-weight=\"600\" font-family=\"sans-serif\">").append(ReportWriter.esc(title))
        .append("</text>\n");
    h.append("<rect x=\"").append(ml).append("\" y=\"").append(mt).append("\" width=\"").append(pw)
        .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#999\"/>\n");
    if (!any || x.length == 0) {
      h.append("<text x=\"").append(ml + pw / 2).append("\" y=\"").append(mt + ph / 2)
          .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#888\" font-family=\"sans-serif\">")
          .append("not available: ").append(ReportWriter.esc(missing)).append("</text>\n</svg>\n");
      return;
    }
    double xmin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      xmin = Math.min(xmin, v);
      xmax = Math.max(xmax, v);
    }
    double[] xt = ticks(xmin, xmax, 8, true);
    double[] lt = ticks(left[0], left[1], 5, false);
    double[] rt = hasRight ? ticks(right[0], right[1], 5, false) : null;
    Scale sx = new Scale(xt[0], xt[xt.length - 1], ml, ml + pw);
    Scale sl = new Scale(lt[0], lt[lt.length - 1], mt + ph, mt);
    Scale sr = hasRight ? new Scale(rt[0], rt[rt.length - 1], mt + ph, mt) : null;

    h.append("<g font-size=\"11\" font-family=\"sans-serif\" fill=\"#444\">\n");
    for (double t : xt) {
      double px = sx.map(t);
      h.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(mt + ph).append("\" x2=\"")
          .append(f(px)).append("\" y2=\"").append(mt + ph + 4).append("\" stroke=\"#999\"/>")
          .append("<text x=\"").append(f(px)).append("\" y=\"").append(mt + ph + 16)
          .append("\" text-anchor=\"middle\">").append(label(t)).append("</text>\n");
    }
    for (double t : lt) {
      double py = sl.map(t);
      h.append("<line x1=\"").append(ml).append("\" y1=\"").append(f(py)).append("\" x2=\"")
          .append(ml + pw).append("\" y2=\"").append(f(py)).append("\" stroke=\"#eee\"/>")
          .append("<text x=\"").append(ml - 6).append("\" y=\"").append(f(py + 4))
          .append("\" text-anchor=\"end\">").append(label(t)).append("</text>\n");
    }
    if (hasRight) {
      for (double t : rt) {
        double py = sr.map(t);
        h.append("<text x=\"").append(ml + pw + 6).append("\" y=\"").append(f(py + 4))
            .append("\">").append(label(t)).append("</text>\n");
      }
    }
    h.append("<text x=\"").append(ml + pw / 2).append("\" y=\"").append(mt + ph + 30)
        .append("\" text-anchor=\"middle\">training step</text>\n</g>\n");

    for (Series s : series) {
      Scale sy = s.right() ? sr : sl;
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      double[] v = s.values();
      for (int i = 0; i < v.length && i < x.length; i++) {
        if (!Double.isFinite(v[i])) {
          pen = false;
          continue;
        }
        d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(f(sx.map(x[i]))).append(' ')
            .append(f(sy.map(v[i])));
        pen = true;
      }
      if (d.length() == 0) {
        continue;
      }
      h.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(s.color())
          .append("\" stroke-width=\"2\"/>\n");
      for (int i = 0; i < v.length && i < x.length; i++) {
        if (Double.isFinite(v[i])) {
          h.append("<circle cx=\"").append(f(sx.map(x[i]))).append("\" cy=\"").append(f(sy.map(v[i])))
              .append("\" r=\"2.5\" fill=\"").append(s.color()).append("\"><title>")
              .append(ReportWriter.esc(s.name())).append(", step ").append(label(x[i])).append(": ")
              .append(String.format(Locale.ROOT, "%.4g", v[i])).append("</title></circle>\n");
        }
      }
    }

    h.append("<g font-size=\"11\" font-family=\"sans-serif\">\n");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int lx = ml + (i % 2) * (pw / 2);
      int ly = mt + ph + 46 + 16 * (i / 2);
      h.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly - 4).append("\" x2=\"")
          .append(lx + 18).append("\" y2=\"").append(ly - 4).append("\" stroke=\"").append(s.color())
          .append("\" stroke-width=\"2\"/><text x=\"").append(lx + 24).append("\" y=\"").append(ly)
          .append("\">").append(ReportWriter.esc(s.name())).append(s.right() ? " (right axis)" : "")
          .append("</text>\n");
    }
    h.append("</g>\n</svg>\n");
  }

  /**
   * Escapes {@code < > & " '} for HTML text and attribute values.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String escape(String s) {
    return ReportWriter.esc(s);
  }

  /** Round tick values covering [lo, hi]; integers only when {@code integers}. */
  static double[] ticks(double lo, double hi, int target, boolean integers) {
    if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
      if (integers) {
        lo = Math.floor(lo);
        hi = Math.ceil(hi);
      }
    }
    double raw = (hi - lo) / Math.max(1, target);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step;
    double r = raw / mag;
    if (r <= 1) {
      step = mag;
    } else if (r <= 2) {
      step = 2 * mag;
    } else if (r <= 5) {
      step = 5 * mag;
    } else {
      step = 10 * mag;
    }
    if (integers) {
      step = Math.max(1, Math.round(step));
    }
    double start = Math.floor(lo / step + 1e-9) * step;
    double end = Math.ceil(hi / step - 1e-9) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] t = new double[Math.max(2, n)];
    for (int i = 0; i < t.length; i++) {
      t[i] = start + i * step;
    }
    return t;
  }

  private static String label(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e9) {
      return Long.toString(Math.round(v));
    }
    String s = String.format(Locale.ROOT, "%.3g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private record Scale(double d0, double d1, double r0, double r1) {
    double map(double v) {
      return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) / (d1 - d0) * (r1 - r0);
    }
  }
}
