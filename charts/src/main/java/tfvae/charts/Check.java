package tfvae.charts;

import java.util.Objects;

/**
 * Argument checks shared by the figures; messages read {@code <field> must be <constraint>, got <value>}, the shape of
 * the library's own checks. Kept here, private to charts: the library's checker is internal (charts uses only the
 * public API) and throws the model's {@code InvalidConfigException}, while a figure's bad argument is the caller's
 * programming error, an {@link IllegalArgumentException} as in JFreeChart's {@code Args}.
 */
final class Check {
  private Check() {}

  static <T> T notNull(String field, T value) {
    return Objects.requireNonNull(value, () -> field + " must not be null");
  }

  static int positive(String field, int value) {
    if (value < 1) throw new IllegalArgumentException(field + " must be positive, got " + value);
    return value;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " must be finite, got " + value);
    return value;
  }

  /** Checks {@code lo < hi}, both finite. */
  static void interval(String field, double lo, double hi) {
    finite(field + " lower bound", lo);
    finite(field + " upper bound", hi);
    if (!(lo < hi)) throw new IllegalArgumentException(field + " must have lower < upper, got [" + lo + ", " + hi + "]");
  }
}
