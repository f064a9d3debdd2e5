package io.hicra.examples;

import io.hicra.core.BatchLayout;
import io.hicra.core.GroupAdvantages;
import io.hicra.core.Groups;
import io.hicra.core.HicraAdvantage;
import io.hicra.core.TokenMask;
import io.hicra.grams.OffsetUnit;
import io.hicra.grams.TokenAligner;
import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossInputs;
import io.hicra.nd4j.PolicyLossResult;
import java.util.Arrays;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The core API in a custom training loop, one batch: rewards, GRPO group advantages, a planning
 * mask from a Strategic Gram set, HICRA token advantages, and the clipped loss's gradient with
 * respect to the log-probabilities, which a trainer back-propagates through its policy.
 */
public final class CustomLoopExample {
  private CustomLoopExample() {}

  /** Runs the example batch and prints what each stage produced. */
  public static void main(String[] args) {
    System.out.println(run());
  }

  /** One step on a made-up batch: two prompts, two rollouts each. */
  public static PolicyLossResult run() {
    String[] texts = {
      "we can use the fact that 7 is prime so the answer is 7",
      "the answer is 9",
      "wait, let me check the sum again the answer is 12",
      "let's try a different approach the answer is 12",
    };
    double[] rewards = {1, 0, 0, 1};
    Groups groups = Groups.of(0, 0, 1, 1);                    // rollouts of the same prompt
    int[][] starts = new int[texts.length][];
    int[][] ends = new int[texts.length][];
    int[] lengths = new int[texts.length];
    for (int i = 0; i < texts.length; i++) {                  // your tokenizer's offsets go here
      int[][] spans = whitespaceSpans(texts[i]);
      starts[i] = spans[0];
      ends[i] = spans[1];
      lengths[i] = spans[0].length;
    }
    BatchLayout layout = BatchLayout.ofLengths(lengths);
    TokenAligner aligner = TokenAligner.defaultAligner();     // the default Strategic Gram lexicon
    TokenMask planning = TokenMask.empty(layout.tokens());
    for (int i = 0; i < texts.length; i++) {
      aligner.markOffsets(texts[i], starts[i], ends[i], OffsetUnit.UTF16, planning, layout, i);
    }
    double[] seqAdv = GroupAdvantages.compute(rewards, groups);
    float[] tokAdv = HicraAdvantage.compute(seqAdv, layout, planning, 0.2);
    float[] logp = new float[layout.tokens()];                // from your policy; here p = 0.5
    Arrays.fill(logp, (float) Math.log(0.5));
    PolicyLossResult loss = PolicyLoss.defaults().compute(PolicyLossInputs.ragged(layout,
        Nd4j.createFromArray(logp), Nd4j.createFromArray(logp), Nd4j.createFromArray(tokAdv)));
    System.out.println("planning tokens: " + planning.cardinality() + " of " + layout.tokens());
    System.out.println("sequence advantages: " + Arrays.toString(seqAdv));
    System.out.println("token advantages: " + Arrays.toString(tokAdv));
    System.out.println("d loss / d logp: " + loss.gradLogpNew());
    return loss;
  }

  /** {@code [starts, ends]} of the space-separated words of {@code text}, in UTF-16 chars. */
  static int[][] whitespaceSpans(String text) {
    int[] s = new int[text.length()];
    int[] e = new int[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != ' ' && (i == 0 || text.charAt(i - 1) == ' ')) {
        s[n] = i;
        int j = i;
        while (j < text.length() && text.charAt(j) != ' ') {
          j++;
        }
        e[n++] = j;
      }
    }
    return new int[][] {Arrays.copyOf(s, n), Arrays.copyOf(e, n)};
  }
}
