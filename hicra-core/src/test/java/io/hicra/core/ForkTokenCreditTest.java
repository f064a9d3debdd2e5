package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ForkTokenCreditTest {

  @Test
  void keepsTopFifthByEntropy() {
    // 10 tokens, q = 0.2 -> k = 2: entropies 3.0 and 2.5 are kept.
    BatchLayout layout = BatchLayout.ofLengths(4, 6);
    float[] entropy = {0.1f, 3.0f, 0.2f, 0.3f, 0.4f, 2.5f, 0.5f, 0.6f, 0.7f, 0.8f};
    float[] out = TokenCredit.highEntropyFork().assign(new double[] {1.0, -2.0}, layout, null, entropy);
    assertThat(out).containsExactly(0f, 1f, 0f, 0f, 0f, -2f, 0f, 0f, 0f, 0f);
  }

  @Test
  void tiesAtTheThresholdAreAllKept() {
    BatchLayout layout = BatchLayout.ofLengths(4);
    float[] entropy = {1f, 1f, 1f, 0f};
    float[] out = TokenCredit.highEntropyFork(0.25).assign(new double[] {1}, layout, null, entropy);
    assertThat(out).containsExactly(1f, 1f, 1f, 0f);
  }

  @Test
  void topCountRoundsUpButTreatsExactProductsAsExact() {
    assertThat(ForkTokenCredit.topCount(0.2, 10)).isEqualTo(2);
    assertThat(ForkTokenCredit.topCount(0.2, 11)).isEqualTo(3);
    assertThat(ForkTokenCredit.topCount(0.7, 10)).isEqualTo(7); // 0.7*10 = 7.000000000000001
    assertThat(ForkTokenCredit.topCount(1e-9, 10)).isEqualTo(1);
    assertThat(ForkTokenCredit.topCount(1.0, 10)).isEqualTo(10);
  }

  @Test
  void nanEntropyIsNamed() {
    assertThatThrownBy(
            () -> TokenCredit.highEntropyFork().assign(new double[] {1}, BatchLayout.ofLengths(2), null, new float[] {0, Float.NaN}))
        .hasMessageContaining("tokenEntropies[1] is NaN");
    assertThatThrownBy(() -> TokenCredit.highEntropyFork().assign(new double[] {1}, BatchLayout.ofLengths(2), null, null))
        .hasMessageContaining("tokenEntropies must not be null");
  }

  /** The radix selection finds the same k-th largest value as sorting. */
  @Property(tries = 500)
  void kthLargestMatchesSort(
      @ForAll @Size(min = 1, max = 300) float @FloatRange(min = -1e6f, max = 1e6f) [] values,
      @ForAll @DoubleRange(min = 0.001, max = 1.0) @Scale(4) double q) {
    int k = ForkTokenCredit.topCount(q, values.length);
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    float expected = sorted[values.length - k];
    int key = ForkTokenCredit.kthLargestKey(values, values.length, k);
    assertThat(key).isEqualTo(ForkTokenCredit.key(expected));
    long kept = 0;
    for (float v : values) {
      kept += v >= expected ? 1 : 0;
    }
    float[] out = TokenCredit.highEntropyFork(q).assign(new double[] {1}, BatchLayout.ofLengths(values.length), null, values);
    int nonZero = 0;
    for (float o : out) {
      nonZero += o != 0 ? 1 : 0;
    }
    assertThat(nonZero).isEqualTo(kept).isGreaterThanOrEqualTo(k);
  }
}
