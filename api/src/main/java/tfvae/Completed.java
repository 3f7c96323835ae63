package tfvae;

import java.util.Arrays;

/**
 * A completed example ({@link TrainedVae#completion}) and how far to trust it: with a 2-D latent the completion is
 * exact on {@link TrainedVae#exactPosterior}'s grid, and says whether that grid met its tolerance.
 *
 * @param values the example with every unobserved value replaced by its posterior predictive mean, {@code dataDim}
 *     values (a copy on the way in and out)
 * @param converged false when the completion rests on a grid that stopped at its largest size before meeting its
 *     tolerance (a sharp posterior: the weights may miss mass); true with a 2-D latent whose grid converged, and for
 *     any other latent (no grid: SVI draws)
 * @param gridError the grid's error estimate of the log evidence, in nats, or 0 when there is no grid
 */
public record Completed(float[] values, boolean converged, double gridError) {
  /**
   * @param values the completed example, copied
   * @param converged whether the grid met its tolerance (true without a grid)
   * @param gridError the grid's error estimate in nats, 0 without a grid
   */
  public Completed {
    values = values.clone();
  }

  /** @return a copy of the completed values */
  @Override public float[] values() { return values.clone(); }

  @Override public boolean equals(Object o) {
    return o instanceof Completed c && Arrays.equals(values, c.values) && converged == c.converged
        && Double.compare(gridError, c.gridError) == 0;
  }

  @Override public int hashCode() { return 31 * Arrays.hashCode(values) + Boolean.hashCode(converged) + Double.hashCode(gridError); }

  @Override public String toString() {
    return "Completed[" + values.length + " values, " + (converged ? "converged" : "grid not converged") + ", gridError " + gridError + "]";
  }
}
