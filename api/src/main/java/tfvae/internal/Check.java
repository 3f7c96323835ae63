package tfvae.internal;

import tfvae.InvalidConfigException;

/**
 * Argument checks with one message shape: {@code <field> must be <constraint>, got <value>}.
 * Internal: not part of the public API.
 */
public final class Check {
  private Check() {}

  /**
   * @param field the name the message gives the value
   * @param value the value to check
   * @param lo the smallest allowed value
   * @param hi the largest allowed value
   * @return {@code value} when it lies in [lo, hi]
   * @throws InvalidConfigException otherwise
   */
  public static int range(String field, int value, int lo, int hi) {
    if (value < lo || value > hi) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "], got " + value);
    return value;
  }

  /**
   * @param field the name the message gives the value
   * @param value the value to check
   * @param lo the smallest allowed value
   * @param hi the largest allowed value
   * @return {@code value} when it lies in [lo, hi]
   * @throws InvalidConfigException otherwise
   */
  public static long range(String field, long value, long lo, long hi) {
    if (value < lo || value > hi) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "], got " + value);
    return value;
  }

  /**
   * @param field the name the message gives the value
   * @param value the value to check
   * @param hi the largest allowed value
   * @return {@code value} when it lies in (0, hi]
   * @throws InvalidConfigException otherwise (NaN included)
   */
  public static double positive(String field, double value, double hi) {
    if (!(value > 0 && value <= hi)) throw new InvalidConfigException(field + " must be in (0, " + hi + "], got " + value);
    return value;
  }

  /**
   * @param field the name the message gives the value
   * @param value the value to check
   * @param lo the smallest allowed value
   * @param hi the bound, excluded
   * @return {@code value} when it lies in [lo, hi)
   * @throws InvalidConfigException otherwise (NaN included)
   */
  public static double halfOpen(String field, double value, double lo, double hi) {
    if (!(value >= lo && value < hi)) throw new InvalidConfigException(field + " must be in [" + lo + ", " + hi + "), got " + value);
    return value;
  }

  /**
   * @param <T> the value's type
   * @param field the name the message gives the value
   * @param value the value to check
   * @return {@code value} when it is not null
   * @throws InvalidConfigException if it is null
   */
  public static <T> T notNull(String field, T value) {
    if (value == null) throw new InvalidConfigException(field + " must not be null");
    return value;
  }
}
