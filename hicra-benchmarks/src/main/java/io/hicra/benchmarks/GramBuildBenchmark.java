package io.hicra.benchmarks;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.hicra.grams.GramMatcher;
import io.hicra.grams.StrategicGramSet;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compiling the automaton for the 5,000-phrase lexicon of {@link GramScan5kBenchmark}, next to
 * hankcs's double-array trie build of the same (lower-cased) phrases. One operation = one build;
 * {@code 1000 / score} is milliseconds per build. Target: under 50 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GramBuildBenchmark {
  StrategicGramSet lexicon;
  TreeMap<String, String> map;

  @Setup(Level.Trial)
  public void setUp() {
    lexicon = GramBenchData.largeLexicon(StrategicGramSet.defaultSet(), 5_000);
    map = new TreeMap<>();
    for (int g = 0; g < lexicon.size(); g++) {
      String p = lexicon.get(g).phrase().toLowerCase(Locale.ROOT);
      map.put(p, p);
    }
  }

  /** {@code GramMatcher.of} over 5,000 phrases. */
  @Benchmark
  @RatioTo(baseline = "hankcsBuild5k")
  public GramMatcher build5k() {
    return GramMatcher.of(lexicon);
  }

  /** Peer: hankcs {@code AhoCorasickDoubleArrayTrie.build} over the same phrases. */
  @Benchmark
  public AhoCorasickDoubleArrayTrie<String> hankcsBuild5k() {
    AhoCorasickDoubleArrayTrie<String> trie = new AhoCorasickDoubleArrayTrie<>();
    trie.build(map);
    return trie;
  }
}
