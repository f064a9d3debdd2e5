package io.hicra.metrics;

/**
 * Argument checks for the public boundary of this module. Passing checks allocate nothing: the
 * message is built only on failure, and every overload takes primitives.
 */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  static void sameLength(int actual, int expected, String name, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          name + " has length " + actual + " but " + what + " is " + expected);
    }
  }

  static int nonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  static double openUnit(double value, String name) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
    }
    return value;
  }

  static double finite(double value, String name) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    return value;
  }

  static void finite(double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not finite");
      }
    }
  }

  /** Fails naming {@code name[index]} and the value; call only when the value is bad. */
  static IllegalArgumentException badElement(String name, int index, double value, String rule) {
    return new IllegalArgumentException(name + "[" + index + "] = " + value + " " + rule);
  }

  /** Integer overload of {@link #badElement(String, int, double, String)}. */
  static IllegalArgumentException badElement(String name, int index, long value, String rule) {
    return new IllegalArgumentException(name + "[" + index + "] = " + value + " " + rule);
  }

  /** Checks {@code [offset, offset + length)} lies inside an array of {@code arrayLength}. */
  static void range(int offset, long length, int arrayLength, String name) {
    if (offset < 0 || length < 0 || offset + length > arrayLength) {
      throw new IllegalArgumentException(
          name + " range [" + offset + ", " + (offset + length) + ") is not inside [0, "
              + arrayLength + ")");
    }
  }
}
