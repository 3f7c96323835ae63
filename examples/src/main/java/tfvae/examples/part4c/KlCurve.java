package tfvae.examples.part4c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tfvae.EpochStats;
import tfvae.PosteriorKl;
import tfvae.TrainedVae;
import tfvae.data.Images;

/** Question (c) of part 4(c), the ELBO and the exact KL(q || p(z|x)) epoch by epoch, and the closed forms of (d) and (e). */
final class KlCurve {
  /** Grid tolerance of log p(x) in (c), in nats per image. */
  static final double EVIDENCE_TOLERANCE = 0.01;

  private KlCurve() {}

  /**
   * (c) at one epoch, means over the subset: ELBO = E_q[log p(x, z)] + H(q) with the expectation by Gauss-Hermite
   * quadrature, log p(x) by the model's grid quadrature, KL = log p(x) - ELBO.
   *
   * @param measured the exact ELBO, log p(x) and KL ({@link PosteriorKl})
   * @param mcElbo the model's own Monte Carlo ELBO ({@code elboPerImage}), averaged over the noise seeds
   * @param mcStdError its standard error over the seeds
   */
  record KlRow(int epoch, PosteriorKl measured, double mcElbo, double mcStdError, double trainElbo, double seconds) {}

  /**
   * (c) at one epoch, means over the subset: the exact KL with the ELBO by the rule of {@code ghPoints} nodes per axis
   * ({@link PosteriorKl#measure(TrainedVae, Images, int, double)}), and the model's Monte Carlo ELBO over
   * {@code mcSeeds} noise seeds as a cross-check.
   */
  static KlRow klRow(TrainedVae model, int epoch, Images subset, int ghPoints, int mcSeeds, long seed) {
    long t0 = System.nanoTime();
    PosteriorKl kl = PosteriorKl.measure(model, subset, ghPoints, EVIDENCE_TOLERANCE);
    double[] mc = new double[mcSeeds];
    for (int k = 0; k < mcSeeds; k++) mc[k] = Arrays.stream(model.elboPerImage(subset, seed + 1000 + k)).average().orElseThrow();
    double mcMean = Arrays.stream(mc).average().orElseThrow(), var = 0;
    for (double v : mc) var += (v - mcMean) * (v - mcMean) / (mcSeeds - 1);
    List<EpochStats> h = model.history();
    return new KlRow(epoch, kl, mcMean, Math.sqrt(var / mcSeeds), h.isEmpty() ? Double.NaN : h.get(h.size() - 1).trainElbo(),
        (System.nanoTime() - t0) / 1e9);
  }

  /** The changes between consecutive rows. */
  static List<PosteriorKl.Change> intervals(List<KlRow> rows) {
    List<PosteriorKl.Change> out = new ArrayList<>();
    for (int k = 1; k < rows.size(); k++) {
      KlRow a = rows.get(k - 1), b = rows.get(k);
      out.add(PosteriorKl.Change.of(a.epoch(), a.measured(), b.epoch(), b.measured()));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------------- (d), (e)

  /** The normal density, exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi)). */
  static double normalPdf(double x, double mu, double sigma) {
    return Math.exp(-(x - mu) * (x - mu) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
  }

  /**
   * @param minOverSweep the smallest density over a sweep of x, mu in [-10, 10] and sigma in [0.5, 10] (positive)
   * @param negatives how many points of the sweep were negative (0)
   * @param atMean N(0; 0, 0.1^2) = 3.989
   * @param largestSigmaAboveOne the largest sigma with N(mu; mu, sigma^2) &gt; 1, 1/sqrt(2 pi) = 0.3989
   */
  record Closed(double minOverSweep, long sweepPoints, long negatives, double atMean, double atMeanLog, double largestSigmaAboveOne,
      double underflowDistance) {}

  static Closed closedForms() {
    double min = Double.POSITIVE_INFINITY;
    long points = 0, negatives = 0;
    for (double x = -5; x <= 5; x += 0.25)
      for (double mu = -5; mu <= 5; mu += 0.5)
        for (double sigma = 0.5; sigma <= 10; sigma += 0.5) {
          double p = normalPdf(x, mu, sigma);
          points++;
          if (p < 0) negatives++;
          min = Math.min(min, p);
        }
    double under = 0;
    while (normalPdf(under, 0, 1) > 0) under += 0.01;
    return new Closed(min, points, negatives, normalPdf(0, 0, 0.1), Math.log(normalPdf(0, 0, 0.1)), 1 / Math.sqrt(2 * Math.PI), under);
  }
}
