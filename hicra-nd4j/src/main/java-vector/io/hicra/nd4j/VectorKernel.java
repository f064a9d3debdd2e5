package io.hicra.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass on the Vector API ({@code jdk.incubator.vector}): {@code FloatVector}s of the
 * platform's preferred width, {@code EXP} as a lane-wise operation, per-row accumulators in
 * registers, the row tail through {@link ScalarKernel#token}. Compiled separately (see the module
 * POM) and loaded reflectively by {@link Kernels}, so the rest of the module never links against
 * the incubator module.
 */
final class VectorKernel implements FusedKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  /** Public no-argument constructor for reflective loading. */
  public VectorKernel() {}

  @Override
  public String name() {
    return "vector FloatVector " + S.vectorBitSize() + "-bit (" + S.length() + " lanes)";
  }

  @Override
  public void rowSumsFloat(ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out) {
    int lanes = S.length();
    for (int b = 0; b < rowStart.length; b++) {
      int from = rowStart[b];
      int to = from + rowLength[b];
      FloatVector acc = FloatVector.zero(S);
      int i = from;
      for (; i + lanes <= to; i += lanes) {
        acc = acc.add(FloatVector.fromByteBuffer(S, mask, i << 2, ORDER));
      }
      double s = acc.reduceLanes(VectorOperators.ADD);
      for (; i < to; i++) {
        s += mask.getFloat(i << 2);
      }
      out[b] = s;
    }
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
      KernelParams p,
      Accumulator acc) {
    int lanes = S.length();
    float limit = (float) Math.min(p.logRatioClamp, Float.MAX_VALUE);
    float lo = (float) p.lo;
    float hi = (float) p.hi;
    float dualC = (float) p.dualC;
    float beta = (float) p.beta;
    float klClamp = (float) Math.min(p.klClamp, Float.MAX_VALUE);
    boolean hasMask = mask != null;
    boolean hasRef = logpRef != null && p.kl != KernelParams.KL_NONE;
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    ScalarKernel.Row tail = new ScalarKernel.Row();

    for (int b = 0; b < rowStart.length; b++) {
      int from = rowStart[b];
      int to = from + rowLength[b];
      float scale = (float) rowScale[b];
      FloatVector lossAcc = zero;
      FloatVector validAcc = zero;
      FloatVector lowAcc = zero;
      FloatVector highAcc = zero;
      FloatVector dualAcc = zero;
      FloatVector ratioAcc = zero;
      FloatVector negLogAcc = zero;
      FloatVector klAcc = zero;
      FloatVector badAcc = zero;
      FloatVector maskAcc = zero;
      FloatVector outAcc = zero;
      int i = from;
      for (; i + lanes <= to; i += lanes) {
        int at = i << 2;
        FloatVector lpN = FloatVector.fromByteBuffer(S, logpNew, at, ORDER);
        FloatVector lpO = FloatVector.fromByteBuffer(S, logpOld, at, ORDER);
        FloatVector a = FloatVector.fromByteBuffer(S, advantages, at, ORDER);
        FloatVector m = hasMask ? FloatVector.fromByteBuffer(S, mask, at, ORDER) : one;
        badAcc = badAcc.add(lpN.sub(lpN)).add(lpO.sub(lpO)).add(a.sub(a));
        if (hasMask) {
          maskAcc = maskAcc.add(m.mul(m.sub(1f)).abs());
        }

        FloatVector d = lpN.sub(lpO);
        VectorMask<Float> inRange = d.abs().compare(VectorOperators.LE, limit);
        FloatVector r = d.max(-limit).min(limit).lanewise(VectorOperators.EXP);
        FloatVector l1 = r.mul(a);
        FloatVector l2 = r.max(lo).min(hi).mul(a);
        VectorMask<Float> clipped = l2.compare(VectorOperators.LT, l1);
        FloatVector s = l1.blend(l2, clipped);
        VectorMask<Float> active = clipped.not().and(inRange);
        if (p.dual) {
          FloatVector floor = a.mul(dualC);
          VectorMask<Float> dual =
              a.compare(VectorOperators.LT, 0f).and(floor.compare(VectorOperators.GT, s));
          s = s.blend(floor, dual);
          active = active.andNot(dual);
          dualAcc = dualAcc.add(m, dual);
        }
        FloatVector g = zero.blend(l1.neg(), active);
        FloatVector loss = s.neg();

        if (hasRef) {
          FloatVector ref = FloatVector.fromByteBuffer(S, logpRef, at, ORDER);
          badAcc = badAcc.add(ref.sub(ref));
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
            VectorMask<Float> uIn = u.abs().compare(VectorOperators.LE, limit);
            FloatVector uc = u.max(-limit).min(limit);
            FloatVector e = uc.lanewise(VectorOperators.EXP);
            k = e.sub(uc).sub(1f);
            VectorMask<Float> kIn = k.abs().compare(VectorOperators.LE, klClamp);
            k = k.max(-klClamp).min(klClamp);
            gk = zero.blend(one.sub(e), uIn.and(kIn));
          }
          loss = loss.add(k.mul(beta));
          g = g.add(gk.mul(beta));
          klAcc = klAcc.add(k.mul(m));
        }

        FloatVector w = m.mul(scale);
        FloatVector out = g.mul(w);
        if (hasMask) {
          out = out.blend(zero, m.compare(VectorOperators.EQ, 0f));
        }
        out.intoByteBuffer(grad, at, ORDER);
        outAcc = outAcc.add(out.sub(out));

        lossAcc = lossAcc.add(loss.mul(m));
        validAcc = validAcc.add(m);
        highAcc = highAcc.add(m, clipped.and(a.compare(VectorOperators.GT, 0f)));
        lowAcc = lowAcc.add(m, clipped.and(a.compare(VectorOperators.LT, 0f)));
        ratioAcc = ratioAcc.add(r.mul(m));
        negLogAcc = negLogAcc.sub(d.mul(m));
      }

      tail.loss = lossAcc.reduceLanes(VectorOperators.ADD);
      acc.valid += validAcc.reduceLanes(VectorOperators.ADD);
      acc.clipLow += lowAcc.reduceLanes(VectorOperators.ADD);
      acc.clipHigh += highAcc.reduceLanes(VectorOperators.ADD);
      acc.dual += dualAcc.reduceLanes(VectorOperators.ADD);
      acc.ratio += ratioAcc.reduceLanes(VectorOperators.ADD);
      acc.negLogRatio += negLogAcc.reduceLanes(VectorOperators.ADD);
      acc.kl += klAcc.reduceLanes(VectorOperators.ADD);
      acc.nonFinite += badAcc.reduceLanes(VectorOperators.ADD);
      acc.maskDefect += maskAcc.reduceLanes(VectorOperators.ADD);
      acc.nonFiniteOutput += outAcc.reduceLanes(VectorOperators.ADD);
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
}
