package tfvae.examples.study;

import tfvae.InferenceGaps;
import tfvae.examples.TestData;
import tfvae.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small study on the fixture, run twice in one directory: every row's bounds in the order theory gives them, the
 * gaps non-negative and their identities exact, the 4(c)(c) curve and its interval count recomputed from the curve
 * itself, and the second run reusing every checkpoint with the same numbers. It runs --quick with half --quick's image
 * counts ({@link #SMALL}): the wiring is what this checks; the library's tests prove the quadratures, the gaps and SVI.
 */
class StudyTest {
  /**
   * --quick's settings ({@code Study.Settings.quick()}) with about half the images: 100 training, 20 test, 10 held-out
   * (from training-file image 150), 10 evaluation images (5 of them for the IW noise), 3 gap images and 6 curve images.
   */
  static final Study.Settings SMALL = new Study.Settings(100, 20, 150, 10, 3, 1, 0, 10, 3, 6, 5, 32, 300, 5, 0.05);
  @TempDir static Path dir;
  static JsonObject first, second;

  @BeforeAll static void runTwice() throws IOException {
    Path out = dir.resolve("study");
    String[] args = {"--quick", "--more-epochs", "2", "--data", TestData.FIXTURE.toString(), "--out", out.toString(), "--quiet"};
    assertThat(Cli.execute(small(), args)).isZero();
    first = read(out.resolve("study.json"));
    assertThat(Cli.execute(small(), args)).isZero();
    second = read(out.resolve("study.json"));
  }

  private static Study small() {
    Study study = new Study();
    study.quickSettings = SMALL;
    return study;
  }

  private static JsonObject read(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static List<JsonObject> rows(JsonObject study) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : study.getAsJsonArray("rows")) out.add(e.getAsJsonObject());
    return out;
  }

  private static double d(JsonObject o, String key) { return o.get(key).getAsDouble(); }

  @Test void everyObjectiveOfTheIssueIsARowWithItsImageCounts() {
    List<JsonObject> rows = rows(first);
    assertThat(rows.stream().map(r -> r.get("name").getAsString()).toList().subList(0, 4))
        .containsExactly("elbo", "analytic-kl", "iwae-k5", "iwae-k50");
    // the fifth is the best of the four by held-out log p(x), with the warm-up; the sixth continues it (held-out still rising)
    JsonObject best = rows.subList(0, 4).stream().max((a, b) -> Double.compare(d(a, "held_out_log_p"), d(b, "held_out_log_p"))).orElseThrow();
    assertThat(rows.get(4).get("name").getAsString()).isEqualTo(best.get("name").getAsString() + "-warmup1");
    assertThat(rows.get(4).get("warmup_epochs").getAsInt()).isEqualTo(1);
    assertThat(rows).hasSize(6);
    assertThat(rows.get(5).get("epochs").getAsInt()).isEqualTo(5);
    for (JsonObject r : rows) {
      assertThat(r.get("exact_test_log_p_images").getAsInt()).isEqualTo(SMALL.nTest());
      assertThat(r.get("exact_train_log_p_images").getAsInt()).isEqualTo(SMALL.nTrain());
      assertThat(r.get("test_elbo_images").getAsInt()).isEqualTo(SMALL.evalImages());
      assertThat(r.get("iw1000_images").getAsInt()).isEqualTo(SMALL.evalImages());
      assertThat(r.get("approximation_gap_images").getAsInt()).isEqualTo(SMALL.gapImages());
      assertThat(r.get("amortization_gap_images").getAsInt()).isEqualTo(SMALL.gapImages());
      assertThat(r.get("held_out_log_p_images").getAsInt()).isEqualTo(SMALL.nHeld());
      assertThat(d(r, "steps_per_second")).isPositive();
      for (String key : List.of("objective", "k", "beta", "warmup_epochs", "epochs", "exact_test_log_p", "exact_train_log_p",
          "test_elbo", "iw1000", "approximation_gap", "amortization_gap", "train_seconds", "steps_per_second"))
        assertThat(r.has(key)).as(key).isTrue();
    }
  }

  @Test void theBoundsAreOrderedElboBelowIwBelowTheExactLogLikelihood() {
    for (JsonObject r : rows(first)) {
      double elbo = d(r, "test_elbo_exact"), iw = d(r, "iw1000"), se = d(r, "iw1000_std_error"), exact = d(r, "exact_log_p_eval_subset");
      assertThat(se).isPositive().isLessThan(1);
      assertThat(elbo).as(r.get("name").getAsString()).isLessThanOrEqualTo(iw + 3 * se);
      assertThat(iw).as(r.get("name").getAsString()).isLessThanOrEqualTo(exact + 3 * se + 0.05);
      // the Monte Carlo ELBO estimates the exact one
      assertThat(d(r, "test_elbo")).isCloseTo(elbo, within(3 * d(r, "test_elbo_std_error") + 1e-3));
      assertThat(r.getAsJsonObject("consistency").get("all").getAsBoolean()).isTrue();
    }
  }

  @Test void theGapsAreNonNegativeAndTheirIdentitiesHoldToAThousandthOfANat() {
    for (JsonObject r : rows(first)) {
      JsonObject g = r.getAsJsonObject("gaps");
      double logP = d(g, "mean_log_p_x"), star = d(g, "mean_elbo_q_star"), enc = d(g, "mean_elbo_encoder_q");
      double tol = d(r.getAsJsonObject("consistency"), "gap_tolerance");
      // the last SVI round's largest gain + the quadratures' errors: well under a nat once SVI has converged
      assertThat(g.get("svi_converged").getAsBoolean()).isTrue();
      assertThat(g.get("svi_rounds").getAsInt()).isBetween(2, InferenceGaps.SVI_MAX_ROUNDS);
      assertThat(d(g, "svi_last_round_gain")).isLessThan(InferenceGaps.SVI_CONVERGED);
      assertThat(d(g, "gauss_hermite_max_error")).isLessThan(InferenceGaps.ELBO_TOLERANCE);
      assertThat(tol).isPositive().isLessThan(1);
      assertThat(d(r, "amortization_gap")).isPositive(); // SVI starts at the encoder's q and improves on it
      assertThat(d(r, "approximation_gap")).isGreaterThanOrEqualTo(-tol).isCloseTo(logP - star, within(1e-3));
      assertThat(d(r, "amortization_gap")).isGreaterThanOrEqualTo(-tol).isCloseTo(star - enc, within(1e-3));
      assertThat(d(r, "approximation_gap") + d(r, "amortization_gap")).isCloseTo(logP - enc, within(1e-3));
      // q* starts at the encoder's q and must not end below it on any image
      assertThat(d(g, "min_amortization_gap_per_image")).isGreaterThanOrEqualTo(-tol);
      assertThat(d(g, "min_approximation_gap_per_image")).isGreaterThanOrEqualTo(-tol);
    }
  }

  @Test void theGapCurveIsLogPMinusElboAndItsIntervalCountIsRecomputedFromIt() {
    JsonArray curve = first.getAsJsonArray("gap_curve");
    Map<String, List<JsonObject>> byModel = new LinkedHashMap<>();
    for (JsonElement e : curve) byModel.computeIfAbsent(e.getAsJsonObject().get("model").getAsString(), k -> new ArrayList<>()).add(e.getAsJsonObject());
    assertThat(byModel.keySet()).hasSize(2).contains("elbo");
    assertThat(byModel.keySet().stream().filter(k -> k.startsWith("iwae-k")).count()).isEqualTo(1);
    for (var e : byModel.entrySet()) {
      List<JsonObject> pts = e.getValue();
      assertThat(pts.stream().map(p -> p.get("epoch").getAsInt()).toList()).containsExactly(1, 2, 3);
      int up = 0;
      for (int i = 0; i < pts.size(); i++) {
        JsonObject p = pts.get(i);
        assertThat(p.get("images").getAsInt()).isEqualTo(SMALL.curveImages());
        assertThat(d(p, "mean_kl_q_to_posterior")).isCloseTo(d(p, "mean_log_p_x") - d(p, "mean_elbo"), within(1e-9))
            .isGreaterThanOrEqualTo(-d(p, "kl_error_estimate"));
        if (i > 0 && d(p, "mean_elbo") > d(pts.get(i - 1), "mean_elbo")
            && d(p, "mean_kl_q_to_posterior") > d(pts.get(i - 1), "mean_kl_q_to_posterior")) up++;
      }
      JsonObject counts = first.getAsJsonObject("gap_curve_intervals").getAsJsonObject(e.getKey());
      assertThat(counts.get("intervals").getAsInt()).isEqualTo(2);
      assertThat(counts.get("elbo_up_and_kl_up").getAsInt()).isEqualTo(up);
    }
  }

  @Test void theIwaeCostTableHasKOneFiveAndFiftyWithTheMatmulPrediction() {
    JsonArray cost = first.getAsJsonArray("iwae_cost");
    assertThat(cost).hasSize(3);
    // encoder 784 x 500 + 500 x 4 multiply-adds once, decoder 2 x 500 + 500 x 784 per draw
    double enc = 784 * 500 + 500 * 4, dec = 2 * 500 + 500 * 784;
    int[] ks = {1, 5, 50};
    for (int i = 0; i < 3; i++) {
      JsonObject c = cost.get(i).getAsJsonObject();
      assertThat(c.get("k").getAsInt()).isEqualTo(ks[i]);
      assertThat(d(c, "predicted_slowdown")).isCloseTo((enc + ks[i] * dec) / (enc + dec), within(1e-12));
    }
  }

  @Test void theSecondRunReusesEveryCheckpointAndGivesTheSameNumbers() {
    List<JsonObject> a = rows(first), b = rows(second);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).get("reused_checkpoint").getAsBoolean()).isFalse();
      assertThat(b.get(i).get("reused_checkpoint").getAsBoolean()).isTrue();
      for (String key : List.of("exact_test_log_p", "exact_train_log_p", "test_elbo", "iw1000", "approximation_gap", "amortization_gap",
          "held_out_log_p", "steps_per_second"))
        assertThat(d(b.get(i), key)).as(key).isEqualTo(d(a.get(i), key));
    }
    assertThat(second.get("gap_curve")).isEqualTo(first.get("gap_curve"));
  }

  @Test void theMarkdownHasATableRowPerObjectiveTheFigureAndTheConclusions() throws IOException {
    String md = Files.readString(dir.resolve("study/study.md"), StandardCharsets.UTF_8);
    for (JsonObject r : rows(first)) assertThat(md).contains("| " + r.get("name").getAsString() + " | " + r.get("epochs").getAsInt() + " | ");
    assertThat(md).contains("![fig-study-gap](fig-study-gap.png)").contains("## Conclusions").contains("Question 4(c)(c)");
    assertThat(dir.resolve("study/fig-study-gap.png")).isRegularFile();
    assertThat(dir.resolve("study/fig-study-gap.svg")).isRegularFile();
  }

}
