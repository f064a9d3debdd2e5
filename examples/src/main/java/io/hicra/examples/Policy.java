package io.hicra.examples;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A small autoregressive policy in SameDiff: a two-hidden-layer MLP language model over a
 * one-hot view of its context.
 *
 * <p>The context of the token at response position {@code j} is the prompt (six slots), the last
 * {@value #WINDOW} response tokens (one slot each, {@code <bos>} before the start), the bag of
 * all earlier response tokens (counts scaled to sum 1) and {@code j} itself. Each slot is one-hot
 * over the vocabulary, so the first layer doubles as per-slot embeddings. Logits are computed
 * for all rows of a batch in one graph call; sampling happens on the Java side from those logits.
 *
 * <p>Training takes the loss's gradient with respect to the sampled tokens' log-probabilities,
 * {@code g_t = dLoss/dlogp_t}, and optionally with respect to the logits, {@code G_t} (the
 * entropy bonus), both from hicra-nd4j's {@code PolicyLoss}, and back-propagates the surrogate
 * {@code Σ_t g_t·logp_t + Σ_t G_t·logits_t} through the graph: its parameter gradient is the
 * loss's. Updates use Adam with global-norm clipping. All randomness comes from the seed given at
 * construction; not thread-safe.
 */
final class Policy {
  static final int WINDOW = 3;
  private static final int SLOTS = HierarchicalTask.PROMPT_LENGTH + WINDOW;
  private static final String[] PARAMS = {"w1", "b1", "w2", "b2", "w3", "b3"};

  private final int vocabSize;
  private final int features;
  private final int bosId;
  private final SameDiff sd;
  private final Map<String, INDArray> adamM = new HashMap<>();
  private final Map<String, INDArray> adamV = new HashMap<>();
  private int adamStep;

  Policy(int vocabSize, int bosId, int hidden, long seed) {
    this.vocabSize = vocabSize;
    this.bosId = bosId;
    this.features = SLOTS * vocabSize + vocabSize + HierarchicalTask.MAX_RESPONSE;
    SplittableRandom rnd = new SplittableRandom(seed);
    sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, features);
    SDVariable taken = sd.placeHolder("taken", DataType.FLOAT, -1, vocabSize);
    SDVariable g = sd.placeHolder("g", DataType.FLOAT, -1);
    SDVariable gLogits = sd.placeHolder("glogits", DataType.FLOAT, -1, vocabSize);
    // Inputs are one-hot over SLOTS + 1 groups, hence the fan-in of the first layer.
    SDVariable w1 = sd.var("w1", gaussian(rnd, features, hidden, 1.0 / Math.sqrt(SLOTS + 2)));
    SDVariable b1 = sd.var("b1", Nd4j.zeros(DataType.FLOAT, 1, hidden));
    SDVariable w2 = sd.var("w2", gaussian(rnd, hidden, hidden, 1.0 / Math.sqrt(hidden)));
    SDVariable b2 = sd.var("b2", Nd4j.zeros(DataType.FLOAT, 1, hidden));
    SDVariable w3 = sd.var("w3", gaussian(rnd, hidden, vocabSize, 0.5 / Math.sqrt(hidden)));
    SDVariable b3 = sd.var("b3", Nd4j.zeros(DataType.FLOAT, 1, vocabSize));
    SDVariable h1 = sd.nn().tanh(x.mmul(w1).add(b1));
    SDVariable h2 = sd.nn().tanh(h1.mmul(w2).add(b2));
    SDVariable logits = h2.mmul(w3).add("logits", b3);
    SDVariable logp = sd.nn().logSoftmax(logits);
    SDVariable logpTaken = logp.mul(taken).sum("logpTaken", 1);
    logpTaken.mul(g).sum().add(logits.mul(gLogits).sum()).rename("surrogate");
    sd.setLossVariables("surrogate");
    for (String p : PARAMS) {
      INDArray arr = sd.getVariable(p).getArr();
      adamM.put(p, Nd4j.zeros(DataType.FLOAT, arr.shape()));
      adamV.put(p, Nd4j.zeros(DataType.FLOAT, arr.shape()));
    }
  }

  private static INDArray gaussian(SplittableRandom rnd, int rows, int cols, double std) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * gauss(rnd));
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
  }

  static double gauss(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  int vocabSize() {
    return vocabSize;
  }

  int features() {
    return features;
  }

  /**
   * Writes the feature row of the token at {@code response[start + j]} into {@code out} at row
   * {@code row}: prompt, window, bag of {@code response[start, start + j)}, position {@code j}.
   * {@code out} must be zero in that row.
   */
  void featureRow(int[] prompt, int[] response, int start, int j, float[] out, int row) {
    int base = row * features;
    for (int k = 0; k < prompt.length; k++) {
      out[base + k * vocabSize + prompt[k]] = 1f;
    }
    for (int w = 0; w < WINDOW; w++) {
      int p = j - WINDOW + w;
      int tok = p < 0 ? bosId : response[start + p];
      out[base + (prompt.length + w) * vocabSize + tok] = 1f;
    }
    if (j > 0) {
      float inv = 1f / j;
      int bag = base + SLOTS * vocabSize;
      for (int p = 0; p < j; p++) {
        out[bag + response[start + p]] += inv;
      }
    }
    out[base + SLOTS * vocabSize + vocabSize + j] = 1f;
  }

  /** Logits {@code [rows, V]} for a feature matrix {@code [rows, features]}, row-major. */
  float[] logits(float[] x, int rows) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("x", Nd4j.create(x, new long[] {rows, features}, DataType.FLOAT));
    INDArray out = sd.outputSingle(ph, "logits");
    return out.castTo(DataType.FLOAT).data().asFloat();
  }

  /**
   * One Adam step on the surrogate. {@code taken[r]} is the token of row {@code r},
   * {@code upstream[r]} is {@code dLoss/dlogp} for it and {@code gradLogits} (row-major {@code
   * [rows, V]}, or null for none) is {@code dLoss/dlogits} of terms that read the logits directly.
   *
   * @return the global gradient norm before clipping
   */
  double step(float[] x, int[] taken, float[] upstream, float[] gradLogits, int rows,
      double learningRate, double clipNorm) {
    float[] oneHot = new float[rows * vocabSize];
    for (int r = 0; r < rows; r++) {
      oneHot[r * vocabSize + taken[r]] = 1f;
    }
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("x", Nd4j.create(x, new long[] {rows, features}, DataType.FLOAT));
    ph.put("taken", Nd4j.create(oneHot, new long[] {rows, vocabSize}, DataType.FLOAT));
    ph.put("g", Nd4j.create(upstream, new long[] {rows}, DataType.FLOAT));
    ph.put("glogits", gradLogits == null
        ? Nd4j.zeros(DataType.FLOAT, rows, vocabSize)
        : Nd4j.create(gradLogits, new long[] {rows, vocabSize}, DataType.FLOAT));
    Map<String, INDArray> grads = sd.calculateGradients(ph, PARAMS);
    double sq = 0;
    for (String p : PARAMS) {
      double n = grads.get(p).norm2Number().doubleValue();
      sq += n * n;
    }
    double norm = Math.sqrt(sq);
    double scale = norm > clipNorm ? clipNorm / norm : 1.0;
    adamStep++;
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, adamStep);
    double c2 = 1 - Math.pow(b2, adamStep);
    for (String p : PARAMS) {
      INDArray grad = grads.get(p).muli(scale);
      INDArray m = adamM.get(p).muli(b1).addi(grad.mul(1 - b1));
      INDArray v = adamV.get(p).muli(b2).addi(grad.mul(grad).muli(1 - b2));
      INDArray denom = Transforms.sqrt(v.div(c2), false).addi(1e-8);
      INDArray update = m.div(c1).divi(denom).muli(learningRate);
      sd.getVariable(p).getArr().subi(update);
    }
    return norm;
  }

  /** Overwrites this policy's parameters with {@code other}'s; Adam state is reset. */
  void copyParametersFrom(Policy other) {
    for (String p : PARAMS) {
      sd.getVariable(p).getArr().assign(other.sd.getVariable(p).getArr());
      adamM.get(p).assign(0);
      adamV.get(p).assign(0);
    }
    adamStep = 0;
  }

  /** A copy of the parameters, for checks. */
  Map<String, INDArray> parameters() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String p : PARAMS) {
      out.put(p, sd.getVariable(p).getArr().dup());
    }
    return out;
  }
}
