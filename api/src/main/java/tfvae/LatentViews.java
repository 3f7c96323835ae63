package tfvae;

import java.util.List;
import tfvae.data.Images;
import tfvae.internal.Check;
import tfvae.internal.NormalQuantile;

/**
 * What a trained model shows through its latent space, as arrays to plot: decoded prior draws, decoded interpolations
 * between encodings, the decoded manifold grid, completions of top halves from posterior fits. Plain compositions of
 * {@link TrainedVae} queries; the charts module draws them ({@code VaeFigures}), and your own plots can too. The
 * latent means of images, for a scatter, are {@code model.encode(images).mean()}; a conditional model's draws are
 * {@link ConditionalDraws}.
 *
 * <pre>{@code
 * float[][] digits = LatentViews.priorMeans(model, 20, 0);   // 20 rows of dataDim means, z ~ N(0, I) with seed 0
 * LatentViews.Manifold grid = LatentViews.manifold(model, 20); // 400 decoded means on a 20 x 20 grid of z
 * }</pre>
 */
public final class LatentViews {
  /**
   * Mixed into the seed of {@link #priorMeansAndSamples} ({@link #meansAndSamplesSeed}): prior draws are a stateless
   * function of the seed whose first rows do not depend on how many are drawn, so without it the z of figure 3(a)
   * (10 draws) would be the first ten of figure 2(e) ({@link #priorMeans}, 20 draws) for the same seed.
   */
  public static final long MEANS_AND_SAMPLES_SEED_SALT = 0x3A5EED3A5EED3A5EL;

  private LatentViews() {}

  /**
   * @param seed the seed given to {@link #priorMeansAndSamples}
   * @return the seed its prior draws and its samples use: {@code seed ^ MEANS_AND_SAMPLES_SEED_SALT}
   */
  public static long meansAndSamplesSeed(long seed) { return seed ^ MEANS_AND_SAMPLES_SEED_SALT; }

  /**
   * The decoded means E[x | z] of {@code n} draws z ~ N(0, I) (figure 2(e)).
   *
   * @param model the trained model
   * @param n how many draws
   * @param seed seed of the prior draws, used as it is
   * @return n rows of dataDim means: {@code model.decodeMeans(model.samplePrior(n, seed))}
   */
  public static float[][] priorMeans(TrainedVae model, int n, long seed) {
    return model.decodeMeans(model.samplePrior(n, seed));
  }

  /**
   * For {@code n} draws z ~ N(0, I), the decoded means E[x | z] and one sample x ~ p(x|z) of each (figure 3(a)).
   *
   * @param model the trained model
   * @param n how many draws
   * @param seed the prior draws and the samples use {@link #meansAndSamplesSeed}(seed), so that their z differ from
   *     those of {@link #priorMeans} with the same seed
   * @return the means and the samples, n rows each, row i of both from the same z
   */
  public static MeansAndSamples priorMeansAndSamples(TrainedVae model, int n, long seed) {
    long own = meansAndSamplesSeed(seed);
    float[][] z = model.samplePrior(n, own);
    float[][] means = model.decodeMeans(z);
    return new MeansAndSamples(means, model.sampleImages(z, own));
  }

  /**
   * Decoded means along the straight line between the encoder means of two images, for each pair (figure 3(c)).
   *
   * @param model the trained model
   * @param images the images the pairs index into
   * @param pairs rows of {a, b} indices, e.g. from {@link tfvae.data.Subsets#interpolationPairs}
   * @param steps points per pair, at least 2
   * @return [pair][k] the decoded mean at z = alpha_k z_a + (1 - alpha_k) z_b, alpha_k = k / (steps - 1), z_a and z_b
   *     the means of q(z|x_a) and q(z|x_b): k = 0 decodes z_b, k = steps - 1 decodes z_a
   * @throws InvalidConfigException if steps is below 2
   */
  public static float[][][] interpolation(TrainedVae model, Images images, int[][] pairs, int steps) {
    if (steps < 2) throw new InvalidConfigException("steps must be at least 2, got " + steps);
    float[][][] out = new float[pairs.length][][];
    for (int r = 0; r < pairs.length; r++) {
      float[][] mean = model.encode(images.select(pairs[r][0], pairs[r][1])).mean();
      float[][] z = new float[steps][mean[0].length];
      for (int k = 0; k < steps; k++) {
        double alpha = k / (double) (steps - 1);
        for (int d = 0; d < z[k].length; d++) z[k][d] = (float) (alpha * mean[0][d] + (1 - alpha) * mean[1][d]);
      }
      out[r] = model.decodeMeans(z);
    }
    return out;
  }

  /**
   * The z of the manifold grid along each axis: z_k = Phi^-1((k + 1/2) / n), k = 0 .. n - 1, the medians of n slices
   * of equal prior probability (Kingma and Welling 2014, figure 4, map a regular grid on the unit square through the
   * inverse Gaussian CDF likewise), Phi^-1 by Wichura's algorithm AS 241.
   *
   * @param n points per axis, at least 1
   * @return n increasing values, symmetric about 0
   * @throws InvalidConfigException if n is below 1
   */
  public static double[] manifoldAxis(int n) {
    if (n < 1) throw new InvalidConfigException("n must be at least 1, got " + n);
    double[] z = new double[n];
    for (int k = 0; k < n; k++) z[k] = NormalQuantile.of((k + 0.5) / n);
    return z;
  }

  /**
   * The learned manifold of a 2-D latent (figure 3(d)): the decoded means on the n x n grid of {@link #manifoldAxis}(n).
   *
   * @param model the trained model, with a 2-D latent
   * @param n points per axis, in [2, 40] (20 in Kingma and Welling's figure 4)
   * @return the axis and the n * n means, row-major with z2 decreasing down the rows and z1 increasing along them
   * @throws InvalidConfigException if the latent is not 2-D or n is out of range
   */
  public static Manifold manifold(TrainedVae model, int n) {
    if (model.spec().latent() != 2) throw new InvalidConfigException("manifold needs a 2-D latent, got " + model.spec().latent());
    Check.range("n", n, 2, 40);
    double[] axis = manifoldAxis(n);
    float[][] z = new float[n * n][];
    for (int r = 0; r < n; r++)
      for (int c = 0; c < n; c++) z[r * n + c] = new float[] {(float) axis[c], (float) axis[n - 1 - r]}; // top row: the largest z2
    return new Manifold(axis, model.decodeMeans(z));
  }

  /**
   * Completions of top halves from posterior fits (figure 4(b)): each image's top half (its first height / 2 rows)
   * joined to the bottom half decoded from one z ~ q, and to the predictive mean of the bottom half, the decoded means
   * averaged over {@code samples} draws z ~ q.
   *
   * @param model the trained model
   * @param images the images, with an image shape
   * @param indices which images
   * @param fits q for each image's top half, in the same order
   * @param samples draws of z ~ q per image; the first is the one-draw completion
   * @param seed image r draws with {@code seed + r}
   * @return [r][0] the one-draw completion and [r][1] the predictive-mean completion of image indices[r]
   * @throws InvalidConfigException if fits and indices differ in length
   */
  public static float[][][] topHalfCompletions(TrainedVae model, Images images, int[] indices, List<PosteriorFit> fits, int samples,
      long seed) {
    if (fits.size() != indices.length)
      throw new InvalidConfigException("fits has " + fits.size() + " entries for " + indices.length + " images; pass one per image");
    int top = images.height() / 2 * images.width(), dim = images.dim();
    float[][][] out = new float[indices.length][][];
    for (int r = 0; r < indices.length; r++) {
      float[] original = images.image(indices[r]);
      PosteriorFit q = fits.get(r);
      float[][] means = model.decodeMeans(model.sampleGaussian(q.mean(), q.logStd(), samples, seed + r));
      float[] one = original.clone(), predictive = original.clone();
      for (int d = top; d < dim; d++) {
        one[d] = means[0][d];
        double sum = 0;
        for (float[] m : means) sum += m[d];
        predictive[d] = (float) (sum / means.length);
      }
      out[r] = new float[][] {one, predictive};
    }
    return out;
  }

  /**
   * Decoded means and one sample of each, row i of both from the same z.
   *
   * @param means the decoded means E[x | z]
   * @param samples one x ~ p(x|z) per z
   */
  public record MeansAndSamples(float[][] means, float[][] samples) {}

  /**
   * The decoded manifold grid.
   *
   * @param axis the z on each axis, increasing ({@link #manifoldAxis})
   * @param means axis.length^2 decoded means, row-major, z2 = axis[n - 1 - row] and z1 = axis[col]
   */
  public record Manifold(double[] axis, float[][] means) {}
}
