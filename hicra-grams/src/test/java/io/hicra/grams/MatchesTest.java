package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatchesTest {
  private static final GramMatcher MATCHER =
      GramMatcher.of(
          StrategicGramSet.builder()
              .add("wait, let me check", GramCategory.VERIFICATION)
              .add("let me check", GramCategory.VERIFICATION)
              .add("me check again", GramCategory.VERIFICATION)
              .add("check", GramCategory.OTHER)
              .build());

  @Test
  void handComputedSelection() {
    // Spans in end order as an ALL scan gives them: [0,5) [2,9) [2,4) [6,8) [8,12) [9,12)
    int[] s = {0, 2, 2, 6, 8, 9};
    int[] e = {5, 9, 4, 8, 12, 12};
    int[] picked = new int[6];
    int k = Matches.leftmostLongest(s, e, 6, picked);
    // [0,5) first; the next start at or after 5 is 6 -> [6,8); then 8 -> [8,12).
    assertThat(k).isEqualTo(3);
    assertThat(picked).startsWith(0, 3, 4);
    assertThat(Matches.leftmostLongest(s, e, 0, picked)).isZero();
    // The scratch is left clean: a second call on other data is unaffected by the first.
    assertThat(Matches.leftmostLongest(new int[] {2, 2}, new int[] {3, 4}, 2, picked)).isOne();
    assertThat(picked[0]).isEqualTo(1);
  }

  @Test
  void nestedGramsCountOnce() {
    String text = "Wait, let me check again. Let me check again, check.";
    List<GramMatch> all = MATCHER.findAll(text);
    List<GramMatch> picked = Matches.leftmostLongest(all);
    assertThat(picked).extracting(m -> m.gram().phrase())
        .containsExactly("wait, let me check", "let me check", "check");
    assertThat(picked).isEqualTo(MATCHER.findLongest(text));
  }

  @Test
  void alignScansTheTextOnceWhateverTheReportMode() {
    String text = "Wait, let me check again. So let me check: check it, wait, let me check.";
    TokenSpans spans = TokenSpans.ofPieces(text, List.of(text.split("(?<= )")));
    CountingText oneScan = new CountingText(text);
    MATCHER.count(oneScan, MatchMode.ALL);
    for (MatchMode mode : MatchMode.values()) {
      CountingText counted = new CountingText(text);
      Alignment a = TokenAligner.of(MATCHER).align(counted, spans, mode);
      assertThat(counted.reads).as("%s", mode).isEqualTo(oneScan.reads);
      assertThat(a.matches()).extracting(AlignedMatch::match)
          .isEqualTo(MATCHER.find(text, mode));
    }
  }

  @Test
  void rejectsBadInput() {
    int[] one = {0};
    assertThatThrownBy(() -> Matches.leftmostLongest(null, one, 1, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Matches.leftmostLongest(one, one, 2, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Matches.leftmostLongest(new int[] {3}, new int[] {2}, 1, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 2)");
    assertThatThrownBy(() -> Matches.leftmostLongest(new int[] {-1}, new int[] {2}, 1, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Matches.leftmostLongest((List<GramMatch>) null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A text that counts its {@code charAt} calls. */
  private static final class CountingText implements CharSequence {
    private final String text;
    long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
