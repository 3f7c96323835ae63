package tfvae;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * log p(x) of a set of images by quadrature over a 2-D latent grid.
 *
 * <p>The grid's spacing is halved until the largest error estimate is under the tolerance. The refinement also
 * stops when the next grid would be finer than the smallest spacing or larger than the largest grid the quadrature
 * allows; then the tolerance was not met, {@link #converged()} is false and {@link #stoppedBy()} says which bound
 * stopped it. {@link #summary()} says all of this in one line, for a log or a report.
 *
 * @param logP log p(x) of each image, in nats
 * @param errors |difference| from the estimate on a grid of twice the spacing, per image, in nats
 * @param spacing the final grid spacing
 * @param points grid points of the final grid
 * @param tolerance the largest error asked for, in nats
 * @param stoppedBy what ended the refinement: {@link Stop#TOLERANCE_MET} when it converged
 */
public record Evidence(double[] logP, double[] errors, double spacing, int points, double tolerance, Stop stoppedBy) {
  /** What ended the refinement of the grid. */
  public enum Stop {
    /** Every image's error estimate is under the tolerance. */
    TOLERANCE_MET("converged"),
    /** Halving the spacing again would go below the smallest spacing allowed. */
    MIN_SPACING("stopped early at the smallest spacing"),
    /** Halving the spacing again would give more grid points than allowed. */
    MAX_POINTS("stopped early at the largest grid");

    private final String text;

    Stop(String text) { this.text = text; }

    /** @return a few words for a message, e.g. "stopped early at the smallest spacing" */
    public String text() { return text; }
  }

  /** @return true if every error estimate is under the tolerance, i.e. {@link #stoppedBy()} is {@link Stop#TOLERANCE_MET} */
  public boolean converged() { return stoppedBy == Stop.TOLERANCE_MET; }

  /**
   * @param from first example, inclusive
   * @param to last example, exclusive
   * @return the estimates of examples {@code from .. to-1}, with this quadrature's settings
   * @throws IndexOutOfBoundsException if the range is not within [0, examples]
   */
  public Evidence slice(int from, int to) {
    if (from < 0 || to > logP.length || from > to)
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") is outside [0, " + logP.length + ")");
    return new Evidence(Arrays.copyOfRange(logP, from, to), Arrays.copyOfRange(errors, from, to), spacing, points, tolerance, stoppedBy);
  }

  /**
   * @param indices the examples to take, in order (as {@link tfvae.data.Images#select} takes them)
   * @return their estimates, with this quadrature's settings
   * @throws IndexOutOfBoundsException if an index is outside [0, examples)
   */
  public Evidence select(int... indices) {
    double[] l = new double[indices.length], e = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      l[k] = logP[Objects.checkIndex(indices[k], logP.length)];
      e[k] = errors[indices[k]];
    }
    return new Evidence(l, e, spacing, points, tolerance, stoppedBy);
  }

  /** @return the mean of {@link #logP()} */
  public double mean() {
    double s = 0;
    for (double v : logP) s += v / logP.length;
    return s;
  }

  /** @return the largest error estimate */
  public double maxError() {
    double m = 0;
    for (double v : errors) m = Math.max(m, v);
    return m;
  }

  /**
   * @return one line, e.g. "quadrature converged: largest error estimate 3.2e-07 nats, tolerance 0.01, spacing
   *     0.025, 384857 points", or "quadrature stopped early at the smallest spacing: largest error estimate 0.02
   *     nats, above the tolerance 0.01, spacing 0.00625, 1234567 points"
   */
  public String summary() {
    return String.format(Locale.ROOT, "quadrature %s: largest error estimate %.2g nats, %stolerance %.3g, spacing %.3g, %d points",
        stoppedBy.text(), maxError(), converged() ? "" : "above the ", tolerance, spacing, points);
  }

  /** @return for example {@code Evidence[1000 examples, mean log p -156.15 nats; quadrature converged: ...]} */
  @Override public String toString() {
    return String.format(Locale.ROOT, "Evidence[%d examples, mean log p %.2f nats; %s]", logP.length, mean(), summary());
  }
}
