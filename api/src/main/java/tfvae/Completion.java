package tfvae;

import java.util.ArrayList;
import java.util.List;

/** The posterior predictive mean behind {@link TrainedVae#complete}: exact on a 2-D grid, else over SVI draws. */
final class Completion {
  /** Grid points lighter than this share of the posterior mass are left out (at most 1e-5 of it in all). */
  static final double NEGLIGIBLE_WEIGHT = 1e-9;
  private static final int DECODE_CHUNK = 4096;

  private Completion() {}

  static float[] predictiveMean(TrainedVae model, float[] x, Mask mask, int samples, long seed) {
    if (model.spec().latent() != 2) {
      if (samples < 1) throw new InvalidConfigException("samples must be at least 1, got " + samples);
      PosteriorFit q = model.fitPosterior(x, mask, SviOptions.builder().samples(200).seed(seed).build());
      return mean(model.decodeMeans(model.sampleGaussian(q.mean(), q.logStd(), samples, seed)), x.length);
    }
    GridPosterior p = model.exactPosterior(x, mask, null);
    double dx = p.xs()[1] - p.xs()[0], dy = p.ys()[1] - p.ys()[0];
    List<float[]> points = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int j = 0; j < p.ys().length; j++)
      for (int i = 0; i < p.xs().length; i++) {
        double w = Math.exp(p.logDensity()[j][i]) * dx * dy;
        if (w > NEGLIGIBLE_WEIGHT) {
          points.add(new float[] {(float) p.xs()[i], (float) p.ys()[j]});
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
    return out;
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
