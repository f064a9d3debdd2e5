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
   * Token advantages as the tool computes them (runs of a few values: plain, planning) but also
   * arbitrary floats: the text is Float.toString of every value, comma-separated, and each
   * number reads back as the same float.
   */
  @Property
  void tokenAdvantagesAreFloatToStringOfEveryToken(
      @ForAll("advantages") float[] values, @ForAll @IntRange(min = 0, max = 3) int base) throws Exception {
    float[] padded = new float[base + values.length + 2];
    System.arraycopy(values, 0, padded, base, values.length);
    padded[base + values.length] = 123.25f;
    float plain = values.length > 0 ? values[0] : 1f;
    Bytes b = new Bytes(1);
    Analyzer.tokenAdvantages(b, padded, base, values.length, plain);
    StringJoiner expected = new StringJoiner(",");
    for (float v : values) {
      expected.add(Float.toString(v));
    }
    String got = text(b);
    assertThat(got).isEqualTo(expected.toString());
    if (values.length > 0) {
      String[] parts = got.split(",");
      assertThat(parts).hasSize(values.length);
      for (int i = 0; i < parts.length; i++) {
        assertThat(Float.floatToIntBits(Float.parseFloat(parts[i])))
            .isEqualTo(Float.floatToIntBits(values[i]));
      }
    }
  }

  @Provide
  Arbitrary<float[]> advantages() {
    Arbitrary<Float> few = Arbitraries.of(1.6201817f, 1.944218f, -0.5f, 0f, -0f, 1e-8f, -3.4028235e38f);
    Arbitrary<Float> any = Arbitraries.floats().filter(Float::isFinite);
    Arbitrary<Float> value = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, few), net.jqwik.api.Tuple.of(1, any));
    // Runs of equal values, as planning spans make them.
    return value.flatMap(v -> Arbitraries.integers().between(1, 40).map(n -> {
          float[] run = new float[n];
          java.util.Arrays.fill(run, v);
          return run;
        }))
        .list().ofMaxSize(30)
        .map(runs -> {
          int n = runs.stream().mapToInt(r -> r.length).sum();
          float[] out = new float[n];
          int at = 0;
          for (float[] r : runs) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
          }
          return out;
        });
  }
}
