package io.hicra.core;

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

  static void finite(double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not finite");
      }
    }
  }

  static void finite(float[] values, int from, int to, String name) {
    for (int i = from; i < to; i++) {
      float v = values[i];
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not finite");
      }
    }
  }

  static void sameLength(int actual, int expected, String name, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          name + " has length " + actual + " but " + what + " is " + expected);
    }
  }

  static void atLeastLength(int actual, int required, String name, String what) {
    if (actual < required) {
      throw new IllegalArgumentException(
          name + " has length " + actual + " but " + what + " needs at least " + required);
    }
  }

  static double inClosedRange(double value, double lo, double hi, String name) {
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "], got " + value);
    }
    return value;
  }

  static double inHalfOpenRange(double value, double lo, double hi, String name) {
    if (!(value > lo && value <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in (" + lo + ", " + hi + "], got " + value);
    }
    return value;
  }

  static double nonNegativeFinite(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  static int nonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  static void index(int index, int size, String name) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(name + " " + index + " is outside [0, " + size + ")");
    }
  }
}
