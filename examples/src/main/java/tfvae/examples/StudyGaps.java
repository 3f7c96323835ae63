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
 * ELBO(q) = E_q[log p(x, z)] + H(q) by the product Gauss-Hermite rule for the encoder's q and for q*, the best
 * diagonal Gaussian per image found by batched SVI started at the encoder's q.
 * Approximation gap = log p(x) - ELBO(q*); amortization gap = ELBO(q*) - ELBO(encoder's q); their sum is the total
 * gap log p(x) - ELBO(encoder's q), from the same per-image values.
 */
final class StudyGaps {
  /** Gauss-Hermite points per axis of the ELBO; the rule with two fewer gives its error estimate. */
  static final int GH = 8;

  private StudyGaps() {}

  /**
   * @param logP exact log p(x) per image
   * @param elboEncoder exact ELBO of the encoder's q per image
   * @param elboStar exact ELBO of q* per image
   * @param ghError mean |GH(8) - GH(6)| over both ELBOs of all images (the quadrature's error estimate)
   * @param evidenceError mean error estimate of log p(x)
   * @param sviChange change of the mean SVI ELBO estimate between the last two tenths of the iterations
   * @param sviChangeSe its standard error (Monte Carlo noise of the trace)
   * @param negativeAmortization images whose amortization gap is below 0, and the smallest one
   */
  record Gaps(int images, double[] logP, double[] elboEncoder, double[] elboStar, double ghError, double evidenceError,
      double sviChange, double sviChangeSe, int negativeAmortization, double minAmortization, double minApproximation,
      int sviSamples, int sviIterations, double sviSeconds) {

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
      m.put("evidence_grid_error", evidenceError);
      m.put("svi_samples_per_iteration", sviSamples);
      m.put("svi_iterations", sviIterations);
      m.put("svi_last_tenth_change", sviChange);
      m.put("svi_last_tenth_change_std_error", sviChangeSe);
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
    List<PosteriorFit> fits = model.fitPosteriors(images, enc, svi);
    float[][] m = new float[n][], ls = new float[n][];
    for (int i = 0; i < n; i++) {
      m[i] = fits.get(i).mean();
      ls[i] = fits.get(i).logStd();
    }
    double[][] s = exactElbo(model, images, m, ls);
    double ghErr = 0, minAm = Double.POSITIVE_INFINITY, minAp = Double.POSITIVE_INFINITY;
    int negative = 0;
    for (int i = 0; i < n; i++) {
      ghErr += (Math.abs(e[0][i] - e[1][i]) + Math.abs(s[0][i] - s[1][i])) / (2.0 * n);
      double am = s[0][i] - e[0][i];
      if (am < 0) negative++;
      minAm = Math.min(minAm, am);
      minAp = Math.min(minAp, logP[i] - s[0][i]);
    }
    double[] change = traceChange(fits);
    return new Gaps(n, logP.clone(), e[0], s[0], ghErr, evidenceError, change[0], change[1], negative, minAm, minAp,
        svi.samples(), svi.iterations(), fits.isEmpty() ? 0 : fits.get(0).seconds());
  }

  /**
   * @return {mean over images of (mean trace over the last tenth - mean over the tenth before), its standard error
   *     from the spread of the per-image changes}
   */
  static double[] traceChange(List<PosteriorFit> fits) {
    int n = fits.size();
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double[] t = fits.get(i).elboTrace();
      int w = Math.max(1, t.length / 10);
      double last = 0, before = 0;
      for (int j = t.length - w; j < t.length; j++) last += t[j] / w;
      for (int j = Math.max(0, t.length - 2 * w); j < t.length - w; j++) before += t[j] / w;
      d[i] = last - before;
    }
    double mean = 0, var = 0;
    for (double v : d) mean += v / n;
    for (double v : d) var += (v - mean) * (v - mean) / Math.max(1, n - 1);
    return new double[] {mean, Math.sqrt(var / n)};
  }

  /** @return {exact ELBO with GH points per axis, with GH - 2}, per image, of the diagonal Gaussians (mean, logStd) */
  static double[][] exactElbo(TrainedVae model, Images images, float[][] mean, float[][] logStd) {
    return Part4cQuestions.exactElbo(model, images, mean, logStd, GH, GH - 2);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
