package tfvae.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tfvae.EpochStats;
import tfvae.Evidence;
import tfvae.InferenceGaps;
import tfvae.Objective;
import tfvae.PosteriorKl;

/**
 * One objective's results. Noise: {@code elboNoise} is the standard error of the Monte Carlo ELBO's mean (the spread
 * of its per-image differences from the exact ELBO), {@code iwNoise} that of IW-k's mean (from a second seed).
 *
 * @param exactLogPEval the exact log p(x) of the evaluation subset (the images of the ELBO and IW rows)
 */
record StudyRow(String name, Objective objective, int epochs, Evidence exactTest, Evidence exactTrain, double elbo,
    double elboNoise, double exactElbo, double iw, double iwNoise, double exactLogPEval, int evalImages, InferenceGaps gaps,
    List<HeldOut> heldOut, List<GapPoint> gapCurve, double curveSeconds, double trainSeconds, double stepSeconds, long steps,
    boolean reused, double exactSeconds, double evalSeconds) {

  /** The exact log p(x) of the held-out images after an epoch of training (study.json's held-out curve). */
  record HeldOut(int epoch, double heldOutLogP, int images) {}

  /** One point of study.json's gap curve: the exact mean ELBO, log p(x) and KL of a test subset after an epoch. */
  record GapPoint(String model, int epoch, double meanElbo, double meanLogPX, double meanKlQToPosterior, double klErrorEstimate,
      int images) {}

  /** @return the held-out curve that {@link Study.CurveProbe} measured during training, from the model's history */
  static List<HeldOut> heldOut(List<EpochStats> history) {
    return history.stream().filter(e -> e.measures().containsKey("held_out_log_p")).map(e -> new HeldOut(e.epoch(),
        e.measures().get("held_out_log_p"), e.measures().get("held_out_images").intValue())).toList();
  }

  /** @return the gap curve that {@link Study.CurveProbe} measured during training (empty for a model without one) */
  static List<GapPoint> gapCurve(String model, List<EpochStats> history) {
    return history.stream().filter(e -> e.measures().containsKey("test_kl")).map(e -> new GapPoint(model, e.epoch(),
        e.measures().get("test_elbo"), e.measures().get("test_log_p"), e.measures().get("test_kl"), e.measures().get("test_kl_error"),
        e.measures().get("test_images").intValue())).toList();
  }

  /** @return the changes of the mean ELBO and KL between consecutive points of the gap curve */
  List<PosteriorKl.Change> intervals() {
    List<PosteriorKl.Change> out = new ArrayList<>();
    for (int i = 1; i < gapCurve.size(); i++) {
      GapPoint a = gapCurve.get(i - 1), b = gapCurve.get(i);
      out.add(new PosteriorKl.Change(a.epoch(), b.epoch(), b.meanElbo() - a.meanElbo(), b.meanKlQToPosterior() - a.meanKlQToPosterior(),
          a.klErrorEstimate() + b.klErrorEstimate()));
    }
    return out;
  }

  /** @return the epoch with the highest held-out log p(x) (the first of equals), or null when none was measured */
  @Nullable HeldOut bestHeldOut() { return heldOut.stream().reduce((a, b) -> b.heldOutLogP() > a.heldOutLogP() ? b : a).orElse(null); }

  /** @return the last epoch with a held-out value, or null */
  @Nullable HeldOut lastHeldOut() { return heldOut.isEmpty() ? null : heldOut.get(heldOut.size() - 1); }

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
  double heldOutFinal() { return heldOut.isEmpty() ? Double.NaN : lastHeldOut().heldOutLogP(); }

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

  /** The row as study.json writes it: every number beside its image count (IW-k with k = {@link Study#IW_K}). */
  record Json(String name, String objective, int k, double beta, int warmupEpochs, int epochs, double exactTestLogP,
      int exactTestLogPImages, double exactTestLogPMaxGridError, boolean exactTestLogPConverged, double exactTrainLogP,
      int exactTrainLogPImages, double overfittingTrainMinusTest, double testElbo, int testElboImages, double testElboStdError,
      double testElboExact, int testElboExactImages, double iw1000, int iw1000Images, double iw1000StdError, double exactLogPEvalSubset,
      int exactLogPEvalSubsetImages, double approximationGap, int approximationGapImages, double amortizationGap,
      int amortizationGapImages, Gaps gaps, double heldOutLogP, int heldOutLogPImages, Integer bestHeldOutEpoch, Double bestHeldOutLogP,
      List<HeldOut> heldOutCurve, double trainSeconds, double stepSeconds, long steps, double stepsPerSecond, boolean reusedCheckpoint,
      double curveEvaluationSeconds, double exactEvaluationSeconds, double evaluationSeconds, Map<String, Object> consistency) {}

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
    HeldOut best = bestHeldOut(), last = lastHeldOut();
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
        heldOutFinal(), last == null ? 0 : last.images(), best == null ? null : best.epoch(), best == null ? null : best.heldOutLogP(),
        heldOut, trainSeconds, stepSeconds, steps, stepsPerSecond(), reused, curveSeconds, exactSeconds, evalSeconds, c);
  }
}
