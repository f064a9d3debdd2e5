package io.hicra.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass on the Vector API ({@code jdk.incubator.vector}): {@code FloatVector}s of the
 * platform's preferred width, an inline polynomial {@code exp} (a library call would spill every
 * accumulator each iteration), per-row accumulators in registers and the row tail through {@link
 * ScalarKernel#token}. Compiled separately (see the module POM) and loaded reflectively by {@link
 * Kernels}, so the rest of the module never links against the incubator module.
 *
 * <p><b>Cost.</b> Per vector of tokens (8 lanes on AVX2) the loop does about 43 vector
 * operations; on JDK 17 each {@code ByteBuffer} load or store also costs about a dozen scalar
 * instructions (C2 puts a memory barrier around every off-heap vector access, so each buffer's
 * address and limit are reloaded and its bounds check redone every iteration; copying chunks to
 * heap arrays instead was slower: {@code FloatBuffer} bulk copies cost more than these checks).
 * The loop is bound by instructions, not memory. Rows whose mask is ones then zeros (the usual
 * right padding, recognised by {@link #rowSumsFloat}) are run without reading the mask: chunks
 * of ones by the same loop with {@code m = 1}, chunks of padding by {@link #padding}, which only
 * checks the inputs are finite and writes +0. Measured on a 2-vCPU AMD EPYC (Zen 3, AVX2), JDK
 * 17.0.15, thread CPU time on the 16.8M-token benchmark batch (a quarter padding), one thread,
 * quiet runs: main pass 3.2-3.5 ns/token before this design (Java {@code min}/{@code max}, 5
 * instructions each on AVX2, every row reading its mask), 1.8-2.0 after; the mask pre-pass 0.38
 * (as fast as a heap {@code float[]} loop over the same 4 bytes per token: memory-bound).
 *
 * <p><b>JIT on JDK 17.</b> Each lane-wise operator of the Vector API finds its Java fallback in a
 * per-operator cache ({@code VectorOperators.ImplCache.find}), inlined into {@link #chunk} 39
 * times. An operator's first use misses the cache and calls a supplier; when that happens in
 * C2-compiled code that inlined {@code find} for another operator, a class check fails and the
 * JVM records the trap in {@code find}'s profile (4 of them in the logs). C2 adds up the traps of
 * every method it inlines, 39 × 4 = 156 passes the limit of 100 ({@code -XX:PerMethodTrapLimit};
 * {@code -XX:+LogCompilation}: {@code <observe trap='class_check' ... ccount='156'/>}), and C2
 * then compiles {@link #chunk} without class-check traps: calls bound through a type profile keep
 * a virtual-call fallback, so the stored vector's type is never narrowed, its species is not a
 * compile-time constant at the store, the store is not intrinsified ({@code
 * -XX:+PrintIntrinsics}: "missing constant: vclass=DecodeN ... vlen=LoadI") and the kernel runs
 * 2-3x slower for the life of the JVM. Whether a miss happens in compiled code is a matter of
 * timing (the mask pre-pass runs a few operators hot before the loss pass first uses the rest):
 * without the fix below it was the slow outcome in 10 of 29 JVMs whose first call ran on one
 * thread and 5 of 6 on two (a shared 2-vCPU machine; the odds move with the load). {@link
 * #touchOperators} runs every operator once from the class initialiser, so no miss happens later:
 * slow in 0 of 32 JVMs whose first call ran on one thread and 0 of 9 on two (two of those ran at
 * 3 ns/token while another process held a core, with a good compile); with {@code
 * -XX:+PrintIntrinsics} (25 of the runs) no compile of {@link #chunk} lost the store intrinsic,
 * and with {@code -XX:+LogCompilation} (3 runs) {@code find} took no class-check trap. Code
 * elsewhere in the JVM that first uses other Vector-API operators from compiled code adds to the
 * same profile and could still reach the limit.
 *
 * <p>The system property {@code hicra.nd4j.vectorBits} (128, 256, 512) narrows the vectors. Bad
 * values are detected without extra work: a NaN or infinite {@code logp_new}, {@code logp_old} or
 * advantage makes the loss or the log-ratio sum non-finite ({@code x·0} is NaN for non-finite
 * {@code x}, so masked tokens count too); reference log-probs, and every input in chunks of
 * padding, get an explicit {@code x·0} sum; the mask is checked in {@link #rowSumsFloat}.
 */
final class VectorKernel implements FusedKernel {
  private static final VectorSpecies<Float> S =
      species(Integer.getInteger("hicra.nd4j.vectorBits", 0));
  /**
   * The int lanes of the same shape, for {@link #exp}'s exponent bits. Passed explicitly: with
   * {@code reinterpretAsInts()} the target species was, in some JVM runs, not a compile-time
   * constant to C2 ({@code -XX:+PrintIntrinsics}: "missing constant ... etype_to=Phi"), and the
   * conversion ran the Vector API's Java fallback.
   */
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private static final float EXP_MAX_ARG = 88f;
  private static final float EXP_MIN_ARG = -87.33654f;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /**
   * 1.5·2^23 + 127: adding it rounds a float of magnitude below 2^22 to an integer {@code n} and
   * leaves {@code n + 127}, the biased exponent of {@code 2^n}, in the low mantissa bits.
   */
  private static final float ROUNDER = 12583039f;
  /**
   * The degree-5 minimax polynomial for {@code e^f} on {@code [−ln2/2, ln2/2]} with {@code
   * P(0) = 1}, coefficients of {@code f^1 … f^5} (fitted for relative error, rounded to float;
   * the polynomial's error is 9.1e-8 relative).
   */
  private static final float P1 = 0.9999997019767761f;
  private static final float P2 = 0.4999915063381195f;
  private static final float P3 = 0.1666763573884964f;
  private static final float P4 = 0.04189793020486832f;
  private static final float P5 = 0.008290315046906471f;

  /** The preferred species, or the one of {@code bits} (128, 256, 512) if set and supported. */
  private static VectorSpecies<Float> species(int bits) {
    if (bits <= 0 || bits > FloatVector.SPECIES_PREFERRED.vectorBitSize()) {
      return FloatVector.SPECIES_PREFERRED;
    }
    return VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(bits));
  }

  static {
    touchOperators();
  }

  /** Tokens per {@link #chunk} call: a multiple of every lane count. */
  static final int CHUNK = 2048;

  /** 0, 1, 2, ...: the lane numbers of the widest species. */
  private static final float[] LANE_INDEX = new float[16];

  static {
    for (int k = 0; k < LANE_INDEX.length; k++) {
      LANE_INDEX[k] = k;
    }
  }

  private static final int LOSS = 0;
  private static final int CLIP = 1;
  private static final int HIGH = 2;
  private static final int DUAL = 3;
  private static final int RATIO = 4;
  private static final int LOG = 5;
  private static final int KL = 6;
  private static final int REF = 7;
  private static final int SUMS = 8;

  /** Public no-argument constructor for reflective loading. */
  public VectorKernel() {}

  /**
   * Runs every lane-wise operator this class uses (float {@code ADD SUB MUL MAX MIN NEG ABS FMA},
   * the {@code ADD} reduction, int {@code SUB LSHL} ({@code LSHL} in {@link #exp}); compares, blends and mask
   * {@code or}, which do not go through that cache, for good measure) once on one vector, from the
   * class initialiser: the Vector API then finds each operator's fallback in its per-operator
   * cache and never takes the cache-miss path from compiled code, whose type checks would
   * otherwise deoptimise (see the class Javadoc). Keep it in step with the operators of {@link
   * #chunk}, {@link #maskChunk} and {@link #exp}. It also loads and stores through a {@code
   * ByteBuffer}: the incubator API of JDK 19 and later has no {@code ByteBuffer} methods, and this
   * class then fails to initialise, which {@link Kernels} reports and answers with the scalar
   * kernel instead of a {@code NoSuchMethodError} at the first call.
   */
  private static void touchOperators() {
    ByteBuffer b = ByteBuffer.allocateDirect(S.vectorByteSize()).order(ORDER);
    FloatVector x = FloatVector.fromByteBuffer(S, b, 0, ORDER).add(0.5f);
    FloatVector y = exp(x.add(x).sub(x).mul(x).max(x).min(x).neg().abs().fma(x, x), true);
    y = y.blend(x, y.compare(VectorOperators.LT, x).or(y.compare(VectorOperators.GT, x)));
    y.intoByteBuffer(b, 0, ORDER);
    y.reduceLanes(VectorOperators.ADD);
  }

  @Override
  public String name() {
    return "vector FloatVector " + S.vectorBitSize() + "-bit (" + S.length() + " lanes)";
  }

  @Override
  public double rowSumsFloat(
      ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out, int[] prefix) {
    int lanes = S.length();
    // [0] a chunk's mask sum, [1] Σ|m(m−1)|, [2] a chunk's Σ m·(position in the chunk).
    double[] sums = new double[3];
    for (int b = 0; b < rowStart.length; b++) {
      int from = rowStart[b];
      int to = from + rowLength[b];
      double rowSum = 0;
      // Σ m·(position in the row): exact, integers below 2^53 (rows shorter than 2^26).
      double positions = 0;
      int i = from;
      while (i + lanes <= to) {
        int end = i + Math.min(CHUNK, (to - i) / lanes * lanes);
        sums[0] = 0;
        sums[2] = 0;
        maskChunk(mask, i, end, sums);
        rowSum += sums[0];
        positions += (double) (i - from) * sums[0] + sums[2];
        i = end;
      }
      for (; i < to; i++) {
        double m = mask.getFloat(i << 2);
        rowSum += m;
        positions += (i - from) * m;
        sums[1] += Math.abs(m * (m - 1));
      }
      out[b] = rowSum;
      if (prefix != null) {
        prefix[b] = FusedKernel.prefixLength(rowSum, positions, rowLength[b]);
      }
    }
    return sums[1];
  }

  /**
   * Adds the sum of mask values {@code [from, to)} to {@code sums[0]}, {@code Σ|m(m−1)|} to [1]
   * and {@code Σ m·(i − from)} to [2]. The position sum is exact in float: at most {@link #CHUNK}
   * positions below {@link #CHUNK}, about 2^21.
   */
  private static void maskChunk(ByteBuffer mask, int from, int to, double[] sums) {
    FloatVector acc = FloatVector.zero(S);
    FloatVector bad = FloatVector.zero(S);
    FloatVector weighted = FloatVector.zero(S);
    FloatVector position = FloatVector.fromArray(S, LANE_INDEX, 0);
    FloatVector step = FloatVector.broadcast(S, S.length());
    for (int i = from; i < to; i += S.length()) {
      FloatVector m = FloatVector.fromByteBuffer(S, mask, i << 2, ORDER);
      acc = acc.add(m);
      bad = bad.add(m.mul(m).sub(m).abs());
      weighted = m.fma(position, weighted);
      position = position.add(step);
    }
    sums[0] += acc.reduceLanes(VectorOperators.ADD);
    sums[1] += bad.reduceLanes(VectorOperators.ADD);
    sums[2] += weighted.reduceLanes(VectorOperators.ADD);
  }

  @Override
  public void runFloat(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer mask,
      ByteBuffer grad,
      int[] rowStart,
      int[] rowLength,
      double[] rowScale,
      int[] rowPrefix,
      KernelParams p,
      Accumulator acc) {
    int lanes = S.length();
    boolean hasMask = mask != null;
    boolean hasRef = logpRef != null && p.kl != KernelParams.KL_NONE;
    double[] sums = new double[SUMS];
    ScalarKernel.Row tail = new ScalarKernel.Row();

    for (int b = 0; b < rowStart.length; b++) {
      int from = rowStart[b];
      int to = from + rowLength[b];
      float scale = (float) rowScale[b];
      java.util.Arrays.fill(sums, 0.0);
      // Where the ones of a ones-then-zeros mask end (−1: read the mask).
      int onesEnd = hasMask && rowPrefix != null && rowPrefix[b] >= 0 ? from + rowPrefix[b] : -1;
      int i = from;
      while (i + lanes <= to) {
        int end = i + Math.min(CHUNK, (to - i) / lanes * lanes);
        if (onesEnd >= 0 && end <= onesEnd) {
          // Every m is 1: the same arithmetic without reading the mask.
          chunk(logpNew, logpOld, advantages, logpRef, null, grad, i, end, scale, p, false, hasRef,
              sums);
        } else if (onesEnd >= 0 && i >= onesEnd) {
          padding(logpNew, logpOld, advantages, hasRef ? logpRef : null, grad, i, end, sums);
        } else {
          chunk(logpNew, logpOld, advantages, logpRef, mask, grad, i, end, scale, p, hasMask,
              hasRef, sums);
        }
        i = end;
      }
      tail.loss = sums[LOSS];
      acc.clipHigh += sums[HIGH];
      acc.clipLow += sums[CLIP] - sums[HIGH];
      acc.dual += sums[DUAL];
      acc.ratio += sums[RATIO];
      acc.negLogRatio -= sums[LOG];
      acc.kl += sums[KL];
      acc.nonFinite += sums[REF];
      for (; i < to; i++) {
        int at = i << 2;
        double m = hasMask ? mask.getFloat(at) : 1.0;
        double g =
            ScalarKernel.token(
                logpNew.getFloat(at),
                logpOld.getFloat(at),
                advantages.getFloat(at),
                hasRef ? logpRef.getFloat(at) : 0.0,
                m,
                p,
                tail,
                acc);
        float out = m == 0.0 ? 0f : (float) (g * m * rowScale[b]);
        acc.nonFiniteOutput += out - out;
        grad.putFloat(at, out);
      }
      acc.loss += rowScale[b] * tail.loss;
    }
  }

  /**
   * Tokens {@code [from, to)} (a multiple of the lane count) of one row; writes their weighted
   * gradient and adds the chunk's sums to {@code sums}. A
   * method of its own, called once per {@link #CHUNK} tokens, so that C2 compiles it early as a
   * whole method (with every vector operation intrinsified) instead of running a long row loop
   * through on-stack-replacement code.
   *
   * <p>Written for what C2 of JDK 17 makes of it on AVX2 (16 vector registers), where every
   * instruction counts (the loop is bound by instructions, not by memory):
   *
   * <ul>
   *   <li>Clamps are a compare and a blend ({@link #clamp}), not {@code min}/{@code max}: those
   *       follow {@code Math.min}/{@code max} for NaN and −0.0 and take 5 instructions each on
   *       AVX2. The operands here are never −0.0 where it would matter, and a NaN still
   *       propagates (every compare with it is false, so the NaN is kept).
   *   <li>The advantage is multiplied by the mask first ({@code A·m}, m is 0 or 1, checked by
   *       the pre-pass): a masked token then has {@code r·A = 0}, is never clipped, adds 0 to the
   *       loss and gets gradient +0 without further masking, so the clip counts and the loss
   *       need no mask operand.
   *   <li>The loss is summed with its sign flipped and negated once per chunk, and the
   *       gradient's sign goes into the scale: {@code (r·A or +0)·(−w) + 0}, one fused
   *       multiply-add whose {@code + 0} turns a −0.0 into +0.0. Rounding is symmetric, so the
   *       loss and the gradient are bit for bit what {@code −s} and {@code −r·A·w} give.
   * </ul>
   */
  private static void chunk(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer mask,
      ByteBuffer grad,
      int from,
      int to,
      float scale,
      KernelParams p,
      boolean hasMask,
      boolean hasRef,
      double[] sums) {
    int lanes = S.length();
    float limit = (float) Math.min(p.logRatioClamp, Float.MAX_VALUE);
    float lo = (float) p.lo;
    float hi = (float) p.hi;
    float dualC = (float) p.dualC;
    float beta = (float) p.beta;
    float klClamp = (float) Math.min(p.klClamp, Float.MAX_VALUE);
    boolean dualOn = p.dual;
    // Beyond ±87, exp leaves the normal float range: only with the log-ratio clamp off or wide.
    boolean overflow = limit > 87f;
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector negScale = FloatVector.broadcast(S, -scale);
    FloatVector lossAcc = zero;
    FloatVector clipAcc = zero;
    FloatVector highAcc = zero;
    FloatVector dualAcc = zero;
    FloatVector ratioAcc = zero;
    FloatVector logAcc = zero;
    FloatVector klAcc = zero;
    FloatVector refAcc = zero;
    for (int i = from; i < to; i += lanes) {
      int at = i << 2;
      FloatVector lpN = FloatVector.fromByteBuffer(S, logpNew, at, ORDER);
      FloatVector lpO = FloatVector.fromByteBuffer(S, logpOld, at, ORDER);
      FloatVector m = hasMask ? FloatVector.fromByteBuffer(S, mask, at, ORDER) : one;
      FloatVector a = FloatVector.fromByteBuffer(S, advantages, at, ORDER);
      if (hasMask) {
        a = a.mul(m);
      }

      FloatVector d = lpN.sub(lpO);
      VectorMask<Float> dAbove = d.compare(VectorOperators.GT, limit);
      VectorMask<Float> dBelow = d.compare(VectorOperators.LT, -limit);
      FloatVector r = exp(d.blend(limit, dAbove).blend(-limit, dBelow), overflow);
      FloatVector l1 = r.mul(a);
      FloatVector l2 = clamp(r, lo, hi).mul(a);
      VectorMask<Float> clipped = l2.compare(VectorOperators.LT, l1);
      // s = min(l1, l2); with ties the unclipped branch.
      FloatVector s = l1.blend(l2, clipped);
      FloatVector clippedOne = zero.blend(one, clipped);
      clipAcc = clipAcc.add(clippedOne);
      highAcc = highAcc.add(zero.blend(clippedOne, a.compare(VectorOperators.GT, 0f)));
      // No gradient where clipped or where the log-ratio was clamped.
      VectorMask<Float> noGrad = clipped.or(dAbove).or(dBelow);
      if (dualOn) {
        FloatVector floor = a.mul(dualC);
        VectorMask<Float> dual =
            a.compare(VectorOperators.LT, 0f).and(floor.compare(VectorOperators.GT, s));
        s = s.blend(floor, dual);
        noGrad = noGrad.or(dual);
        dualAcc = dualAcc.add(zero.blend(one, dual));
      }
      // r·A where the gradient flows, +0 elsewhere: the gradient before its sign and weight.
      FloatVector g = l1.blend(zero, noGrad);

      if (hasRef) {
        FloatVector ref = FloatVector.fromByteBuffer(S, logpRef, at, ORDER);
        refAcc = refAcc.add(ref.mul(0f));
        FloatVector delta = lpN.sub(ref);
        FloatVector k;
        FloatVector gk;
        if (p.kl == KernelParams.KL_K1) {
          k = delta;
          gk = one;
        } else if (p.kl == KernelParams.KL_K2) {
          k = delta.mul(delta).mul(0.5f);
          gk = delta;
        } else {
          FloatVector u = delta.neg();
          VectorMask<Float> uAbove = u.compare(VectorOperators.GT, limit);
          VectorMask<Float> uBelow = u.compare(VectorOperators.LT, -limit);
          FloatVector uc = u.blend(limit, uAbove).blend(-limit, uBelow);
          FloatVector e = exp(uc, overflow);
          FloatVector kRaw = e.sub(uc).sub(1f);
          VectorMask<Float> kAbove = kRaw.compare(VectorOperators.GT, klClamp);
          VectorMask<Float> kBelow = kRaw.compare(VectorOperators.LT, -klClamp);
          k = kRaw.blend(klClamp, kAbove).blend(-klClamp, kBelow);
          gk = one.sub(e).blend(zero, uAbove.or(uBelow).or(kAbove).or(kBelow));
        }
        // The sign-flipped loss s − β·k and gradient r·A − β·∂k, weighted by m here: the KL
        // term does not vanish on masked tokens by itself.
        lossAcc = s.sub(k.mul(beta)).fma(m, lossAcc);
        g.sub(gk.mul(beta)).fma(m.mul(negScale), zero).intoByteBuffer(grad, at, ORDER);
        klAcc = klAcc.add(k.mul(m));
      } else {
        lossAcc = lossAcc.add(s);
        g.fma(negScale, zero).intoByteBuffer(grad, at, ORDER);
      }
      ratioAcc = r.fma(m, ratioAcc);
      logAcc = d.fma(m, logAcc);
    }

    sums[LOSS] -= lossAcc.reduceLanes(VectorOperators.ADD);
    sums[CLIP] += clipAcc.reduceLanes(VectorOperators.ADD);
    sums[HIGH] += highAcc.reduceLanes(VectorOperators.ADD);
    sums[DUAL] += dualAcc.reduceLanes(VectorOperators.ADD);
    sums[RATIO] += ratioAcc.reduceLanes(VectorOperators.ADD);
    sums[LOG] += logAcc.reduceLanes(VectorOperators.ADD);
    sums[KL] += klAcc.reduceLanes(VectorOperators.ADD);
    sums[REF] += refAcc.reduceLanes(VectorOperators.ADD);
  }

  /**
   * Tokens {@code [from, to)} (a multiple of the lane count) of a row whose mask is 0 there:
   * writes gradient +0 and adds nothing but {@code Σ x·0} over the inputs to {@code sums[REF]},
   * which is 0 when they are finite and NaN otherwise (padding must hold finite values too). What
   * {@link #chunk} adds for such tokens is exactly 0 for finite inputs (the mask zeroes every
   * term), so the sums are bit for bit the same as if the chunk had read the mask. One exception,
   * only with the log-ratio clamp off: a padding log-ratio beyond 88 overflows {@code exp}, and
   * {@link #chunk} turns {@code ∞·0} into a NaN ratio sum (and the call into an overflow error)
   * where this method ignores the padding, as padding should be.
   */
  private static void padding(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer grad,
      int from,
      int to,
      double[] sums) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector trace = zero;
    for (int i = from; i < to; i += S.length()) {
      int at = i << 2;
      // x·0 is ±0 for finite x and NaN otherwise; sums of ±0 cannot overflow.
      FloatVector t =
          FloatVector.fromByteBuffer(S, logpNew, at, ORDER).mul(0f)
              .add(FloatVector.fromByteBuffer(S, logpOld, at, ORDER).mul(0f))
              .add(FloatVector.fromByteBuffer(S, advantages, at, ORDER).mul(0f));
      if (logpRef != null) {
        t = t.add(FloatVector.fromByteBuffer(S, logpRef, at, ORDER).mul(0f));
      }
      trace = trace.add(t);
      zero.intoByteBuffer(grad, at, ORDER);
    }
    sums[REF] += trace.reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@code x} clamped to {@code [lo, hi]} by two compares and blends (NaN stays NaN; unlike
   * {@code max}/{@code min}, −0.0 and +0.0 are not ordered, which no caller depends on).
   */
  private static FloatVector clamp(FloatVector x, float lo, float hi) {
    return x.blend(lo, x.compare(VectorOperators.LT, lo)).blend(hi, x.compare(VectorOperators.GT, hi));
  }

  /**
   * {@code e^x} for float lanes, inline: {@code x = n·ln2 + f} with {@code n} rounded to nearest
   * and {@code |f| ≤ ln2/2} (Cody–Waite split of ln2), {@code e^f} by a degree-5 minimax
   * polynomial ({@link #P1} …) in Horner form with fused multiply-adds, times {@code 2^n} built
   * in the exponent bits: {@code n + 127} is already in the low bits of {@code x·log2(e) +}
   * {@link #ROUNDER}, and shifting them into the exponent field drops the rest. Within 2.0 ulp of
   * the exact value on {@code [−87.3, 88]} (0.66 ulp on average; 2 million random floats against
   * double precision); {@code e^0 = 1} exactly. Arguments are clamped to that range only when
   * {@code overflow} is set (the log-ratio clamp is off or above 87); then {@code x > 88} gives
   * {@code +∞} and {@code x < −87.3} about 1e-38 instead of a subnormal.
   *
   * <p>It replaced a degree-6 Taylor polynomial (2.7 ulp at most, 0.37 on average) and an
   * explicit exponent bias: one fused multiply-add, one integer subtraction and two constants
   * less per call, in a loop that keeps more constants than AVX2 has registers.
   */
  static FloatVector exp(FloatVector x, boolean overflow) {
    // Constants are broadcast here, not kept in fields: C2 intrinsifies vector operations only
    // on operands whose exact vector class it knows; the broadcasts are hoisted out of the loop.
    FloatVector xc = overflow ? clamp(x, EXP_MIN_ARG, EXP_MAX_ARG) : x;
    FloatVector t = xc.fma(LOG2E, ROUNDER);
    FloatVector n = t.sub(ROUNDER);
    FloatVector f = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
    f = n.fma(FloatVector.broadcast(S, -LN2_LO), f);
    FloatVector q = f.fma(P5, P4);
    q = q.fma(f, FloatVector.broadcast(S, P3));
    q = q.fma(f, FloatVector.broadcast(S, P2));
    q = q.fma(f, FloatVector.broadcast(S, P1));
    q = q.fma(f, FloatVector.broadcast(S, 1f));
    IntVector bits = ((IntVector) t.reinterpretShape(INTS, 0)).lanewise(VectorOperators.LSHL, 23);
    FloatVector result = q.mul((FloatVector) bits.reinterpretShape(S, 0));
    if (overflow) {
      result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX_ARG));
    }
    return result;
  }
}
