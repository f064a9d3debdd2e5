package io.hicra.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The eager loss as one fused pass over host memory (see {@link FusedKernel}): the arrays' native
 * buffers are read in place, the gradient is the only full-size allocation (inputs that are views
 * or not C-contiguous are copied first).
 */
final class FusedPath {
  private FusedPath() {}

  /** Whether arrays of {@code tokens} elements of {@code dt} fit the kernels' int byte indexing. */
  static boolean fits(long tokens, DataType dt) {
    return tokens * dt.width() <= Integer.MAX_VALUE;
  }

  static PolicyLossResult compute(
      PolicyLossInputs in, PolicyLossConfig config, FusedKernel floatKernel, INDArray gradOut) {
    boolean f32 = in.dataType() == DataType.FLOAT;
    INDArray lpN = host(in.logpNew());
    INDArray lpO = host(in.logpOld());
    INDArray adv = host(in.advantages());
    INDArray ref = in.logpRef() != null && config.usesReference() ? host(in.logpRef()) : null;
    INDArray mask = in.mask() != null ? host(in.mask()) : null;

    int[][] rows =
        in.isPadded() ? RowPlan.paddedRows(in.rows(), in.width()) : RowPlan.raggedRows(in.layout());
    double[] counts;
    if (mask == null) {
      counts = RowPlan.raggedCounts(in.layout());
    } else {
      counts = new double[rows[0].length];
      double defect =
          f32
              ? floatKernel.rowSumsFloat(buffer(mask), rows[0], rows[1], counts)
              : ScalarKernel.rowSumsDouble(buffer(mask), rows[0], rows[1], counts);
      if (defect != 0) {
        InputChecks.explain(in, config.usesReference());
      }
    }
    RowPlan plan = PolicyLoss.plan(in, rows, counts, config);

    INDArray grad =
        gradOut != null ? gradOut : Nd4j.createUninitialized(in.dataType(), lpN.shape(), 'c');
    Accumulator acc = new Accumulator();
    KernelParams p = new KernelParams(config);
    ByteBuffer bRef = ref == null ? null : buffer(ref);
    ByteBuffer bMask = mask == null ? null : buffer(mask);
    if (f32) {
      floatKernel.runFloat(
          buffer(lpN), buffer(lpO), buffer(adv), bRef, bMask, buffer(grad),
          plan.rowStart, plan.rowLength, plan.scale, p, acc);
    } else {
      ScalarKernel.runDouble(
          buffer(lpN), buffer(lpO), buffer(adv), bRef, bMask, buffer(grad),
          plan.rowStart, plan.rowLength, plan.scale, p, acc);
    }
    Nd4j.getAffinityManager().tagLocation(grad, AffinityManager.Location.HOST);
    if (!acc.inputsValid()
        || !Double.isFinite(acc.loss)
        || !Double.isFinite(acc.negLogRatio)) {
      // Throws for the first bad value; returns if the sums overflowed on finite inputs, which
      // finish() then reports.
      InputChecks.explain(in, config.usesReference());
    }
    acc.valid = plan.total;
    return PolicyLoss.finish(in, config, plan, acc, grad);
  }

  /** {@code a} itself when it is a C-contiguous non-view array in host memory, else a copy. */
  private static INDArray host(INDArray a) {
    INDArray h = a;
    if (a.isView() || a.ordering() != 'c' || a.elementWiseStride() != 1 || a.offset() != 0) {
      h = a.dup('c');
    }
    Nd4j.getAffinityManager().ensureLocation(h, AffinityManager.Location.HOST);
    return h;
  }

  private static ByteBuffer buffer(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder());
  }
}
