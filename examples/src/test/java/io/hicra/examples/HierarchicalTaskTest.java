package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import io.hicra.examples.HierarchicalTask.Problem;
import io.hicra.grams.OffsetUnit;
import io.hicra.grams.TokenAligner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HierarchicalTaskTest {
  private final HierarchicalTask task = new HierarchicalTask(10, 2026L);

  @Test
  void onlyTheWorkingStrategyWithRightStepsEarnsTheReward() {
    Problem p = new Problem(3, 4, 7, 9);
    int working = task.workingStrategy(3);
    for (int s = 0; s < HierarchicalTask.STRATEGIES.length; s++) {
      int[] sol = task.solution(p, s);
      assertThat(task.reward(p, sol, 0, sol.length)).isEqualTo(s == working ? 1.0 : 0.0);
      assertThat(task.statedStrategy(sol, 0, sol.length)).isEqualTo(s);
      assertThat(task.executedCorrectly(p, sol, 0, sol.length)).isTrue();
    }
    int[] wrongStep = task.solution(p, working);
    int last = wrongStep.length - 2;                      // the third step, before <eos>
    wrongStep[last] = wrongStep[last] == task.vocabulary().id("0")
        ? task.vocabulary().id("1") : task.vocabulary().id("0");
    assertThat(task.reward(p, wrongStep, 0, wrongStep.length)).isZero();
    assertThat(task.executedCorrectly(p, wrongStep, 0, wrongStep.length)).isFalse();
  }

  @Test
  void stepsFollowTheStrategyAndTheThirdIsTheSumOfTheFirstTwo() {
    Problem p = new Problem(0, 4, 7, 9);
    // strategy 1, "let's try working backwards": operands c then b, offset 0.
    String text = task.vocabulary().decode(task.solution(p, 1), 0, task.solution(p, 1).length, null);
    assertThat(text).isEqualTo("let's try working backwards step 9 step 7 step 6 <eos>");
  }

  @Test
  void theHabitualStrategyNeverWorksAndTheOthersShareTheFamilies() {
    int[] count = new int[HierarchicalTask.STRATEGIES.length];
    for (int f = 0; f < task.families(); f++) {
      count[task.workingStrategy(f)]++;
    }
    assertThat(count).containsExactly(0, 2, 2, 2, 2, 2);
  }

  @Test
  void heldOutSplitIsDisjointFromTrainingAndAboutAFifth() {
    Set<Problem> train = new HashSet<>(task.trainProblems());
    List<Problem> held = task.heldOutProblems();
    assertThat(train.size() + held.size()).isEqualTo(10 * 1000);
    assertThat(held).noneMatch(train::contains);
    assertThat(held.size()).isBetween(1800, 2200);
    assertThat(task.evalSet(50, 1)).allMatch(p -> !train.contains(p));
    assertThat(task.evalSet(50, 1)).isEqualTo(task.evalSet(50, 1));
  }

  @Test
  void sameSeedSameTaskOtherSeedOtherAssignment() {
    HierarchicalTask again = new HierarchicalTask(10, 2026L);
    HierarchicalTask other = new HierarchicalTask(10, 7L);
    boolean differs = false;
    for (int f = 0; f < 10; f++) {
      assertThat(again.workingStrategy(f)).isEqualTo(task.workingStrategy(f));
      differs |= other.workingStrategy(f) != task.workingStrategy(f);
    }
    assertThat(differs).isTrue();
    assertThat(again.heldOutProblems()).isEqualTo(task.heldOutProblems());
  }

  @Test
  void demonstrationsFollowTheHabitPriorPlusInformedShare() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 20000;
    int habit = 0;
    int working = 0;
    for (int i = 0; i < n; i++) {
      Problem p = task.sampleTrain(rnd);
      int[] d = task.demonstration(p, rnd);
      int s = task.statedStrategy(d, 0, d.length);
      assertThat(task.executedCorrectly(p, d, 0, d.length)).isTrue();
      habit += s == 0 ? 1 : 0;
      working += s == task.workingStrategy(p.family()) ? 1 : 0;
    }
    double informed = HierarchicalTask.DEMO_INFORMED;
    assertThat(habit / (double) n).isCloseTo((1 - informed) * 0.5, org.assertj.core.data.Offset.offset(0.015));
    assertThat(working / (double) n)
        .isCloseTo(informed + (1 - informed) * 0.1, org.assertj.core.data.Offset.offset(0.015));
  }

  @Test
  void theGramSetMarksExactlyTheStrategyPhraseTokens() {
    TokenAligner aligner = TokenAligner.of(RlRun.gramSet());
    Problem p = new Problem(1, 2, 3, 4);
    for (int s = 0; s < HierarchicalTask.STRATEGIES.length; s++) {
      int[] sol = task.solution(p, s);
      int[] spans = new int[2 * sol.length];
      String text = task.vocabulary().decode(sol, 0, sol.length, spans);
      int[] starts = new int[sol.length];
      int[] ends = new int[sol.length];
      for (int t = 0; t < sol.length; t++) {
        starts[t] = spans[2 * t];
        ends[t] = spans[2 * t + 1];
        assertThat(text.substring(starts[t], ends[t])).isEqualTo(task.vocabulary().word(sol[t]));
      }
      BatchLayout layout = BatchLayout.ofLengths(sol.length);
      TokenMask mask = TokenMask.empty(sol.length);
      aligner.markOffsets(text, starts, ends, OffsetUnit.UTF16, mask, layout, 0);
      int phraseWords = HierarchicalTask.STRATEGIES[s].split(" ").length;
      for (int t = 0; t < sol.length; t++) {
        assertThat(mask.get(t)).as("token %d of '%s'", t, text).isEqualTo(t < phraseWords);
      }
    }
  }

  @Test
  void rejectsBadFamilyCounts() {
    assertThatThrownBy(() -> new HierarchicalTask(5, 1)).hasMessageContaining("families");
    assertThatThrownBy(() -> new HierarchicalTask(101, 1)).hasMessageContaining("101");
  }
}
