package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategicGramSetTest {
  private static StrategicGramSet read(String tsv) throws IOException {
    return StrategicGramSet.read(new StringReader(tsv), "test.tsv");
  }

  @Test
  void readsTsvWithCommentsBlankLinesAndBom() throws IOException {
    StrategicGramSet set =
        read("\uFEFF# header\n\nwait, let me check\tverification\n  # indented comment\n"
            + "consider the case where\tBRANCHING\n");
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.get(0)).isEqualTo(new StrategicGram("wait, let me check", GramCategory.VERIFICATION));
    assertThat(set.get(1).category()).isEqualTo(GramCategory.BRANCHING);
    assertThat(set.duplicatesMerged()).isZero();
  }

  @Test
  void malformedLinesNameLineNumberAndContent() {
    assertThatThrownBy(() -> read("# c\nok phrase\tDEDUCTION\nno tab here\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.tsv line 3")
        .hasMessageContaining("no tab here");
    assertThatThrownBy(() -> read("a b\tDEDUCTION\textra\n"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("exactly one tab");
    assertThatThrownBy(() -> read("\n\nfoo bar\tPLANNING\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("unknown category 'PLANNING'");
    assertThatThrownBy(() -> read("x y\tOTHER\n   \tOTHER\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> read("x y\tOTHER\n?!, ...\tOTHER\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("no letter or digit")
        .hasMessageContaining("?!, ...");
  }

  @Test
  void duplicatesAfterNormalisationAreMergedAndCounted() throws IOException {
    StrategicGramSet set =
        read("Wait, let me check\tVERIFICATION\nwait,   LET me check\tBACKTRACKING\n"
            + "let\u2019s try\tBRANCHING\nlet's  try\tBRANCHING\n");
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.duplicatesMerged()).isEqualTo(2);
    assertThat(set.mergeWarnings().get(0))
        .contains("line 2")
        .contains("wait,   LET me check")
        .contains("duplicates gram 0");
    assertThat(set.get(0).category()).isEqualTo(GramCategory.VERIFICATION);
    assertThat(set.indexOf("WAIT, let me CHECK")).isZero();
    assertThat(set.indexOf("let's try")).isEqualTo(1);
    assertThat(set.indexOf("nothing")).isEqualTo(-1);
  }

  @Test
  void saveAndLoadRoundTrip(@TempDir Path dir) throws IOException {
    StrategicGramSet set = StrategicGramSet.defaultSet();
    Path file = dir.resolve("lex.tsv");
    set.save(file);
    assertThat(StrategicGramSet.load(file)).isEqualTo(set);
    StringWriter w = new StringWriter();
    StrategicGramSet.of(new StrategicGram("naïve café step", GramCategory.OTHER)).write(w);
    assertThat(w.toString()).endsWith("naïve café step\tOTHER\n");
    assertThat(Files.readString(file)).startsWith("# hicra Strategic Gram lexicon");
  }

  @Test
  void builderRejectsBadPhrasesAndNulls() {
    assertThatThrownBy(() -> StrategicGramSet.builder().add("  ", GramCategory.OTHER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> StrategicGramSet.builder().add("a\tb", GramCategory.OTHER))
        .hasMessageContaining("tab or line break at index 1");
    assertThatThrownBy(() -> StrategicGramSet.builder().add("---", GramCategory.OTHER))
        .hasMessageContaining("no letter or digit");
    assertThatThrownBy(() -> new StrategicGram("x", null)).hasMessageContaining("category");
    assertThatThrownBy(() -> new StrategicGram(null, GramCategory.OTHER))
        .hasMessageContaining("phrase must not be null");
    List<StrategicGram> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> StrategicGramSet.copyOf(withNull)).hasMessageContaining("grams[0]");
    assertThatThrownBy(() -> StrategicGramSet.defaultSet().get(-1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("gramId -1");
  }

  @Test
  void defaultLexiconIsLargeCleanAndCoversTheFourCategories() {
    StrategicGramSet set = StrategicGramSet.defaultSet();
    assertThat(set.size()).isGreaterThanOrEqualTo(300);
    assertThat(set.duplicatesMerged()).isZero();
    Set<String> seen = new HashSet<>();
    for (int g = 0; g < set.size(); g++) {
      String phrase = set.get(g).phrase();
      int words = phrase.trim().split("\\s+").length;
      assertThat(words).as(phrase).isBetween(2, 6);
      assertThat(seen.add(set.normalizedPhrase(g))).as(phrase).isTrue();
    }
    assertThat(set.countByCategory().get(GramCategory.DEDUCTION)).isGreaterThan(50);
    assertThat(set.countByCategory().get(GramCategory.BRANCHING)).isGreaterThan(50);
    assertThat(set.countByCategory().get(GramCategory.BACKTRACKING)).isGreaterThan(50);
    assertThat(set.countByCategory().get(GramCategory.VERIFICATION)).isGreaterThan(50);
    assertThat(set.contains("let's try a different approach")).isTrue();
    assertThat(set.contains("we can use the fact that")).isTrue();
    assertThat(set.contains("but the problem says")).isTrue();
    assertThat(set.contains("wait, let me check")).isTrue();
    assertThat(set.contains("consider the case where")).isTrue();
    // Routine execution does not belong.
    assertThat(GramMatcher.defaultMatcher().findAll("we add 5 to both sides and simplify the fraction"))
        .isEmpty();
  }

  @Test
  void keepFractionIsSeededOrderPreservingAndExact() {
    StrategicGramSet set = StrategicGramSet.defaultSet();
    StrategicGramSet a = set.keepFraction(0.7, 42);
    StrategicGramSet b = set.keepFraction(0.7, 42);
    StrategicGramSet c = set.keepFraction(0.7, 43);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.size()).isEqualTo((int) Math.round(0.7 * set.size()));
    int last = -1;
    for (StrategicGram g : a) {
      int id = set.indexOf(g.phrase());
      assertThat(id).isGreaterThan(last);
      last = id;
    }
    assertThat(set.keepFraction(0, 1).size()).isZero();
    assertThat(set.keepFraction(1, 1)).isEqualTo(set);
    assertThatThrownBy(() -> set.keepFraction(1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> set.keepFraction(Double.NaN, 1)).hasMessageContaining("NaN");
  }

  @Test
  void categoryParsing() {
    assertThat(GramCategory.parse(" backtracking ")).isEqualTo(GramCategory.BACKTRACKING);
    assertThatThrownBy(() -> GramCategory.parse("plan")).hasMessageContaining("'plan'");
    assertThatThrownBy(() -> GramCategory.parse(null)).hasMessageContaining("null");
  }
}
