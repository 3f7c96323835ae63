package tfvae;

import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.internal.Check;

/**
 * KL(q(z|x) || p(z|x)) of the encoder, exact for a 2-D latent: log p(x) by the model's grid quadrature minus the
 * ELBO by Gauss-Hermite quadrature ({@link ExactElbo}), both per image, then averaged over the images. ELBO = log p(x)
 * - KL, so the KL is what the ELBO misses of log p(x).
 *
 * <pre>{@code
 * PosteriorKl kl = PosteriorKl.measure(model, images, 8, 0.01);   // 8 Gauss-Hermite nodes per axis, grid to 0.01 nats
 * System.out.printf("KL %.4f +- %.1e nats%n", kl.kl(), kl.klError());
 * }</pre>
 *
 * @param images the number of images
 * @param elbo the mean exact ELBO
 * @param logP the mean exact log p(x)
 * @param kl the mean KL, {@code logP - elbo}
 * @param klError estimated error of the mean KL (not a rigorous bound): {@code ghError + evidenceError}
 * @param minKl the smallest per-image KL (negative beyond its error would mean a bug)
 * @param ghError the mean error estimate of the ELBO
 * @param evidenceError the mean grid error estimate of log p(x)
 * @param elboSeconds the seconds of the encoder and the ELBO's quadrature
 * @param evidenceSeconds the seconds of log p(x)'s quadrature (0 when it was given)
 */
public record PosteriorKl(int images, double elbo, double logP, double kl, double klError, double minKl, double ghError,
    double evidenceError, double elboSeconds, double evidenceSeconds) {
  /**
   * The KL with the ELBO by the rule of {@code nodes} per axis, its error from the rule of {@code nodes - 2}.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param nodes Gauss-Hermite nodes per axis, in [3, 256]
   * @param evidenceTolerance the grid tolerance of log p(x), in nats per image
   * @return the measurement
   */
  public static PosteriorKl measure(TrainedVae model, Images images, int nodes, double evidenceTolerance) {
    Check.range("nodes", nodes, 3, ExactElbo.MAX_NODES);
    long t0 = System.nanoTime();
    ExactElbo.Estimate e = ExactElbo.ofEncoder(model, images, nodes, nodes - 2);
    return of(model, images, e, null, evidenceTolerance, t0);
  }

  /**
   * The KL with the ELBO to {@code elboTolerance} nats per image ({@link ExactElbo#refined}, up to {@code maxNodes}
   * per axis) and the images' exact log p(x) already measured.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param measured their exact log p(x), one per image
   * @param elboTolerance the ELBO's tolerance, in nats per image
   * @param maxNodes the finest Gauss-Hermite rule, in nodes per axis
   * @return the measurement
   */
  public static PosteriorKl measure(TrainedVae model, Images images, Evidence measured, double elboTolerance, int maxNodes) {
    if (measured.logP().length != images.count())
      throw new InvalidConfigException("the evidence has " + measured.logP().length + " values for " + images.count()
          + " images; measure it on the same images");
    long t0 = System.nanoTime();
    Encoding enc = model.encode(images);
    ExactElbo.Estimate e = ExactElbo.refined(model, images, enc.mean(), enc.logStd(), elboTolerance, maxNodes);
    return of(model, images, e, measured, Double.NaN, t0);
  }

  private static PosteriorKl of(TrainedVae model, Images images, ExactElbo.Estimate gh, @Nullable Evidence measured, double tolerance,
      long t0) {
    long t1 = System.nanoTime();
    Evidence ev = measured != null ? measured : model.logEvidence(images, Mask.all(model.spec().dataDim()), tolerance);
    long t2 = System.nanoTime();
    int n = images.count();
    double elbo = 0, logP = 0, ghErr = 0, evErr = 0, minKl = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      elbo += gh.elbo()[i] / n;
      logP += ev.logP()[i] / n;
      ghErr += gh.error()[i] / n;
      evErr += ev.errors()[i] / n;
      minKl = Math.min(minKl, ev.logP()[i] - gh.elbo()[i]);
    }
    return new PosteriorKl(n, elbo, logP, logP - elbo, ghErr + evErr, minKl, ghErr, evErr, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  /**
   * Consecutive measurements (from, to): whether the mean ELBO and the mean KL both rose, beyond the KL's error.
   *
   * @param from the first one's epoch
   * @param to the second one's epoch
   * @param elboChange the change of the mean ELBO
   * @param klChange the change of the mean KL
   * @param klChangeError the sum of both KL error estimates
   */
  public record Change(int from, int to, double elboChange, double klChange, double klChangeError) {
    /**
     * @param from the first measurement's epoch
     * @param a the first measurement
     * @param to the second one's epoch
     * @param b the second measurement
     * @return the change from a to b
     */
    public static Change of(int from, PosteriorKl a, int to, PosteriorKl b) {
      return new Change(from, to, b.elbo() - a.elbo(), b.kl() - a.kl(), a.klError() + b.klError());
    }

    /** @return whether the ELBO and the KL both rose */
    public boolean bothRose() { return elboChange > 0 && klChange > 0; }

    /** @return whether both rose and the KL's rise exceeds its error estimate */
    public boolean beyondError() { return bothRose() && klChange > klChangeError; }
  }
}
