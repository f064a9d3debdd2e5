package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TokenMaskTest {

  @Test
  void rangeAcrossWordBoundaries() {
    TokenMask mask = TokenMask.empty(200);
    mask.set(60, 130);
    assertThat(mask.cardinality()).isEqualTo(70);
    assertThat(mask.get(59)).isFalse();
    assertThat(mask.get(60)).isTrue();
    assertThat(mask.get(63)).isTrue();
    assertThat(mask.get(64)).isTrue();
    assertThat(mask.get(129)).isTrue();
    assertThat(mask.get(130)).isFalse();
    assertThat(mask.cardinality(0, 64)).isEqualTo(4);
    assertThat(mask.cardinality(64, 128)).isEqualTo(64);
    assertThat(mask.cardinality(127, 200)).isEqualTo(3);
    assertThat(mask.nextSetBit(0)).isEqualTo(60);
    assertThat(mask.nextSetBit(130)).isEqualTo(-1);
    assertThat(mask.nextSetBit(500)).isEqualTo(-1);
    assertThat(mask.nextClearBit(0)).isZero();
    assertThat(mask.nextClearBit(60)).isEqualTo(130);
    assertThat(mask.nextClearBit(64)).isEqualTo(130);
    assertThat(mask.nextClearBit(500)).isEqualTo(200);
    assertThatThrownBy(() -> mask.nextClearBit(-1)).hasMessageContaining("from -1 is negative");
    TokenMask full = TokenMask.empty(128);
    full.set(0, 128);
    assertThat(full.nextClearBit(5)).isEqualTo(128);
    TokenMask ragged = TokenMask.empty(70);
    ragged.set(3, 70);
    assertThat(ragged.nextClearBit(3)).isEqualTo(70);
  }

  @Test
  void rolloutViewsMapToTheirOwnTokens() {
    BatchLayout layout = BatchLayout.ofLengths(63, 0, 1, 66);
    TokenMask mask = TokenMask.empty(layout.tokens());
    mask.rollout(layout, 3).set(0); // flat 64
    mask.rollout(layout, 3).set(65); // flat 129
    mask.rollout(layout, 2).set(0); // flat 63
    mask.rollout(layout, 0).set(62); // flat 62
    assertThat(mask.toBooleans()).hasSize(130);
    assertThat(mask.nextSetBit(0)).isEqualTo(62);
    assertThat(mask.rollout(layout, 0).cardinality()).isEqualTo(1);
    assertThat(mask.rollout(layout, 1).cardinality()).isZero();
    assertThat(mask.rollout(layout, 1).nextSetBit(0)).isEqualTo(-1);
    assertThat(mask.rollout(layout, 2).toBooleans()).containsExactly(true);
    assertThat(mask.rollout(layout, 3).nextSetBit(1)).isEqualTo(65);
    assertThat(mask.rollout(layout, 3).get(0)).isTrue();
    assertThatThrownBy(() -> mask.rollout(layout, 2).get(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void wrapRefusesStrayBitsAndWrongLength() {
    assertThatThrownBy(() -> TokenMask.wrap(new long[] {1L << 10}, 10))
        .hasMessageContaining("past size 10");
    assertThatThrownBy(() -> TokenMask.wrap(new long[2], 64))
        .hasMessageContaining("words has length 2");
    long[] words = {5L};
    TokenMask wrapped = TokenMask.wrap(words, 3);
    words[0] |= 2L;
    assertThat(wrapped.cardinality()).isEqualTo(3);
    TokenMask copied = TokenMask.copyOf(words, 3);
    words[0] = 0;
    assertThat(copied.cardinality()).isEqualTo(3);
  }

  @Test
  void layoutMismatchIsNamed() {
    BatchLayout layout = BatchLayout.ofLengths(5, 5);
    assertThatThrownBy(() -> TokenMask.empty(9).rollout(layout, 0))
        .hasMessageContaining("covers 9 tokens")
        .hasMessageContaining("10");
  }

  @Test
  void ofRejectsOutOfRangeIndices() {
    assertThatThrownBy(() -> TokenMask.of(4, 1, 4)).hasMessageContaining("setIndices[1] = 4");
  }

  /** Ranges, counts and scans agree with java.util.BitSet on random operations. */
  @Property(tries = 300)
  void agreesWithBitSet(
      @ForAll @IntRange(min = 0, max = 300) int size,
      @ForAll @Size(max = 12) java.util.List<@IntRange(min = 0, max = 300) Integer> cuts) {
    TokenMask mask = TokenMask.empty(size);
    BitSet reference = new BitSet();
    for (int k = 0; k + 1 < cuts.size(); k += 2) {
      int a = Math.min(cuts.get(k), size);
      int b = Math.min(cuts.get(k + 1), size);
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      mask.set(from, to);
      reference.set(from, to);
    }
    assertThat(mask.cardinality()).isEqualTo(reference.cardinality());
    for (int t = 0; t < size; t++) {
      assertThat(mask.get(t)).isEqualTo(reference.get(t));
      assertThat(mask.nextSetBit(t)).isEqualTo(reference.nextSetBit(t) < size ? reference.nextSetBit(t) : -1);
      assertThat(mask.nextClearBit(t)).isEqualTo(Math.min(reference.nextClearBit(t), size));
    }
    for (int k = 0; k + 1 < cuts.size(); k++) {
      int from = Math.min(Math.min(cuts.get(k), cuts.get(k + 1)), size);
      int to = Math.min(Math.max(cuts.get(k), cuts.get(k + 1)), size);
      assertThat(mask.cardinality(from, to)).isEqualTo(reference.get(from, to).cardinality());
    }
    assertThat(TokenMask.fromBooleans(mask.toBooleans())).isEqualTo(mask);
  }
}
