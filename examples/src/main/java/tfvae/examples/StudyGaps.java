package tfvae.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.Encoding;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * The inference gaps of Cremer, Li and Duvenaud (2018, "Inference Suboptimality in Variational Autoencoders") on a set
 * of images, for a 2-D latent where every term is exact but the optimisation: log p(x) by the model's quadrature,
 * ELBO(q) = E_q[log p(x, z)] + H(q) by product Gauss-Hermite rules (refined per image to {@link #ELBO_TOLERANCE}) for
 * the encoder's q and for q*, the best diagonal Gaussian per image found by batched SVI started at the encoder's q and
 * run in rounds, each from the best q so far, until a round no longer raises the mean exact ELBO(q*).
 * Approximation gap = log p(x) - ELBO(q*); amortization gap = ELBO(q*) - ELBO(encoder's q); their sum is the total
 * gap log p(x) - ELBO(encoder's q), from the same per-image values.
 */
final class StudyGaps {
  /** Gauss-Hermite points per axis of the first rule; it is checked against 6, and refined where they differ. */
  static final int GH = 8;
  /** Each exact ELBO is refined (twice the nodes per axis) until it moves by less than this, in nats per image. */
  static final double ELBO_TOLERANCE = 0.01;
  /** The finest rule of the final evaluation's ELBOs (128 x 128 points), and of the gap curve's, which runs at every evaluation epoch. */
  static final int MAX_NODES = 128, CURVE_NODES = 32;
  /** SVI runs in rounds of the options' iterations, each from the last round's q, until a round raises the mean exact ELBO(q*) by less than this. */
  static final double SVI_CONVERGED = 0.002;
  static final int SVI_MAX_ROUNDS = 8;

  private StudyGaps() {}

  /**
   * @param logP exact log p(x) per image
   * @param elboEncoder exact ELBO of the encoder's q per image
   * @param elboStar exact ELBO of q* per image
   * @param ghError mean Gauss-Hermite error estimate over both ELBOs of all images
   * @param ghMaxError the largest one
   * @param evidenceError mean error estimate of log p(x)
   * @param sviRounds rounds of SVI run
   * @param lastRoundGain how much the last round raised the mean exact ELBO(q*) (q* of an image: the best q of all rounds)
   * @param lastRoundMaxGain the most it raised one image's
   * @param negativeAmortization images whose amortization gap is below 0, and the smallest one
   */
  record Gaps(int images, double[] logP, double[] elboEncoder, double[] elboStar, double ghError, double ghMaxError, double evidenceError,
      int sviRounds, double lastRoundGain, double lastRoundMaxGain, int negativeAmortization, double minAmortization,
      double minApproximation, int sviSamples, int sviIterations, double sviSeconds) {

    double meanLogP() { return mean(logP); }

    double meanElboEncoder() { return mean(elboEncoder); }

    double meanElboStar() { return mean(elboStar); }

    double approximationGap() {
      double s = 0;
      for (int i = 0; i < images; i++) s += logP[i] - elboStar[i];
      return s / images;
    }

    double amortizationGap() {
      double s = 0;
      for (int i = 0; i < images; i++) s += elboStar[i] - elboEncoder[i];
      return s / images;
    }

    /** log p(x) - ELBO(encoder's q), computed from its own two means (not from the gaps). */
    double totalGap() { return meanLogP() - meanElboEncoder(); }

    /** @return whether the last SVI round raised the mean exact ELBO(q*) by less than {@link #SVI_CONVERGED} */
    boolean sviConverged() { return lastRoundGain < SVI_CONVERGED; }

    /**
     * How far below 0 a gap may be, per image or on average, before it counts as negative: what one more SVI round
     * could still add to an image, plus the quadratures' error estimates, plus 1e-3 nats.
     */
    double tolerance() { return Math.max(0, lastRoundMaxGain) + ghMaxError + evidenceError + 1e-3; }

    /** |approximation + amortization - total| and |ELBO(q*) + approximation - log p(x)|, the larger. */
    double identityError() {
      double a = Math.abs(approximationGap() + amortizationGap() - totalGap());
      double b = Math.abs(meanElboStar() + approximationGap() - meanLogP());
      return Math.max(a, b);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("images", images);
      m.put("mean_log_p_x", meanLogP());
      m.put("mean_elbo_encoder_q", meanElboEncoder());
      m.put("mean_elbo_q_star", meanElboStar());
      m.put("approximation_gap", approximationGap());
      m.put("amortization_gap", amortizationGap());
      m.put("total_gap", totalGap());
      m.put("identity_error", identityError());
      m.put("gauss_hermite_error", ghError);
      m.put("gauss_hermite_max_error", ghMaxError);
      m.put("evidence_grid_error", evidenceError);
      m.put("svi_samples_per_iteration", sviSamples);
      m.put("svi_iterations_per_round", sviIterations);
      m.put("svi_rounds", sviRounds);
      m.put("svi_last_round_gain", lastRoundGain);
      m.put("svi_last_round_max_gain_per_image", lastRoundMaxGain);
      m.put("svi_converged", sviConverged());
      m.put("images_with_negative_amortization_gap", negativeAmortization);
      m.put("min_amortization_gap_per_image", minAmortization);
      m.put("min_approximation_gap_per_image", minApproximation);
      m.put("svi_seconds", sviSeconds);
      return m;
    }
  }

  /**
   * @param logP the exact log p(x) of each image (from the model's quadrature)
   * @param evidenceError their mean error estimate
   */
  static Gaps measure(TrainedVae model, Images images, double[] logP, double evidenceError, SviOptions svi) {
    int n = images.count();
    Encoding enc = model.encode(images);
    double[][] e = exactElbo(model, images, enc.mean(), enc.logStd());
    Encoding start = enc;
    double[][] s = null;
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
      double[][] next = exactElbo(model, images, m, ls);
      if (s == null) {
        s = next;
        best = new float[][][] {m, ls};
      } else { // q* of each image is the best q any round found (its exact ELBO is known), and the next round starts there
        gain = 0;
        maxGain = 0;
        for (int i = 0; i < n; i++) {
          double up = next[0][i] - s[0][i];
          if (up > 0) {
            gain += up / n;
            maxGain = Math.max(maxGain, up);
            s[0][i] = next[0][i];
            s[1][i] = next[1][i];
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
      ghErr += (e[1][i] + s[1][i]) / (2.0 * n);
      ghMax = Math.max(ghMax, Math.max(e[1][i], s[1][i]));
      double am = s[0][i] - e[0][i];
      if (am < 0) negative++;
      minAm = Math.min(minAm, am);
      minAp = Math.min(minAp, logP[i] - s[0][i]);
    }
    return new Gaps(n, logP.clone(), e[0], s[0], ghErr, ghMax, evidenceError, rounds, gain, maxGain, negative, minAm, minAp,
        svi.samples(), svi.iterations(), seconds);
  }

  /** @return {exact ELBO, its error estimate} per image of the diagonal Gaussians (mean, logStd), to {@link #ELBO_TOLERANCE} */
  static double[][] exactElbo(TrainedVae model, Images images, float[][] mean, float[][] logStd) {
    return Part4cQuestions.exactElbo(model, images, mean, logStd, ELBO_TOLERANCE, MAX_NODES);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
