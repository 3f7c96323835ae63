package tfvae.internal;

import tfvae.InvalidConfigException;

/**
 * Argument checks with one message shape: {@code <field> must be <constraint>, got <value>}.
 * Internal: not part of the public API.
 */
public final class Check {
  private Check() {}

  /** @return {@code value} when it lies in [lo, hi] */
  public static int range(String field, int value, int lo, int hi) {
    if (value < lo || value > hi) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "], got " + value);
    return value;
  }

  /** @return {@code value} when it lies in [lo, hi] */
  public static long range(String field, long value, long lo, long hi) {
    if (value < lo || value > hi) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "], got " + value);
    return value;
  }

  /** @return {@code value} when it is finite and lies in (0, hi] */
  public static double positive(String field, double value, double hi) {
    if (!(value > 0 && value <= hi)) throw new InvalidConfigException(field + " must be in (0, " + hi + "], got " + value);
    return value;
  }

  /** @return {@code value} when it lies in [lo, hi) */
  public static double halfOpen(String field, double value, double lo, double hi) {
    if (!(value >= lo && value < hi)) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "), got " + value);
    return value;
  }

  /** @return {@code value} when it is not null */
  public static <T> T notNull(String field, T value) {
    if (value == null) throw new InvalidConfigException(field + " must not be null");
    return value;
  }
}
