package tfvae.examples.study;

import java.util.LinkedHashMap;
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

  Map<String, Object> toMap(int iwK) {
    Map<String, Object> m = new LinkedHashMap<>();
    StudyCurve.Point best = curve.bestHeldOut(), last = curve.lastHeldOut();
    m.put("name", name);
    m.put("objective", objective.cliName());
    m.put("k", objective.k());
    m.put("beta", objective.beta());
    m.put("warmup_epochs", objective.warmupEpochs());
    m.put("epochs", epochs);
    m.put("exact_test_log_p", exactTest.mean());
    m.put("exact_test_log_p_images", exactTest.logP().length);
    m.put("exact_test_log_p_max_grid_error", exactTest.maxError());
    m.put("exact_test_log_p_converged", exactTest.converged());
    m.put("exact_train_log_p", exactTrain.mean());
    m.put("exact_train_log_p_images", exactTrain.logP().length);
    m.put("overfitting_train_minus_test", exactTrain.mean() - exactTest.mean());
    m.put("test_elbo", elbo);
    m.put("test_elbo_images", evalImages);
    m.put("test_elbo_std_error", elboNoise);
    m.put("test_elbo_exact", exactElbo);
    m.put("test_elbo_exact_images", evalImages);
    m.put("iw" + iwK, iw);
    m.put("iw" + iwK + "_images", evalImages);
    m.put("iw" + iwK + "_std_error", iwNoise);
    m.put("exact_log_p_eval_subset", exactLogPEval);
    m.put("exact_log_p_eval_subset_images", evalImages);
    m.put("approximation_gap", gaps.approximationGap());
    m.put("approximation_gap_images", gaps.images());
    m.put("amortization_gap", gaps.amortizationGap());
    m.put("amortization_gap_images", gaps.images());
    m.put("gaps", gapsMap(gaps));
    m.put("held_out_log_p", heldOutFinal()); // NaN, when never measured, is written as null
    m.put("held_out_log_p_images", last == null ? 0 : last.heldOutImages);
    m.put("best_held_out_epoch", best == null ? null : best.epoch);
    m.put("best_held_out_log_p", best == null ? null : best.heldOutLogP);
    m.put("held_out_curve", curve.points.stream().filter(StudyCurve.Point::hasHeldOut).map(p -> {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("epoch", p.epoch);
      q.put("held_out_log_p", p.heldOutLogP);
      q.put("images", p.heldOutImages);
      return q;
    }).toList());
    m.put("train_seconds", trainSeconds);
    m.put("step_seconds", stepSeconds);
    m.put("steps", steps);
    m.put("steps_per_second", stepsPerSecond());
    m.put("reused_checkpoint", reused);
    // the exact held-out (and test-subset) evaluations between the epochs of training, from the run that trained it
    m.put("curve_evaluation_seconds", curve.points.stream().mapToDouble(p -> p.seconds).sum());
    m.put("exact_evaluation_seconds", exactSeconds);
    m.put("evaluation_seconds", evalSeconds);
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
    m.put("consistency", c);
    return m;
  }

  /** The gaps as study.json writes them. */
  static Map<String, Object> gapsMap(InferenceGaps g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", g.images());
    m.put("mean_log_p_x", g.meanLogP());
    m.put("mean_elbo_encoder_q", g.meanElboEncoder());
    m.put("mean_elbo_q_star", g.meanElboStar());
    m.put("approximation_gap", g.approximationGap());
    m.put("amortization_gap", g.amortizationGap());
    m.put("total_gap", g.totalGap());
    m.put("identity_error", g.identityError());
    m.put("gauss_hermite_error", g.ghError());
    m.put("gauss_hermite_max_error", g.ghMaxError());
    m.put("evidence_grid_error", g.evidenceError());
    m.put("svi_samples_per_iteration", g.sviSamples());
    m.put("svi_iterations_per_round", g.sviIterations());
    m.put("svi_rounds", g.sviRounds());
    m.put("svi_last_round_gain", g.lastRoundGain());
    m.put("svi_last_round_max_gain_per_image", g.lastRoundMaxGain());
    m.put("svi_converged", g.sviConverged());
    m.put("images_with_negative_amortization_gap", g.negativeAmortization());
    m.put("min_amortization_gap_per_image", g.minAmortization());
    m.put("min_approximation_gap_per_image", g.minApproximation());
    m.put("svi_seconds", g.sviSeconds());
    return m;
  }
}
