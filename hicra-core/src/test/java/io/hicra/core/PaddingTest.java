package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaddingTest {
  private final BatchLayout layout = BatchLayout.ofLengths(2, 0, 3);

  @Test
  void padsRowsLeftAligned() {
    float[] flat = {1, 2, 3, 4, 5};
    float[] padded = Padding.pad(flat, layout, 4, -1f);
    assertThat(padded).containsExactly(1, 2, -1, -1, -1, -1, -1, -1, 3, 4, 5, -1);
    assertThat(Padding.responseMask(layout, 4)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0);
    assertThat(Padding.unpad(padded, layout, 4)).containsExactly(flat);
    assertThat(Padding.unpad(Padding.pad(new double[] {1, 2, 3, 4, 5}, layout, 3, 0), layout, 3))
        .containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void responseMaskRoundTripsToLayout() {
    assertThat(Padding.layoutFromResponseMask(Padding.responseMask(layout, 5), 3, 5)).isEqualTo(layout);
  }

  @Test
  void holesAndNonBinaryMasksAreNamed() {
    float[] holed = {1, 0, 1, 1, 1, 0};
    assertThatThrownBy(() -> Padding.layoutFromResponseMask(holed, 2, 3))
        .hasMessageContaining("row 0")
        .hasMessageContaining("column 2");
    float[] half = {1, 0.5f, 0, 0};
    assertThatThrownBy(() -> Padding.layoutFromResponseMask(half, 2, 2))
        .hasMessageContaining("mask[0, 1] = 0.5");
  }

  @Test
  void masksPadAndUnpad() {
    TokenMask mask = TokenMask.of(5, 1, 2, 4);
    float[] padded = Padding.padMask(mask, layout, 3);
    assertThat(padded).containsExactly(0, 1, 0, 0, 0, 0, 1, 0, 1);
    assertThat(Padding.unpadMask(padded, layout, 3)).isEqualTo(mask);
    padded[6] = 2;
    assertThatThrownBy(() -> Padding.unpadMask(padded, layout, 3)).hasMessageContaining("padded[2, 0] = 2.0");
  }

  @Test
  void widthShorterThanLongestRolloutIsRefused() {
    assertThatThrownBy(() -> Padding.pad(new float[5], layout, 2, 0))
        .hasMessageContaining("width 2")
        .hasMessageContaining("(3)");
  }
}
