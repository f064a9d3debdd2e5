package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of the shipped sample in real headless Chromium (Debian's {@code chromium})
 * and checks that every chart rendered: each {@code svg.chart} has a non-zero laid-out size and
 * drawn shapes, the data panels have their lines, and the page logged no error. A copy of the
 * report gets a probe script (an error listener first, a measurement last) whose result is read
 * back with {@code --dump-dom}; Chromium's own console log ({@code --enable-logging=stderr}) is
 * checked too. Without Chromium the test is skipped, except under {@code CI=true} where it fails.
 */
class ReportInChromiumTest {
  static final String PROBE_HEAD =
      "<script>window.__errors=[];"
          + "window.addEventListener('error',function(e){window.__errors.push(String(e.message||"
          + "(e.target&&(e.target.src||e.target.href))||'error'));},true);"
          + "var __ce=console.error;console.error=function(){window.__errors.push("
          + "Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments);};</script>";
  static final String PROBE_TAIL =
      "<script>(function(){var out=[];document.querySelectorAll('svg.chart').forEach(function(s){"
          + "var b=s.getBoundingClientRect();out.push({w:b.width,h:b.height,"
          + "shapes:s.querySelectorAll('path,circle,line,rect,text').length,"
          + "paths:s.querySelectorAll('path').length,"
          + "label:s.getAttribute('aria-label')});});"
          + "var p=document.createElement('pre');p.id='probe';"
          + "p.textContent=JSON.stringify({charts:out,errors:window.__errors});"
          + "document.body.appendChild(p);})();</script>";

  @TempDir Path dir;

  static String chromium() {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        File f = new File(dirName, name);
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }

  @Test
  void everyChartRendersWithoutConsoleErrors() throws Exception {
    String chromium = chromium();
    if (chromium == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("chromium is not installed but CI=true: .ci/run installs Debian's chromium");
      }
      Assumptions.assumeTrue(false, "chromium not installed; skipped outside CI");
    }
    Path out = dir.resolve("out");
    CliRunner.Result r = CliRunner.run("analyze", "--out", out.toString(), "--no-progress");
    assertThat(r.code()).as(r.err()).isZero();
    String html = Files.readString(out.resolve("report.html"));
    String probed = html.replace("<head>\n", "<head>\n" + PROBE_HEAD + "\n")
        .replace("</body>", PROBE_TAIL + "\n</body>");
    assertThat(probed).contains(PROBE_HEAD, PROBE_TAIL);
    Path page = dir.resolve("probed.html");
    Files.writeString(page, probed);

    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile"),
        "--enable-logging=stderr", "--v=0", "--window-size=1200,2000",
        "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
    Path dom = dir.resolve("dom.html");
    Path log = dir.resolve("chromium.log");
    Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 90 s; log:\n" + Files.readString(log));
    }
    String dumped = Files.readString(dom, StandardCharsets.UTF_8);
    String stderr = Files.readString(log, StandardCharsets.UTF_8);
    int at = dumped.indexOf("<pre id=\"probe\">");
    assertThat(at).as("probe output in the DOM; chromium said:\n%s", stderr).isGreaterThanOrEqualTo(0);
    String json = dumped.substring(at + "<pre id=\"probe\">".length(), dumped.indexOf("</pre>", at))
        .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    JsonNode probe = new ObjectMapper().readTree(json);

    assertThat(probe.get("errors").size()).as("page errors: %s", probe.get("errors")).isZero();
    JsonNode charts = probe.get("charts");
    assertThat(charts.size()).isEqualTo(6);
    for (JsonNode c : charts) {
      String label = c.get("label").asText();
      assertThat(c.get("w").asDouble()).as(label).isGreaterThan(100);
      assertThat(c.get("h").asDouble()).as(label).isGreaterThan(50);
      assertThat(c.get("shapes").asInt()).as(label).isGreaterThan(10);
      // The sample carries entropies and log-probabilities: every panel has data lines.
      assertThat(c.get("paths").asInt()).as(label).isGreaterThanOrEqualTo(1);
    }
    for (String line : stderr.split("\n")) {
      if (line.contains("CONSOLE") || line.contains("Uncaught")) {
        assertThat(line).as("chromium console").doesNotContainIgnoringCase("error");
      }
    }
  }

  static void write(Path p, String s) throws IOException {
    Files.writeString(p, s);
  }
}
