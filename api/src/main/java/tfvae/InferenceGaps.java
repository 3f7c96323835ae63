package tfvae;

import java.util.List;
import tfvae.data.Images;
import tfvae.internal.Check;

/**
 * The inference gaps of Cremer, Li and Duvenaud (2018, "Inference Suboptimality in Variational Autoencoders") on a set
 * of images, for a 2-D latent where every term is exact but the optimisation: log p(x) by the model's quadrature (given),
 * ELBO(q) = E_q[log p(x, z)] + H(q) by {@link ExactElbo#refined} for the encoder's q and for q*, the best diagonal
 * Gaussian per image found by batched SVI started at the encoder's q and run in rounds, each from the best q so far,
 * until a round no longer raises the mean exact ELBO(q*) by {@link #SVI_CONVERGED}. Approximation gap = log p(x) -
 * ELBO(q*); amortization gap = ELBO(q*) - ELBO(encoder's q); their sum is the total gap log p(x) - ELBO(encoder's q),
 * from the same per-image values.
 *
 * <pre>{@code
 * Evidence ev = model.logEvidence(images, Mask.all(model.spec().dataDim()), 0.01);
 * InferenceGaps g = InferenceGaps.measure(model, images, ev.logP(), InferenceGaps.mean(ev.errors()), SviOptions.defaults());
 * System.out.printf("approximation %.2f, amortization %.2f nats%n", g.approximationGap(), g.amortizationGap());
 * }</pre>
 *
 * @param images the number of images
 * @param logP exact log p(x) per image
 * @param elboEncoder exact ELBO of the encoder's q per image
 * @param elboStar exact ELBO of q* per image
 * @param ghError mean Gauss-Hermite error estimate over both ELBOs of all images
 * @param ghMaxError the largest one
 * @param evidenceError mean error estimate of log p(x)
 * @param sviRounds rounds of SVI run
 * @param lastRoundGain how much the last round raised the mean exact ELBO(q*) (q* of an image: the best q of all rounds)
 * @param lastRoundMaxGain the most it raised one image's
 * @param negativeAmortization images whose amortization gap is below 0
 * @param minAmortization the smallest amortization gap of an image
 * @param minApproximation the smallest approximation gap of an image
 * @param sviSamples SVI's samples per iteration
 * @param sviIterations SVI's iterations per round
 * @param sviSeconds the seconds of SVI's steps, all rounds
 */
public record InferenceGaps(int images, double[] logP, double[] elboEncoder, double[] elboStar, double ghError, double ghMaxError,
    double evidenceError, int sviRounds, double lastRoundGain, double lastRoundMaxGain, int negativeAmortization,
    double minAmortization, double minApproximation, int sviSamples, int sviIterations, double sviSeconds) {
  /** Each exact ELBO is refined (twice the nodes per axis) until it moves by less than this, in nats per image. */
  public static final double ELBO_TOLERANCE = 0.01;
  /** The finest Gauss-Hermite rule of the ELBOs, in nodes per axis (128 x 128 points). */
  public static final int MAX_NODES = 128;
  /** SVI runs in rounds until a round raises the mean exact ELBO(q*) by less than this, in nats. */
  public static final double SVI_CONVERGED = 0.002;
  /** The most rounds of SVI. */
  public static final int SVI_MAX_ROUNDS = 8;

  /** @return the mean exact log p(x) */
  public double meanLogP() { return mean(logP); }

  /** @return the mean exact ELBO of the encoder's q */
  public double meanElboEncoder() { return mean(elboEncoder); }

  /** @return the mean exact ELBO of q* */
  public double meanElboStar() { return mean(elboStar); }

  /** @return the mean of log p(x) - ELBO(q*) */
  public double approximationGap() {
    double s = 0;
    for (int i = 0; i < images; i++) s += logP[i] - elboStar[i];
    return s / images;
  }

  /** @return the mean of ELBO(q*) - ELBO(encoder's q) */
  public double amortizationGap() {
    double s = 0;
    for (int i = 0; i < images; i++) s += elboStar[i] - elboEncoder[i];
    return s / images;
  }

  /** @return log p(x) - ELBO(encoder's q), computed from its own two means (not from the gaps) */
  public double totalGap() { return meanLogP() - meanElboEncoder(); }

  /** @return whether the last SVI round raised the mean exact ELBO(q*) by less than {@link #SVI_CONVERGED} */
  public boolean sviConverged() { return lastRoundGain < SVI_CONVERGED; }

  /**
   * @return how far below 0 a gap may be, per image or on average, before it counts as negative: what one more SVI
   *     round could still add to an image, plus the quadratures' error estimates, plus 1e-3 nats
   */
  public double tolerance() { return Math.max(0, lastRoundMaxGain) + ghMaxError + evidenceError + 1e-3; }

  /** @return |approximation + amortization - total| and |ELBO(q*) + approximation - log p(x)|, the larger */
  public double identityError() {
    double a = Math.abs(approximationGap() + amortizationGap() - totalGap());
    double b = Math.abs(meanElboStar() + approximationGap() - meanLogP());
    return Math.max(a, b);
  }

  /**
   * Measures the gaps.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param logP the exact log p(x) of each image (from the model's quadrature)
   * @param evidenceError their mean error estimate
   * @param svi the options of each SVI round; round r uses the seed {@code svi.seed() + r}
   * @return the gaps
   * @throws InvalidConfigException if logP does not have one value per image
   */
  public static InferenceGaps measure(TrainedVae model, Images images, double[] logP, double evidenceError, SviOptions svi) {
    int n = images.count();
    if (logP.length != n)
      throw new InvalidConfigException("logP has " + logP.length + " values for " + n + " images; pass one per image");
    Check.notNull("svi", svi);
    Encoding enc = model.encode(images);
    ExactElbo.Estimate e = ExactElbo.refined(model, images, enc.mean(), enc.logStd(), ELBO_TOLERANCE, MAX_NODES);
    Encoding start = enc;
    ExactElbo.Estimate s = null;
    float[][][] best = null; // {means, log-stds} of q*
    double gain = Double.POSITIVE_INFINITY, maxGain = Double.POSITIVE_INFINITY, seconds = 0;
    int rounds = 0;
    while (rounds < SVI_MAX_ROUNDS && (rounds < 2 || gain >= SVI_CONVERGED)) {
      SviOptions round = SviOptions.builder().samples(svi.samples()).iterations(svi.iterations()).learningRate(svi.learningRate())
          .seed(svi.seed() + rounds).build();
      List<PosteriorFit> fits = model.fitPosteriors(images, start, round);
      float[][] m = new float[n][], ls = new float[n][];
      for (int i = 0; i < n; i++) {
        m[i] = fits.get(i).mean();
        ls[i] = fits.get(i).logStd();
      }
      ExactElbo.Estimate next = ExactElbo.refined(model, images, m, ls, ELBO_TOLERANCE, MAX_NODES);
      if (s == null) {
        s = next;
        best = new float[][][] {m, ls};
      } else { // q* of each image is the best q any round found (its exact ELBO is known), and the next round starts there
        gain = 0;
        maxGain = 0;
        for (int i = 0; i < n; i++) {
          double up = next.elbo()[i] - s.elbo()[i];
          if (up > 0) {
            gain += up / n;
            maxGain = Math.max(maxGain, up);
            s.elbo()[i] = next.elbo()[i];
            s.error()[i] = next.error()[i];
            best[0][i] = m[i];
            best[1][i] = ls[i];
          }
        }
      }
      start = new Encoding(best[0].clone(), best[1].clone());
      seconds += fits.isEmpty() ? 0 : fits.get(0).seconds();
      rounds++;
    }
    double ghErr = 0, ghMax = 0, minAm = Double.POSITIVE_INFINITY, minAp = Double.POSITIVE_INFINITY;
    int negative = 0;
    for (int i = 0; i < n; i++) {
      ghErr += (e.error()[i] + s.error()[i]) / (2.0 * n);
      ghMax = Math.max(ghMax, Math.max(e.error()[i], s.error()[i]));
      double am = s.elbo()[i] - e.elbo()[i];
      if (am < 0) negative++;
      minAm = Math.min(minAm, am);
      minAp = Math.min(minAp, logP[i] - s.elbo()[i]);
    }
    return new InferenceGaps(n, logP.clone(), e.elbo(), s.elbo(), ghErr, ghMax, evidenceError, rounds, gain, maxGain, negative, minAm,
        minAp, svi.samples(), svi.iterations(), seconds);
  }

  /**
   * @param v the values
   * @return their plain mean: the sum, then one division
   */
  public static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
