package io.hicra.nd4j;

import java.lang.reflect.InvocationTargetException;

/**
 * Picks the fused FLOAT kernel once per JVM: the Vector-API kernel when the {@code
 * jdk.incubator.vector} module is in the boot layer (the JVM was started with {@code --add-modules
 * jdk.incubator.vector}) and the kernel class loads, the scalar kernel otherwise. The reason is
 * kept for {@link PolicyLoss#fusedKernelDescription()}.
 *
 * <p>Setting the system property {@code hicra.nd4j.vector=false} forces the scalar kernel; {@code
 * hicra.nd4j.vectorBits=256} (or 128, 512) picks a narrower vector shape than the preferred one.
 */
final class Kernels {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_CLASS = "io.hicra.nd4j.VectorKernel";

  private static final FusedKernel FLOAT_KERNEL;
  private static final String REASON;

  static {
    FusedKernel kernel = ScalarKernel.INSTANCE;
    String reason;
    if (!Boolean.parseBoolean(System.getProperty("hicra.nd4j.vector", "true"))) {
      reason = "system property hicra.nd4j.vector=false";
    } else if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      reason = "module " + VECTOR_MODULE + " not in the boot layer (start the JVM with"
          + " --add-modules " + VECTOR_MODULE + ")";
    } else {
      try {
        kernel = (FusedKernel) Class.forName(VECTOR_CLASS).getConstructor().newInstance();
        reason = "module " + VECTOR_MODULE + " present";
      } catch (ClassNotFoundException
          | NoSuchMethodException
          | InstantiationException
          | IllegalAccessException
          | InvocationTargetException
          | LinkageError e) {
        reason = VECTOR_CLASS + " failed to load: " + e;
      }
    }
    FLOAT_KERNEL = kernel;
    REASON = reason;
  }

  private Kernels() {}

  /** The fused kernel for FLOAT arrays. */
  static FusedKernel floatKernel() {
    return FLOAT_KERNEL;
  }

  /** The scalar kernel, for tests comparing the two. */
  static FusedKernel scalarKernel() {
    return ScalarKernel.INSTANCE;
  }

  /** Which FLOAT kernel runs and why. */
  static String description() {
    return FLOAT_KERNEL.name() + " (" + REASON + ")";
  }
}
