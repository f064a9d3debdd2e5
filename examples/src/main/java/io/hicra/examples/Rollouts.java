package io.hicra.examples;

import io.hicra.core.BatchLayout;
import io.hicra.examples.HierarchicalTask.Problem;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A batch of sampled responses in the library's ragged layout: flat token arrays over a {@link
 * BatchLayout}, with the sampling policy's log-probability and entropy of every token.
 */
final class Rollouts {
  final List<Problem> problems;
  final int[][] prompts;
  final BatchLayout layout;
  final int[] tokens;
  /** log p(token) under the policy at temperature 1, nats. */
  final float[] logp;
  /** Entropy of the policy's next-token distribution at temperature 1, nats. */
  final float[] entropy;

  private Rollouts(List<Problem> problems, int[][] prompts, BatchLayout layout, int[] tokens,
      float[] logp, float[] entropy) {
    this.problems = problems;
    this.prompts = prompts;
    this.layout = layout;
    this.tokens = tokens;
    this.logp = logp;
    this.entropy = entropy;
  }

  int size() {
    return problems.size();
  }

  /**
   * Samples one response per entry of {@code problems} (repeat a problem G times for a group),
   * token by token with all unfinished rollouts in one forward pass per position.
   */
  static Rollouts sample(Policy policy, HierarchicalTask task, List<Problem> problems,
      double temperature, SplittableRandom rnd) {
    int b = problems.size();
    int max = HierarchicalTask.MAX_RESPONSE;
    int v = policy.vocabSize();
    int eos = task.eosId();
    int[][] prompts = new int[b][];
    for (int i = 0; i < b; i++) {
      prompts[i] = task.prompt(problems.get(i));
    }
    int[] resp = new int[b * max];
    float[] lp = new float[b * max];
    float[] ent = new float[b * max];
    int[] len = new int[b];
    boolean[] done = new boolean[b];
    int[] active = new int[b];
    double[] prob = new double[v];
    for (int j = 0; j < max; j++) {
      int n = 0;
      for (int i = 0; i < b; i++) {
        if (!done[i]) {
          active[n++] = i;
        }
      }
      if (n == 0) {
        break;
      }
      float[] x = new float[n * policy.features()];
      for (int r = 0; r < n; r++) {
        int i = active[r];
        policy.featureRow(prompts[i], resp, i * max, j, x, r);
      }
      float[] logits = policy.logits(x, n);
      for (int r = 0; r < n; r++) {
        int i = active[r];
        int off = r * v;
        double mx = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) {
          mx = Math.max(mx, logits[off + k]);
        }
        double z = 0;
        for (int k = 0; k < v; k++) {
          z += Math.exp(logits[off + k] - mx);
        }
        double logZ = mx + Math.log(z);
        double h = 0;
        double zt = 0;
        for (int k = 0; k < v; k++) {
          double l = logits[off + k] - logZ;
          double p = Math.exp(l);
          h -= p * l;
          prob[k] = Math.exp((logits[off + k] - mx) / temperature);
          zt += prob[k];
        }
        double u = rnd.nextDouble() * zt;
        int tok = v - 1;
        for (int k = 0; k < v; k++) {
          u -= prob[k];
          if (u < 0) {
            tok = k;
            break;
          }
        }
        resp[i * max + j] = tok;
        lp[i * max + j] = (float) (logits[off + tok] - logZ);
        ent[i * max + j] = (float) h;
        len[i] = j + 1;
        if (tok == eos) {
          done[i] = true;
        }
      }
    }
    BatchLayout layout = BatchLayout.ofLengths(len);
    int[] tokens = new int[layout.tokens()];
    float[] logp = new float[layout.tokens()];
    float[] entropy = new float[layout.tokens()];
    for (int i = 0; i < b; i++) {
      System.arraycopy(resp, i * max, tokens, layout.start(i), len[i]);
      System.arraycopy(lp, i * max, logp, layout.start(i), len[i]);
      System.arraycopy(ent, i * max, entropy, layout.start(i), len[i]);
    }
    return new Rollouts(List.copyOf(problems), prompts, layout, tokens, logp, entropy);
  }

  /** Feature rows of every token, in layout order, for a training step. */
  float[] features(Policy policy) {
    float[] x = new float[layout.tokens() * policy.features()];
    for (int i = 0; i < size(); i++) {
      for (int j = 0; j < layout.length(i); j++) {
        policy.featureRow(prompts[i], tokens, layout.start(i), j, x, layout.start(i) + j);
      }
    }
    return x;
  }
}
