package tfvae;

import java.util.Arrays;
import java.util.Locale;

/**
 * The encoder's output for a batch of images: q(z|x) = N(mean, diag(exp(logStd))^2). An honest value: it copies
 * its arrays in and out, and compares and prints by content.
 *
 * @param mean one row of {@code latent} means per image
 * @param logStd one row of {@code latent} log standard deviations per image
 */
public record Encoding(float[][] mean, float[][] logStd) {
  /**
   * @param mean one row of means per image
   * @param logStd one row of log standard deviations per image, shaped as {@code mean}
   * @throws InvalidConfigException if the two are null or differ in shape, or rows differ in length
   */
  public Encoding {
    if (mean == null || logStd == null) throw new InvalidConfigException("mean and logStd must not be null");
    if (mean.length != logStd.length)
      throw new InvalidConfigException("mean has " + mean.length + " rows but logStd has " + logStd.length);
    for (int i = 0; i < mean.length; i++)
      if (mean[i].length != mean[0].length || logStd[i].length != mean[0].length)
        throw new InvalidConfigException("row " + i + " of the encoding has " + mean[i].length + " means and " + logStd[i].length
            + " log-stds; every row needs " + mean[0].length + " of each");
    mean = copy(mean);
    logStd = copy(logStd);
  }

  /** @return a copy of the means, one row per image */
  @Override public float[][] mean() { return copy(mean); }

  /** @return a copy of the log standard deviations, one row per image */
  @Override public float[][] logStd() { return copy(logStd); }

  /** @return the number of images encoded */
  public int count() { return mean.length; }

  @Override public boolean equals(Object o) {
    return o instanceof Encoding e && Arrays.deepEquals(mean, e.mean) && Arrays.deepEquals(logStd, e.logStd);
  }

  @Override public int hashCode() { return 31 * Arrays.deepHashCode(mean) + Arrays.deepHashCode(logStd); }

  /** @return the size and the first rows, e.g. {@code Encoding[3 images, latent 2: mean (0.12, -1.30) log-std (-2.10, -1.95), ...]} */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("Encoding[").append(mean.length).append(mean.length == 1 ? " image" : " images");
    if (mean.length > 0) b.append(", latent ").append(mean[0].length).append(':');
    for (int i = 0; i < Math.min(3, mean.length); i++)
      b.append(i == 0 ? " " : "; ").append("mean ").append(row(mean[i])).append(" log-std ").append(row(logStd[i]));
    return b.append(mean.length > 3 ? "; ...]" : "]").toString();
  }

  private static String row(float[] v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[i]));
    return b.append(')').toString();
  }

  private static float[][] copy(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
    return out;
  }
}
