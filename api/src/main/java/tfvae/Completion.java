package tfvae;

import java.util.ArrayList;
import java.util.List;

/** The posterior predictive mean behind {@link TrainedVae#completion}: exact on a 2-D grid, else over SVI draws. */
final class Completion {
  /** Grid points lighter than this share of the posterior mass are left out (at most 1e-5 of it in all). */
  static final double NEGLIGIBLE_WEIGHT = 1e-9;
  private static final int DECODE_CHUNK = 4096;
  /** Where a completion on an unconverged grid is reported (WARNING). */
  private static final System.Logger LOG = System.getLogger("tfvae.completion");

  private Completion() {}

  /**
   * @return the posterior predictive mean of every value (observed ones too), whether the grid it rests on converged
   *     (true without a grid), and the grid's error (0 without one)
   */
  static Completed predictiveMean(TrainedVae model, float[] x, Mask mask, int samples, long seed) {
    if (samples < 1)
      throw new InvalidConfigException("samples must be at least 1, got " + samples + " (the draws from q when the latent is not 2-D)");
    if (model.spec().latent() != 2) {
      PosteriorFit q = model.fitPosterior(x, mask, SviOptions.builder().samples(200).seed(seed).build());
      return new Completed(mean(model.decodeMeans(model.sampleGaussian(q.mean(), q.logStd(), samples, seed)), x.length), true, 0);
    }
    GridPosterior p = model.exactPosterior(x, mask, null);
    if (!p.converged())
      LOG.log(System.Logger.Level.WARNING, String.format(java.util.Locale.ROOT, "completion: the exact posterior's grid stopped at its"
          + " largest size (%d x %d points), error estimate %.2g nats, above the tolerance %.2g: the completion rests on a grid that did not"
          + " converge (a sharp posterior; scaling the data helps)", p.xs().length, p.ys().length, p.error(), p.tolerance()));
    double[] xs = p.xs(), ys = p.ys(); // each accessor copies: taken once, outside the loops
    double[][] logDensity = p.logDensity();
    double dx = xs[1] - xs[0], dy = ys[1] - ys[0];
    List<float[]> points = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        double w = Math.exp(logDensity[j][i]) * dx * dy;
        if (w > NEGLIGIBLE_WEIGHT) {
          points.add(new float[] {(float) xs[i], (float) ys[j]});
          weights.add(w);
        }
      }
    double[] sum = new double[x.length];
    double total = 0;
    for (int from = 0; from < points.size(); from += DECODE_CHUNK) {
      int to = Math.min(points.size(), from + DECODE_CHUNK);
      float[][] means = model.decodeMeans(points.subList(from, to).toArray(new float[0][]));
      for (int k = 0; k < means.length; k++) {
        double w = weights.get(from + k);
        total += w;
        for (int d = 0; d < x.length; d++) sum[d] += w * means[k][d];
      }
    }
    float[] out = new float[x.length];
    for (int d = 0; d < x.length; d++) out[d] = (float) (sum[d] / total);
    return new Completed(out, p.converged(), p.error());
  }

  private static float[] mean(float[][] rows, int dim) {
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) {
      double s = 0;
      for (float[] r : rows) s += r[d];
      out[d] = (float) (s / rows.length);
    }
    return out;
  }
}
