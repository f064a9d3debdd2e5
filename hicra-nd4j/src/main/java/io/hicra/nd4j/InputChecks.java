package io.hicra.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Value checks. The hot paths only detect bad values (a NaN in a running sum); the methods here
 * run on the cold path to name the array, the first bad index and the value.
 */
final class InputChecks {
  private InputChecks() {}

  /**
   * Throws for the first non-finite element of the inputs or the first mask value that is not 0
   * or 1. Returns normally only if there is none. Reference log-probs count only when {@code
   * useReference} (the configuration has a KL term); unused inputs are not checked.
   */
  static void explain(PolicyLossInputs in, boolean useReference) {
    firstNonFinite(in.logpNew(), "logpNew");
    firstNonFinite(in.logpOld(), "logpOld");
    firstNonFinite(in.advantages(), "advantages");
    if (useReference && in.logpRef() != null) {
      firstNonFinite(in.logpRef(), "logpRef");
    }
    if (in.mask() != null) {
      firstNotBinary(in.mask(), "mask");
    }
  }

  /** Device-side counts first (no host copy), the element scan only on failure. */
  static void checkWithOps(PolicyLossInputs in, boolean useReference) {
    checkFinite(in.logpNew(), "logpNew");
    checkFinite(in.logpOld(), "logpOld");
    checkFinite(in.advantages(), "advantages");
    if (useReference && in.logpRef() != null) {
      checkFinite(in.logpRef(), "logpRef");
    }
    INDArray mask = in.mask();
    if (mask != null) {
      long zeros = count(mask, Conditions.equals(0));
      long ones = count(mask, Conditions.equals(1));
      if (zeros + ones != mask.length()) {
        firstNotBinary(mask, "mask");
      }
    }
  }

  /** Throws naming the first non-finite element of {@code a}, if any (device-side count first). */
  static void checkFinite(INDArray a, String name) {
    if (count(a, Conditions.notFinite()) != 0) {
      firstNonFinite(a, name);
    }
  }

  /** Number of non-finite elements (a device-side reduction). */
  static long countNonFinite(INDArray a) {
    return count(a, Conditions.notFinite());
  }

  private static long count(INDArray a, org.nd4j.linalg.indexing.conditions.Condition c) {
    return Nd4j.getExecutioner().exec(new MatchCondition(a, c)).getLong(0);
  }

  private static void firstNonFinite(INDArray a, String name) {
    INDArray flat = a.reshape(a.length());
    for (long i = 0; i < flat.length(); i++) {
      double v = flat.getDouble(i);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            name + index(a, i) + " = " + v + " is not finite (shape "
                + Arrays.toString(a.shape()) + ")");
      }
    }
  }

  private static void firstNotBinary(INDArray a, String name) {
    INDArray flat = a.reshape(a.length());
    for (long i = 0; i < flat.length(); i++) {
      double v = flat.getDouble(i);
      if (v != 0.0 && v != 1.0) {
        throw new IllegalArgumentException(
            name + index(a, i) + " = " + v + " is neither 0 nor 1 (shape "
                + Arrays.toString(a.shape()) + ")");
      }
    }
  }

  /** {@code [i]} or {@code [row, column]} for a C-order linear index. */
  static String index(INDArray a, long linear) {
    long[] shape = a.shape();
    if (shape.length < 2) {
      return "[" + linear + "]";
    }
    long[] idx = new long[shape.length];
    long rest = linear;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest /= shape[d];
    }
    StringBuilder sb = new StringBuilder("[");
    for (int d = 0; d < idx.length; d++) {
      if (d > 0) {
        sb.append(", ");
      }
      sb.append(idx[d]);
    }
    return sb.append(']').toString();
  }
}
