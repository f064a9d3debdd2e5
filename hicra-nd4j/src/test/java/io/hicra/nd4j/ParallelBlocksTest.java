package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fused path's blocks of rows: how the batch is cut, that every block runs once on any
 * number of threads, and that results are bit for bit the same for every thread count and agree
 * with the double-precision scalar kernel on batches of many blocks.
 */
class ParallelBlocksTest {
  private static final int B = FusedPath.BLOCK_TOKENS;

  @Test
  void rowsAreCutOnceABlockHasEnoughTokens() {
    // 40k + 40k reaches 64Ki, so row 2 starts a block; 40k + 10 + 70k is the last block.
    assertThat(FusedPath.blocks(new int[] {40_000, 40_000, 40_000, 10, 70_000}))
        .containsExactly(0, 2, 5);
    assertThat(FusedPath.blocks(new int[] {B, B, 1})).containsExactly(0, 1, 2, 3);
    assertThat(FusedPath.blocks(new int[] {B - 1, 1, 0, 5})).containsExactly(0, 2, 4);
    assertThat(FusedPath.blocks(new int[] {7})).containsExactly(0, 1);
    assertThat(FusedPath.blocks(new int[0])).containsExactly(0, 0);
  }

  @Property(tries = 300)
  void everyBlockButTheLastIsMinimalAndLargeEnough(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 100_000) Integer> lengths) {
    int[] len = lengths.stream().mapToInt(Integer::intValue).toArray();
    int[] starts = FusedPath.blocks(len);
    assertThat(starts[0]).isZero();
    assertThat(starts[starts.length - 1]).isEqualTo(len.length);
    for (int k = 0; k + 1 < starts.length; k++) {
      assertThat(starts[k + 1]).isGreaterThan(starts[k]);
      long tokens = 0;
      for (int b = starts[k]; b < starts[k + 1]; b++) {
        tokens += len[b];
      }
      if (k + 2 < starts.length) {
        // Large enough, and without its last row it would not be.
        assertThat(tokens).isGreaterThanOrEqualTo(B);
        assertThat(tokens - len[starts[k + 1] - 1]).isLessThan(B);
      }
    }
  }

  @Property(tries = 50)
  void everyBlockRunsExactlyOnce(
      @ForAll @IntRange(min = 0, max = 200) int blocks, @ForAll @IntRange(min = 1, max = 8) int threads) {
    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(blocks, 1));
    FusedPath.forEachBlock(blocks, threads, runs::incrementAndGet);
    for (int k = 0; k < blocks; k++) {
      assertThat(runs.get(k)).as("block %d", k).isEqualTo(1);
    }
  }

  @Test
  void aFailingBlockOnTheCallingThreadFailsTheCall() {
    assertThatThrownBy(() -> FusedPath.forEachBlock(64, 1, k -> {
      if (k == 5) {
        throw new IllegalStateException("block " + k);
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("block 5");
  }

  @Test
  void aFailingBlockOnAPoolThreadFailsTheCallWithItsOwnException() throws Exception {
    // The calling thread waits in its first block until a pool thread has taken one, and the
    // pool thread's first block throws: the call must rethrow that exception itself, not the
    // wrapped copy ForkJoinTask.join makes on the joining thread.
    Thread caller = Thread.currentThread();
    CountDownLatch poolStarted = new CountDownLatch(1);
    AtomicReference<IllegalStateException> thrown = new AtomicReference<>();
    assertThatThrownBy(() -> FusedPath.forEachBlock(64, 2, k -> {
      if (Thread.currentThread() != caller) {
        poolStarted.countDown();
        if (thrown.get() == null) {
          thrown.set(new IllegalStateException("block " + k));
          throw thrown.get();
        }
      } else {
        try {
          poolStarted.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    })).isSameAs(thrown.get());
    assertThat(thrown.get()).isNotNull();
  }

  @Test
  void resultsAreIdenticalForEveryThreadCount() {
    // 24 rows of up to 12,000 tokens: several blocks.
    TestBatch batch = new TestBatch(91, 24, 12_000, 1, true);
    assertThat(FusedPath.blocks(lengths(batch.rows, batch.width)).length - 1).isGreaterThan(3);
    for (PolicyLossConfig base : List.of(
        PolicyLossConfig.defaults(),
        PolicyLossConfig.builder().dualClip().kl(KlEstimator.K3, 0.05).build())) {
      for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
        PolicyLossResult one = PolicyLoss.of(base.toBuilder().threads(1).build())
            .compute(batch.inputs(base, dt, false));
        for (int threads : new int[] {2, 3, 8, 0}) {
          PolicyLossConfig c = base.toBuilder().threads(threads).build();
          PolicyLossResult r = PolicyLoss.of(c).compute(batch.inputs(c, dt, false));
          assertThat(r.loss()).as("%s threads, %s", threads, dt).isEqualTo(one.loss());
          // A record: equals compares doubles bit for bit (NaN equals NaN).
          assertThat(r.stats()).isEqualTo(one.stats());
          assertThat(r.gradLogpNew().toDoubleMatrix()).isDeepEqualTo(one.gradLogpNew().toDoubleMatrix());
        }
      }
    }
  }

  @Test
  void manyBlocksAgreeWithTheDoubleScalarKernel() {
    TestBatch batch = new TestBatch(17, 20, 16_000, 1, true);
    PolicyLossConfig config = PolicyLossConfig.builder().kl(KlEstimator.K2, 0.1).threads(2).build();
    PolicyLoss loss = PolicyLoss.of(config);
    PolicyLossResult exact =
        loss.computeFused(batch.inputs(config, DataType.DOUBLE, false), Kernels.scalarKernel());
    PolicyLossResult vector =
        loss.computeFused(batch.inputs(config, DataType.FLOAT, false), Kernels.floatKernel());
    EngineAgreementTest.assertClose(vector, exact, 2e-5);
  }

  @Test
  void threadsAreValidated() {
    assertThatThrownBy(() -> PolicyLossConfig.builder().threads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads").hasMessageContaining("-1");
    assertThatThrownBy(() -> PolicyLossConfig.builder().threads(1025))
        .hasMessageContaining("1025");
    PolicyLossConfig four = PolicyLossConfig.builder().threads(4).build();
    assertThat(four.threads()).isEqualTo(4);
    assertThat(four).isNotEqualTo(PolicyLossConfig.defaults());
    assertThat(four.toBuilder().build()).isEqualTo(four);
    assertThat(four.toString()).contains("threads=4");
    assertThat(PolicyLossConfig.defaults().toString()).contains("threads=all");
  }

  private static int[] lengths(int rows, int width) {
    int[] out = new int[rows];
    java.util.Arrays.fill(out, width);
    return out;
  }
}
