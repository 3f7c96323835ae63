package tfvae.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.Evidence;

/**
 * The exact log p(x | c) of a conditional model with a 2-D latent: the examples grouped by their condition (a label's
 * K classes give K groups), each group's quadrature run on kernels that decode every grid point under its c
 * ({@link Quadrature#evidence}), the results put back in the examples' order. Of the groups' grids it reports the finest
 * spacing, the largest point count and the first stop that was not convergence.
 */
final class ConditionalEvidence {
  private ConditionalEvidence() {}

  /**
   * @param grid the model's grid kernels
   * @param c the condition of each of the n examples [n][C]
   * @param obs the observed values, row-major [n, m]
   * @param cols the observed columns [m]
   * @param tolerance the largest error asked for, in nats
   * @return log p(x_obs | c) of each example
   */
  static Evidence of(GridKernels grid, float[][] c, float[] obs, int[] cols, double tolerance) {
    int n = c.length, m = cols.length;
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) groups.computeIfAbsent(Arrays.toString(c[i]), k -> new ArrayList<>()).add(i);
    double[] logP = new double[n], errors = new double[n];
    double spacing = 0.05;
    int points = 0;
    Evidence.Stop stop = Evidence.Stop.TOLERANCE_MET;
    for (List<Integer> members : groups.values()) {
      float[] sub = new float[members.size() * m];
      for (int k = 0; k < members.size(); k++) System.arraycopy(obs, members.get(k) * m, sub, k * m, m);
      Evidence e;
      try (GridKernels.Conditioned given = grid.given(c[members.get(0)])) {
        e = Quadrature.evidence(given.kernels(), sub, members.size(), cols, tolerance);
      }
      for (int k = 0; k < members.size(); k++) {
        logP[members.get(k)] = e.logP()[k];
        errors[members.get(k)] = e.errors()[k];
      }
      spacing = Math.min(spacing, e.spacing());
      points = Math.max(points, e.points());
      if (stop == Evidence.Stop.TOLERANCE_MET) stop = e.stoppedBy();
    }
    return new Evidence(logP, errors, spacing, points, tolerance, stop);
  }
}
