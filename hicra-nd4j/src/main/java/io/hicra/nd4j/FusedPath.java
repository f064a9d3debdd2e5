package io.hicra.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The eager loss as one fused pass over host memory (see {@link FusedKernel}): the arrays' native
 * buffers are read in place, the gradient is the only full-size allocation (inputs that are views
 * or not C-contiguous are copied first). The rows are cut into {@link #blocks} that run on up to
 * {@link PolicyLossConfig#threads()} threads; each block sums into its own {@link Accumulator},
 * added in block order, so results do not depend on the thread count.
 */
final class FusedPath {
  /** The least number of tokens in a block of rows that one thread processes at a time. */
  static final int BLOCK_TOKENS = 1 << 16;

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
    int[] blocks = blocks(rows[1]);
    int threads = config.resolvedThreads();
    double[] counts;
    // Per row: the number of leading ones when the mask is ones then zeros, else −1 (FLOAT only).
    int[] prefix = null;
    if (mask == null) {
      counts = RowPlan.raggedCounts(in.layout());
    } else {
      counts = new double[rows[0].length];
      int[] prefixOut = f32 ? new int[counts.length] : null;
      prefix = prefixOut;
      double[] defects = new double[blocks.length - 1];
      ByteBuffer bMask = buffer(mask);
      forEachBlock(blocks.length - 1, threads, k -> {
        int[] start = Arrays.copyOfRange(rows[0], blocks[k], blocks[k + 1]);
        int[] length = Arrays.copyOfRange(rows[1], blocks[k], blocks[k + 1]);
        double[] out = new double[start.length];
        int[] outPrefix = f32 ? new int[start.length] : null;
        defects[k] =
            f32
                ? floatKernel.rowSumsFloat(bMask, start, length, out, outPrefix)
                : ScalarKernel.rowSumsDouble(bMask, start, length, out);
        System.arraycopy(out, 0, counts, blocks[k], out.length);
        if (f32) {
          System.arraycopy(outPrefix, 0, prefixOut, blocks[k], outPrefix.length);
        }
      });
      double defect = 0;
      for (double d : defects) {
        defect += d;
      }
      if (defect != 0) {
        InputChecks.explain(in, config.usesReference());
      }
    }
    RowPlan plan = PolicyLoss.plan(in, rows, counts, config);

    INDArray grad =
        gradOut != null ? gradOut : Nd4j.createUninitialized(in.dataType(), lpN.shape(), 'c');
    KernelParams p = new KernelParams(config);
    ByteBuffer bLpN = buffer(lpN);
    ByteBuffer bLpO = buffer(lpO);
    ByteBuffer bAdv = buffer(adv);
    ByteBuffer bRef = ref == null ? null : buffer(ref);
    ByteBuffer bMask = mask == null ? null : buffer(mask);
    ByteBuffer bGrad = buffer(grad);
    Accumulator[] parts = new Accumulator[blocks.length - 1];
    int[] rowPrefix = prefix;
    forEachBlock(parts.length, threads, k -> {
      int[] start = Arrays.copyOfRange(plan.rowStart, blocks[k], blocks[k + 1]);
      int[] length = Arrays.copyOfRange(plan.rowLength, blocks[k], blocks[k + 1]);
      double[] scale = Arrays.copyOfRange(plan.scale, blocks[k], blocks[k + 1]);
      int[] blockPrefix =
          rowPrefix == null ? null : Arrays.copyOfRange(rowPrefix, blocks[k], blocks[k + 1]);
      Accumulator part = new Accumulator();
      if (f32) {
        floatKernel.runFloat(
            bLpN, bLpO, bAdv, bRef, bMask, bGrad, start, length, scale, blockPrefix, p, part);
      } else {
        ScalarKernel.runDouble(
            bLpN, bLpO, bAdv, bRef, bMask, bGrad, start, length, scale, p, part);
      }
      parts[k] = part;
    });
    Accumulator acc = new Accumulator();
    for (Accumulator part : parts) {
      acc.add(part);
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

  /**
   * Row indices where blocks start, then the row count: consecutive whole rows of at least
   * {@link #BLOCK_TOKENS} tokens each (the last block may be shorter). Depends on the row lengths
   * only, never on the thread count, so that sums added block by block are reproducible.
   */
  static int[] blocks(int[] rowLength) {
    if (rowLength.length == 0) {
      return new int[] {0, 0};
    }
    int[] starts = new int[rowLength.length + 1];
    int n = 0;
    long tokens = 0;
    for (int b = 0; b < rowLength.length; b++) {
      if (b == 0 || tokens >= BLOCK_TOKENS) {
        starts[n++] = b;
        tokens = 0;
      }
      tokens += rowLength[b];
    }
    starts[n++] = rowLength.length;
    return Arrays.copyOf(starts, n);
  }

  /**
   * Runs {@code task} for every block index in {@code [0, blocks)} on up to {@code threads}
   * threads: the caller and helpers on the common fork-join pool, which take the next block
   * until none is left. Returns when every block is done; rethrows the first failure.
   */
  static void forEachBlock(int blocks, int threads, IntConsumer task) {
    int workers = Math.min(threads, blocks);
    if (workers <= 1) {
      for (int k = 0; k < blocks; k++) {
        task.accept(k);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    // The first failure itself, not the copy ForkJoinTask.join would rethrow on this thread.
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker = () -> {
      try {
        for (int k = next.getAndIncrement(); k < blocks; k = next.getAndIncrement()) {
          task.accept(k);
        }
      } catch (RuntimeException e) {
        next.set(blocks);
        if (!failure.compareAndSet(null, e)) {
          failure.get().addSuppressed(e);
        }
      }
    };
    ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
    for (int h = 0; h < helpers.length; h++) {
      helpers[h] = ForkJoinPool.commonPool().submit(worker);
    }
    worker.run();
    for (ForkJoinTask<?> helper : helpers) {
      helper.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static ByteBuffer buffer(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder());
  }
}
