package io.hicra.cli;

import java.util.List;

/**
 * The page around {@code hicra analyze}'s {@code report.html}: one self-contained HTML document
 * (inline CSS, no script, no network) with a grid of {@link Svg} charts in figures. Public so that
 * other reports (the examples' GRPO / HICRA comparison) look like the CLI's and reuse its charts.
 *
 * <pre>{@code
 * StringBuilder h = new StringBuilder();
 * ReportPage.open(h, "my report");
 * h.append("<div class=\"grid\">\n");
 * ReportPage.figure(h, "Accuracy", "mean over seeds", steps, series, "no data");
 * h.append("</div>\n");
 * ReportPage.close(h);
 * }</pre>
 */
public final class ReportPage {
  private ReportPage() {}

  /**
   * Appends the document head with the report's style sheet and opens {@code <body>}. Classes
   * available to the body: {@code grid} (chart grid), {@code meta} (small grey text), {@code n}
   * (right-aligned number cell), {@code phases}, {@code rollout}.
   *
   * @param h where to append
   * @param title the page title (escaped)
   */
  public static void open(StringBuilder h, String title) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Svg.escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;")
        .append("max-width:1040px;color:#222;padding:0 12px}\n")
        .append("h1{font-size:22px}h2{font-size:17px;margin-top:32px}\n")
        .append(".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}\n")
        .append("figure{margin:0;border:1px solid #ddd;border-radius:6px;padding:8px;background:#fff}\n")
        .append("figcaption{font-size:13px;color:#555;margin-top:4px}\n")
        .append("svg.chart{width:100%;height:auto;display:block}\n")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #eee;")
        .append("text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".phases{display:flex;gap:32px;flex-wrap:wrap}\n")
        .append(".rollout{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;")
        .append("line-height:1.7;border:1px solid #ddd;border-radius:6px;padding:12px;background:#fafafa}\n")
        .append("mark.p{background:#fdd0d0;color:#700;border-radius:2px}\n")
        .append(".meta{color:#555;font-size:13px}\n</style>\n</head>\n<body>\n");
  }

  /**
   * Appends a {@code <figure>} holding one {@link Svg#lineChart line chart} and its caption.
   *
   * @param h where to append
   * @param title chart title (escaped)
   * @param caption figure caption (escaped)
   * @param x the x values (training steps)
   * @param series the lines, in legend order
   * @param missing what the chart says when no series has a value (escaped)
   */
  public static void figure(StringBuilder h, String title, String caption, double[] x,
      List<Svg.Series> series, String missing) {
    h.append("<figure>\n");
    Svg.lineChart(h, title, x, series, missing);
    h.append("<figcaption>").append(Svg.escape(caption)).append("</figcaption>\n</figure>\n");
  }

  /**
   * Closes {@code <body>} and the document.
   *
   * @param h where to append
   */
  public static void close(StringBuilder h) {
    h.append("</body>\n</html>\n");
  }
}
