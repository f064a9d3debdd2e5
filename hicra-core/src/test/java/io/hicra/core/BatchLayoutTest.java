package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchLayoutTest {

  @Test
  void offsetsDescribeRollouts() {
    BatchLayout layout = BatchLayout.ofOffsets(0, 3, 3, 7, 8);
    assertThat(layout.rollouts()).isEqualTo(4);
    assertThat(layout.tokens()).isEqualTo(8);
    assertThat(layout.start(2)).isEqualTo(3);
    assertThat(layout.end(2)).isEqualTo(7);
    assertThat(layout.length(1)).isZero();
    assertThat(layout.maxLength()).isEqualTo(4);
    assertThat(layout).isEqualTo(BatchLayout.ofLengths(3, 0, 4, 1));
  }

  @Test
  void rolloutOfTokenSkipsEmptyRollouts() {
    BatchLayout layout = BatchLayout.ofLengths(2, 0, 0, 3, 1);
    int[] expected = {0, 0, 3, 3, 3, 4};
    for (int t = 0; t < expected.length; t++) {
      assertThat(layout.rolloutOfToken(t)).as("token %d", t).isEqualTo(expected[t]);
    }
    assertThatThrownBy(() -> layout.rolloutOfToken(6)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void offsetsCopiedInAndOut() {
    int[] offsets = {0, 2, 5};
    BatchLayout layout = BatchLayout.ofOffsets(offsets);
    offsets[1] = 4;
    layout.offsets()[1] = 9;
    assertThat(layout.end(0)).isEqualTo(2);
  }

  @Test
  void decreasingOffsetsNameTheIndex() {
    assertThatThrownBy(() -> BatchLayout.ofOffsets(0, 5, 4, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 2")
        .hasMessageContaining("offsets[1] = 5")
        .hasMessageContaining("offsets[2] = 4");
  }

  @Test
  void offsetsMustStartAtZero() {
    assertThatThrownBy(() -> BatchLayout.ofOffsets(1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offsets[0] must be 0, got 1");
    assertThatThrownBy(BatchLayout::ofOffsets).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeAndOverflowingLengthsAreRefused() {
    assertThatThrownBy(() -> BatchLayout.ofLengths(3, -1))
        .hasMessageContaining("lengths[1] = -1");
    assertThatThrownBy(() -> BatchLayout.ofLengths(Integer.MAX_VALUE, 1))
        .hasMessageContaining("overflow")
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> BatchLayout.uniform(1 << 16, 1 << 16)).hasMessageContaining("overflows");
  }

  @Test
  void tokenArrayLengthMismatchNamesBoth() {
    BatchLayout layout = BatchLayout.ofLengths(3, 4);
    assertThatThrownBy(() -> layout.checkTokens(6, "logprobs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logprobs has length 6")
        .hasMessageContaining("7");
    assertThatThrownBy(() -> layout.checkRollouts(3, "rewards"))
        .hasMessageContaining("rewards has length 3")
        .hasMessageContaining("2");
  }

  @Test
  void emptyBatch() {
    BatchLayout layout = BatchLayout.ofLengths();
    assertThat(layout.rollouts()).isZero();
    assertThat(layout.tokens()).isZero();
    assertThat(layout.maxLength()).isZero();
  }
}
