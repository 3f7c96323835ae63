package tfvae.examples.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tfvae.Evidence;
import tfvae.InferenceGaps;
import tfvae.Objective;

/**
 * One objective's results. Noise: {@code elboNoise} is the standard error of the Monte Carlo ELBO's mean (the spread
 * of its per-image differences from the exact ELBO), {@code iwNoise} that of IW-k's mean (from a second seed).
 *
 * @param exactLogPEval the exact log p(x) of the evaluation subset (the images of the ELBO and IW rows)
 */
record StudyRow(String name, Objective objective, int epochs, Evidence exactTest, Evidence exactTrain, double elbo,
    double elboNoise, double exactElbo, double iw, double iwNoise, double exactLogPEval, int evalImages, InferenceGaps gaps,
    StudyCurve curve, double trainSeconds, double stepSeconds, long steps, boolean reused, double exactSeconds,
    double evalSeconds) {

  /** Tolerance of "amortization gap >= 0" and "approximation gap >= 0", in nats: the SVI's convergence plus the quadratures' errors. */
  double gapTolerance() { return gaps.tolerance(); }

  /** ELBO (exact) <= IW-k + 3 s.e. */
  boolean elboBelowIw() { return exactElbo <= iw + 3 * iwNoise; }

  /** Monte Carlo ELBO within 3 s.e. of the exact one. */
  boolean elboMatchesExact() { return Math.abs(elbo - exactElbo) <= 3 * elboNoise + 1e-3; }

  /** IW-k <= exact log p(x) + 3 s.e. + the grid tolerance. */
  boolean iwBelowExact() { return iw <= exactLogPEval + 3 * iwNoise + exactTest.tolerance(); }

  boolean approximationGapNonNegative() { return gaps.approximationGap() >= -gapTolerance(); }

  boolean amortizationGapNonNegative() { return gaps.amortizationGap() >= -gapTolerance(); }

  /** Both gaps >= 0 on every image, within the same tolerance. */
  boolean gapsNonNegativePerImage() { return gaps.minApproximation() >= -gapTolerance() && gaps.minAmortization() >= -gapTolerance(); }

  boolean identitiesHold() { return gaps.identityError() <= 1e-3; }

  boolean consistent() {
    return elboBelowIw() && elboMatchesExact() && iwBelowExact() && approximationGapNonNegative() && amortizationGapNonNegative()
        && gapsNonNegativePerImage() && gaps.sviConverged() && identitiesHold();
  }

  double stepsPerSecond() { return steps / stepSeconds; }

  /** @return the exact held-out log p(x) at the last epoch, or NaN */
  double heldOutFinal() {
    StudyCurve.Point p = curve.lastHeldOut();
    return p == null ? Double.NaN : p.heldOutLogP;
  }

  /** e.g. {@code elbo}, {@code iwae-k50}, {@code iwae-k50-warmup10}, {@code iwae-k50-warmup10-150epochs} */
  static String name(Objective o, int epochs, int baseEpochs) {
    String n = o.kind() == Objective.Kind.IWAE ? "iwae-k" + o.k() : o.cliName();
    if (o.beta() != 1) n += "-beta" + o.beta();
    if (o.warmupEpochs() > 0) n += "-warmup" + o.warmupEpochs();
    if (epochs != baseEpochs) n += "-" + epochs + "epochs";
    return n;
  }

  String summary() {
    return String.format(Locale.ROOT, "%s: exact test log p(x) %.2f (%d images), train %.2f, ELBO %.2f, IW-%s %.2f, approximation gap"
        + " %.3f, amortization gap %.3f (%d images), %.0f steps/s; exact evaluation %.1f s, all evaluation %.1f s%s", name, exactTest.mean(), exactTest.logP().length,
        exactTrain.mean(), exactElbo, "k", iw, gaps.approximationGap(), gaps.amortizationGap(), gaps.images(), stepsPerSecond(),
        exactSeconds, evalSeconds, consistent() ? "" : "  INCONSISTENT");
  }

  /** The row as study.json writes it: every number beside its image count (IW-k with k = 1000). */
  record Json(String name, String objective, int k, double beta, int warmupEpochs, int epochs, double exactTestLogP,
      int exactTestLogPImages, double exactTestLogPMaxGridError, boolean exactTestLogPConverged, double exactTrainLogP,
      int exactTrainLogPImages, double overfittingTrainMinusTest, double testElbo, int testElboImages, double testElboStdError,
      double testElboExact, int testElboExactImages, double iw1000, int iw1000Images, double iw1000StdError, double exactLogPEvalSubset,
      int exactLogPEvalSubsetImages, double approximationGap, int approximationGapImages, double amortizationGap,
      int amortizationGapImages, Gaps gaps, double heldOutLogP, int heldOutLogPImages, Integer bestHeldOutEpoch, Double bestHeldOutLogP,
      List<HeldOut> heldOutCurve, double trainSeconds, double stepSeconds, long steps, double stepsPerSecond, boolean reusedCheckpoint,
      double curveEvaluationSeconds, double exactEvaluationSeconds, double evaluationSeconds, Map<String, Object> consistency) {}

  /** One point of a row's held-out curve in study.json. */
  record HeldOut(int epoch, double heldOutLogP, int images) {}

  /** The inference gaps' numbers in study.json (the per-image values stay out). */
  record Gaps(int images, double meanLogPX, double meanElboEncoderQ, double meanElboQStar, double approximationGap,
      double amortizationGap, double totalGap, double identityError, double gaussHermiteError, double gaussHermiteMaxError,
      double evidenceGridError, int sviSamplesPerIteration, int sviIterationsPerRound, int sviRounds, double sviLastRoundGain,
      double sviLastRoundMaxGainPerImage, boolean sviConverged, int imagesWithNegativeAmortizationGap, double minAmortizationGapPerImage,
      double minApproximationGapPerImage, double sviSeconds) {
    static Gaps of(InferenceGaps g) {
      return new Gaps(g.images(), g.meanLogP(), g.meanElboEncoder(), g.meanElboStar(), g.approximationGap(), g.amortizationGap(),
          g.totalGap(), g.identityError(), g.ghError(), g.ghMaxError(), g.evidenceError(), g.sviSamples(), g.sviIterations(),
          g.sviRounds(), g.lastRoundGain(), g.lastRoundMaxGain(), g.sviConverged(), g.negativeAmortization(), g.minAmortization(),
          g.minApproximation(), g.sviSeconds());
    }
  }

  Json json() {
    StudyCurve.Point best = curve.bestHeldOut(), last = curve.lastHeldOut();
    int n = gaps.images();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("elbo_le_iw_within_3_se", elboBelowIw());
    c.put("mc_elbo_matches_exact_within_3_se", elboMatchesExact());
    c.put("iw_le_exact_log_p_within_3_se_and_grid_tolerance", iwBelowExact());
    c.put("approximation_gap_ge_0_within_tolerance", approximationGapNonNegative());
    c.put("amortization_gap_ge_0_within_tolerance", amortizationGapNonNegative());
    c.put("gaps_ge_0_on_every_image_within_tolerance", gapsNonNegativePerImage());
    c.put("svi_converged", gaps.sviConverged());
    c.put("gap_tolerance", gapTolerance());
    c.put("identities_within_1e-3", identitiesHold());
    c.put("all", consistent());
    return new Json(name, objective.cliName(), objective.k(), objective.beta(), objective.warmupEpochs(), epochs,
        exactTest.mean(), exactTest.logP().length, exactTest.maxError(), exactTest.converged(),
        exactTrain.mean(), exactTrain.logP().length, exactTrain.mean() - exactTest.mean(),
        elbo, evalImages, elboNoise, exactElbo, evalImages, iw, evalImages, iwNoise, exactLogPEval, evalImages,
        gaps.approximationGap(), n, gaps.amortizationGap(), n, Gaps.of(gaps),
        heldOutFinal(), last == null ? 0 : last.heldOutImages, best == null ? null : best.epoch, best == null ? null : best.heldOutLogP,
        curve.points.stream().filter(StudyCurve.Point::hasHeldOut).map(p -> new HeldOut(p.epoch, p.heldOutLogP, p.heldOutImages)).toList(),
        trainSeconds, stepSeconds, steps, stepsPerSecond(), reused,
        curve.points.stream().mapToDouble(p -> p.seconds).sum(), // the exact evaluations between the epochs of training
        exactSeconds, evalSeconds, c);
  }
}
