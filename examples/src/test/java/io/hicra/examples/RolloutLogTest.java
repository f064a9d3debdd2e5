package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutLogTest {
  @Test
  void writesOneSchemaV1ObjectPerRolloutWithEscapedText() {
    StringBuilder out = new StringBuilder();
    String text = "say \"hi\" \\ ok";
    int[] spans = {0, 3, 4, 8, 9, 10, 11, 13};
    float[] logp = {-0.5f, -1f, 0f, 1e-7f};
    float[] ent = {0.1f, 0.2f, -0f, 0.3f};
    new RolloutLog(out).write(3, 1, 9, 1.0, text, spans, logp, ent, 0, 4);
    assertThat(out.toString()).isEqualTo(
        "{\"step\":3,\"group\":1,\"id\":\"3-9\",\"reward\":1,\"correct\":true,"
            + "\"text\":\"say \\\"hi\\\" \\\\ ok\",\"offsets\":[[0,3],[4,8],[9,10],[11,13]],"
            + "\"logprobs\":[-0.5,-1.0,0.0,0.0],\"entropies\":[0.1,0.2,0.0,0.3]}\n");
  }

  @Test
  void vocabularyDecodeReportsHalfOpenSpans() {
    Vocabulary v = new Vocabulary(java.util.List.of("<pad>", "a", "bc", "d"));
    int[] spans = new int[6];
    assertThat(v.decode(new int[] {0, 1, 2, 3}, 1, 4, spans)).isEqualTo("a bc d");
    assertThat(spans).containsExactly(0, 1, 2, 4, 5, 6);
    assertThat(v.encode("bc a")).containsExactly(2, 1);
  }
}
