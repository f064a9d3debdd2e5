package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.TokenMask;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The hand-written parts of advantages.jsonl against the JDK's own formatting. */
class SerialiseTest {
  static String text(Bytes b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Property
  void integerIsIntegerToString(@ForAll int v) throws Exception {
    assertThat(text(new Bytes(1).ascii("[").integer(v))).isEqualTo("[" + v);
  }

  @Test
  void integerAtEveryDigitCount() throws Exception {
    for (long p = 1; p <= Integer.MAX_VALUE; p *= 10) {
      for (long v : new long[] {p - 1, p, p + 1, 2 * p - 1, 9 * p, Math.min(10 * p - 1, Integer.MAX_VALUE)}) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
          assertThat(text(new Bytes(1).integer((int) v))).isEqualTo(Long.toString(v));
        }
      }
    }
    Bytes b = new Bytes(1);
    StringBuilder expected = new StringBuilder();
    for (int v = 0; v < 200_000; v++) {
      b.integer(v).put((byte) ',');
      expected.append(v).append(',');
    }
    assertThat(text(b)).isEqualTo(expected.toString());
  }

  @Property
  void indicesOfListsTheSetFlags(
      @ForAll @IntRange(min = 0, max = 30_000) int n, @ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int percent)
      throws Exception {
    java.util.Random rnd = new java.util.Random(seed);
    boolean[] flags = new boolean[n + 5];
    StringJoiner expected = new StringJoiner(",");
    for (int t = 0; t < flags.length; t++) {
      flags[t] = rnd.nextInt(100) < percent;
      if (flags[t] && t < n) {
        expected.add(Integer.toString(t));
      }
    }
    assertThat(text(new Bytes(1).ascii("[").indicesOf(TokenMask.fromBooleans(java.util.Arrays.copyOf(flags, n))).ascii("]")))
        .isEqualTo("[" + expected + "]");
  }

  @Test
  void indicesOfAroundEveryDigitCount() throws Exception {
    boolean[] flags = new boolean[120_000];
    StringJoiner expected = new StringJoiner(",");
    for (int t : new int[] {0, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9999, 10_000, 10_001, 99_999, 100_000, 119_999}) {
      flags[t] = true;
      expected.add(Integer.toString(t));
    }
    assertThat(text(new Bytes(1).indicesOf(TokenMask.fromBooleans(flags)))).isEqualTo(expected.toString());
  }

  /**
   * A sequence of runs of one unit, each shorter or longer than the copies built so far (so that
   * the copies grow several times), some without the unit's first byte: each run appends exactly
   * {@code unit.repeat(n)} (minus that byte).
   */
  @Property
  void repeatedUnitAppendsEachRun(
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 300) Integer> runs,
      @ForAll @IntRange(min = 1, max = 20) int unitLength,
      @ForAll long dropSeed)
      throws Exception {
    String unit = "abcdefghijklmnopqrstuvwxyz".substring(0, unitLength);
    Analyzer.Repeated repeated = new Analyzer.Repeated(unit.getBytes(StandardCharsets.ISO_8859_1));
    Bytes b = new Bytes(1).ascii("<");
    StringBuilder expected = new StringBuilder("<");
    java.util.Random drop = new java.util.Random(dropSeed);
    for (int n : runs) {
      boolean dropFirst = drop.nextBoolean();
      repeated.appendTo(b, n, dropFirst);
      expected.append(unit.repeat(n).substring(dropFirst ? 1 : 0));
    }
    b.ascii(">");
    assertThat(text(b)).isEqualTo(expected.append('>').toString());
  }

  /**
   * A rollout's token advantages from its mask: {@code planning} on set bits, {@code plain} on the
   * others, for masks in runs that cross 64-bit words (and bits set past the rollout's end, which
   * must be ignored), values the tool makes (equal ones included) and arbitrary floats: the text is
   * Float.toString of every token's value, comma-separated, each reading back as the same float.
   */
  @Property
  void tokenAdvantagesAreFloatToStringOfEveryToken(
      @ForAll("masks") boolean[] bits,
      @ForAll @IntRange(min = 0, max = 70) int past,
      @ForAll("values") float plain,
      @ForAll("values") float planning,
      @ForAll boolean equalValues)
      throws Exception {
    float planningValue = equalValues ? plain : planning;
    int n = bits.length;
    boolean[] withPast = java.util.Arrays.copyOf(bits, n + past);
    java.util.Arrays.fill(withPast, n, n + past, true);
    Bytes b = new Bytes(1);
    Analyzer.tokenAdvantages(b, TokenMask.fromBooleans(withPast), n, plain, planningValue);
    StringJoiner expected = new StringJoiner(",");
    for (boolean bit : bits) {
      expected.add(Float.toString(bit ? planningValue : plain));
    }
    String got = text(b);
    assertThat(got).isEqualTo(expected.toString());
    if (n > 0) {
      String[] parts = got.split(",");
      assertThat(parts).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(Float.floatToRawIntBits(Float.parseFloat(parts[i])))
            .isEqualTo(Float.floatToRawIntBits(bits[i] ? planningValue : plain));
      }
    }
  }

  @Provide
  Arbitrary<Float> values() {
    Arbitrary<Float> few = Arbitraries.of(1.6201817f, 1.944218f, -0.5f, 0f, -0f, 1e-8f, -3.4028235e38f);
    Arbitrary<Float> any = Arbitraries.floats().filter(Float::isFinite);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, few), net.jqwik.api.Tuple.of(1, any));
  }

  /** Runs of set and clear bits, 1-150 long (planning spans and the text between them). */
  @Provide
  Arbitrary<boolean[]> masks() {
    return Arbitraries.integers().between(1, 150).list().ofMaxSize(12).flatMap(runs ->
        Arbitraries.of(true, false).map(firstSet -> {
          int n = runs.stream().mapToInt(Integer::intValue).sum();
          boolean[] out = new boolean[n];
          int at = 0;
          boolean set = firstSet;
          for (int len : runs) {
            java.util.Arrays.fill(out, at, at + len, set);
            at += len;
            set = !set;
          }
          return out;
        }));
  }
}
