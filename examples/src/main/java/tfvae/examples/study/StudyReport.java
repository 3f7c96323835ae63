package tfvae.examples.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tfvae.InferenceGaps;
import tfvae.Objective;
import tfvae.PosteriorKl;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.charts.LineChart;
import tfvae.charts.StackedLineChart;
import tfvae.cli.Report;
import tfvae.io.AtomicFiles;

/**
 * The study's outputs: {@code study.json} ({"rows": [...], "gap_curve": [...], ...}, every number beside its image
 * count), {@code study.md} (the tables, the figure, the conclusions) and the figure {@code fig-study-gap} (PNG and SVG).
 * {@link #partial} rewrites study.json after every objective, so a long run shows what it has.
 */
final class StudyReport {
  static final String FIGURE = "fig-study-gap";
  /** Gauss-Hermite nodes per axis of the first rule of every exact ELBO; it is checked against 6, and refined where they differ. */
  static final int GH = 8;
  /** The goal of the issue, in nats: exact test log p(x) over all test images for the best objective. */
  static final double GOAL = -151;

  private final Study.Settings s;
  private final long seed;
  private final Path out;

  StudyReport(Study.Settings s, long seed, Path out) {
    this.s = s;
    this.seed = seed;
    this.out = out;
  }

  void partial(List<StudyRow> rows) { base(rows).put("complete", false).write(out.resolve("study.json")); }

  private Report base(List<StudyRow> rows) {
    return new Report().put("rows", rows.stream().map(StudyRow::json).toList())
        .put("seed", seed).put("n_train", s.nTrain()).put("n_test", s.nTest())
        .put("held_out", "training-file images " + s.heldFrom() + ".." + (s.heldFrom() + s.nHeld() - 1))
        .put("evidence_tolerance", s.tolerance()).put("gauss_hermite_points_per_axis", GH)
        .put("svi_samples_per_iteration", s.sviSamples()).put("svi_iterations", s.sviIterations())
        .put("available_processors", Runtime.getRuntime().availableProcessors());
  }

  /** The two gap-curve models: the ELBO one and the IWAE one with the best final held-out log p(x). */
  static List<StudyRow> curveModels(List<StudyRow> rows) {
    List<StudyRow> out = new ArrayList<>();
    rows.stream().filter(r -> r.objective().equals(Objective.elbo())).findFirst().ifPresent(out::add);
    rows.stream().filter(r -> r.objective().kind() == Objective.Kind.IWAE && r.objective().unweighted() && !r.curve().testPoints().isEmpty())
        .max((a, b) -> Double.compare(a.heldOutFinal(), b.heldOutFinal())).ifPresent(out::add);
    return out;
  }

  /** Multiply-adds per image of one training step's forward pass: the encoder once, the decoder k times. */
  static double macs(int k) {
    int d = 784, h = Vae.DEFAULT_HIDDEN, z = 2;
    double encoder = (double) d * h + (double) h * 2 * z, decoder = (double) z * h + (double) h * d;
    return encoder + k * decoder;
  }

  /** One model's row of the IWAE cost table: training speed against the multiply-adds per image of one step. */
  record Cost(String model, int k, double stepsPerSecond, long steps, double measuredSlowdown, double predictedSlowdown,
      double macsPerImage) {}

  /** The least-squares line through the cost table: milliseconds per step = fixed + slope x million multiply-adds per image. */
  record Fit(double fixedMsPerStep, double msPerStepPerMillionMacsPerImage) {}

  /** Question 4(c)(c) on one gap-curve model: how many evaluation intervals had the ELBO and the KL both rising. */
  record Counts(int intervals, long elboUpAndKlUp, long elboUpAndKlUpBeyondError, int images, List<Map<String, Object>> detail) {
    static Counts of(List<PosteriorKl.Change> iv, int images) {
      return new Counts(iv.size(), iv.stream().filter(PosteriorKl.Change::bothRose).count(),
          iv.stream().filter(PosteriorKl.Change::beyondError).count(), images, iv.stream().map(Report::change).toList());
    }
  }

  /**
   * @param seconds wall time of this run of the study
   */
  void finish(List<StudyRow> rows, double seconds) {
    List<StudyRow> curves = curveModels(rows);
    List<StudyCurve.GapPoint> gapCurve = new ArrayList<>();
    Map<String, Counts> counts = new LinkedHashMap<>();
    for (StudyRow r : curves) {
      for (StudyCurve.Point p : r.curve().testPoints()) gapCurve.add(p.gapPoint(r.name()));
      counts.put(r.name(), Counts.of(StudyCurve.intervals(r.curve().testPoints()), r.curve().testPoints().get(0).testImages));
    }
    List<Cost> cost = iwaeCost(rows);
    figure(curves).save(out);
    Fit fit = costFit(cost);
    long reused = rows.stream().filter(StudyRow::reused).count();
    String run = f("This run took %.0f s (%.1f minutes) on %d processors; %d of its %d models were reused from their checkpoints.",
        seconds, seconds / 60, Runtime.getRuntime().availableProcessors(), reused, rows.size());
    List<String> conclusions = conclusions(rows, curves, counts, cost, fit);
    base(rows).put("gap_curve", gapCurve).put("gap_curve_intervals", counts).put("iwae_cost", cost)
        .put("iwae_cost_fit", fit == null ? Map.of() : fit).put("study_seconds", seconds).put("models_reused", reused)
        .put("conclusions", conclusions).put("figures", List.of(FIGURE)).put("complete", true).write(out.resolve("study.json"));
    AtomicFiles.writeString(out.resolve("study.md"), markdown(rows, curves, counts, cost, conclusions) + "\n" + run + "\n");
  }

  private static List<Cost> iwaeCost(List<StudyRow> rows) {
    StudyRow one = rows.stream().filter(r -> r.objective().equals(Objective.elbo())).findFirst().orElse(null);
    if (one == null) return List.of();
    return rows.stream().filter(r -> r.objective().unweighted() && r.epochs() == one.epochs()
            && (r.objective().equals(Objective.elbo()) || r.objective().kind() == Objective.Kind.IWAE))
        .map(r -> new Cost(r.name(), r.objective().k(), r.stepsPerSecond(), r.steps(), one.stepsPerSecond() / r.stepsPerSecond(),
            macs(r.objective().k()) / macs(1), macs(r.objective().k()))).toList();
  }

  /** @return the least-squares line through the cost table's points, or null with fewer than two distinct k */
  static Fit costFit(List<Cost> cost) {
    int n = cost.size();
    if (cost.stream().map(Cost::k).distinct().count() < 2) return null;
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (Cost c : cost) {
      mx += c.macsPerImage() / 1e6 / n;
      my += 1e3 / c.stepsPerSecond() / n;
    }
    for (Cost c : cost) {
      double x = c.macsPerImage() / 1e6 - mx, y = 1e3 / c.stepsPerSecond() - my;
      sxy += x * y;
      sxx += x * x;
    }
    double b = sxy / sxx;
    return new Fit(my - b * mx, b);
  }

  private static Figure figure(List<StudyRow> curves) {
    List<LineChart.Curve> top = new ArrayList<>(), bottom = new ArrayList<>();
    for (StudyRow r : curves) {
      List<StudyCurve.Point> p = r.curve().testPoints();
      double[] x = new double[p.size()], elbo = new double[p.size()], logP = new double[p.size()], kl = new double[p.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = p.get(i).epoch;
        elbo[i] = p.get(i).testElbo;
        logP[i] = p.get(i).testLogP;
        kl[i] = p.get(i).testKl;
      }
      top.add(new LineChart.Curve(r.name() + ": mean ELBO", x, elbo));
      top.add(new LineChart.Curve(r.name() + ": exact mean log p(x)", x, logP));
      bottom.add(new LineChart.Curve(r.name() + ": mean KL(q(z|x) || p(z|x))", x, kl));
    }
    int images = curves.isEmpty() || curves.get(0).curve().testPoints().isEmpty() ? 0 : curves.get(0).curve().testPoints().get(0).testImages;
    return StackedLineChart.figure(FIGURE, "ELBO, exact log p(x) and their difference, " + images + " test images", "epoch", top,
        "nats per image", bottom, "KL (nats per image)");
  }

  private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

  private List<String> conclusions(List<StudyRow> rows, List<StudyRow> curves, Map<String, Counts> counts, List<Cost> cost, Fit fit) {
    List<String> c = new ArrayList<>();
    StudyRow best = rows.stream().max((a, b) -> Double.compare(a.exactTest().mean(), b.exactTest().mean())).orElseThrow();
    StudyRow elbo = rows.stream().filter(r -> r.objective().equals(Objective.elbo())).findFirst().orElse(rows.get(0));
    c.add(f("The best objective by exact test log p(x) is %s: %.2f nats over all %d test images, %.2f nats above the"
        + " single-sample ELBO objective's %.2f; the goal of %.0f nats was %s.", best.name(), best.exactTest().mean(),
        best.exactTest().logP().length, best.exactTest().mean() - elbo.exactTest().mean(), elbo.exactTest().mean(), GOAL,
        best.exactTest().mean() >= GOAL ? "reached" : f("not reached (short by %.2f nats)", GOAL - best.exactTest().mean())));
    c.add(f("What limits it: the exact log p(x) of the %d training images is %.2f, %.2f nats above the test images' (overfitting);"
        + " the inference gaps on %d test images are %.2f nats of approximation (the Gaussian family) and %.2f of amortization"
        + " (the encoder), against %.2f and %.2f for the ELBO objective.", best.exactTrain().logP().length, best.exactTrain().mean(),
        best.exactTrain().mean() - best.exactTest().mean(), best.gaps().images(), best.gaps().approximationGap(),
        best.gaps().amortizationGap(), elbo.gaps().approximationGap(), elbo.gaps().amortizationGap()));
    for (StudyRow r : curves) {
      Counts m = counts.get(r.name());
      c.add(f("Question 4(c)(c), %s model: in %s of %s evaluation intervals the mean ELBO rose while the mean KL(q(z|x) || p(z|x))"
          + " also rose (%s beyond the KL's error estimate), on %s test images: a rising ELBO does not mean a better posterior.",
          r.name(), m.elboUpAndKlUp(), m.intervals(), m.elboUpAndKlUpBeyondError(), m.images()));
    }
    StudyRow last = rows.get(rows.size() - 1);
    StudyCurve.Point bh = last.curve().bestHeldOut(), lh = last.curve().lastHeldOut();
    if (bh != null && lh != null)
      c.add(bh.epoch == lh.epoch
          ? f("Early stopping on the exact held-out log p(x) (%d images) changes nothing for %s: it is highest at the last epoch, %d (%.2f).",
              lh.heldOutImages, last.name(), lh.epoch, lh.heldOutLogP)
          : f("Early stopping on the exact held-out log p(x) (%d images) would stop %s at epoch %d (%.2f) instead of %d (%.2f), %.2f nats"
              + " better on the held-out images.", lh.heldOutImages, last.name(), bh.epoch, bh.heldOutLogP, lh.epoch, lh.heldOutLogP,
              bh.heldOutLogP - lh.heldOutLogP));
    for (Cost m : cost)
      if (m.k() > 1)
        c.add(f("IWAE with k = %d trains at %.1f steps/s, %.1f times slower than k = 1; the matrix multiplications predict %.1f times.",
            m.k(), m.stepsPerSecond(), m.measuredSlowdown(), m.predictedSlowdown()));
    if (fit != null)
      c.add(f("The step times fit %.2f ms per step plus %.2f ms per million multiply-adds per image: the fixed cost (session run,"
          + " small operations) is why a larger k costs less than its arithmetic says.", fit.fixedMsPerStep(),
          fit.msPerStepPerMillionMacsPerImage()));
    long bad = rows.stream().filter(r -> !r.consistent()).count();
    c.add(bad == 0 ? "Every row is consistent: ELBO <= IW-" + s.iwK() + " <= exact log p(x) within 3 standard errors, both gaps >= 0 within the"
        + " SVI tolerance, and the gap identities hold to 1e-3 nats."
        : bad + " row(s) failed a consistency check (see consistency in study.json).");
    return c;
  }

  private String markdown(List<StudyRow> rows, List<StudyRow> curves, Map<String, Counts> counts, List<Cost> cost, List<String> conclusions) {
    StringBuilder md = new StringBuilder("# Objectives study\n\n");
    StudyRow r0 = rows.get(0);
    md.append(f("Same architecture for every row (2-D latent, %d tanh units, Bernoulli), %d training images, seed %d. Exact log p(x) by"
        + " quadrature (tolerance %.2f nats) on all %d test and all %d training images; ELBO and IW-%d on the seeded %d-image test"
        + " subset; the gaps on a seeded %d-image test subset (q* by batched SVI from the encoder's q: %d samples, rounds of %d Adam"
        + " steps until converged); held-out: %d training-file images %d..%d.\n\n", Vae.DEFAULT_HIDDEN, s.nTrain(), seed, s.tolerance(),
        r0.exactTest().logP().length, r0.exactTrain().logP().length, s.iwK(), r0.evalImages(), r0.gaps().images(), s.sviSamples(),
        s.sviIterations(), s.nHeld(), s.heldFrom(), s.heldFrom() + s.nHeld() - 1));
    md.append("| objective | epochs | exact test log p(x) | exact train log p(x) | ELBO | IW-").append(s.iwK())
        .append(" | approximation gap | amortization gap | held-out log p(x) (best epoch) | train seconds | steps/s | consistent |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (StudyRow r : rows) {
      StudyCurve.Point bh = r.curve().bestHeldOut();
      md.append(f("| %s | %d | %.2f | %.2f | %.2f ± %.2f | %.2f ± %.2f | %.3f | %.3f | %.2f (%s) | %.0f | %.1f | %s |\n", r.name(), r.epochs(),
          r.exactTest().mean(), r.exactTrain().mean(), r.exactElbo(), r.elboNoise(), r.iw(), r.iwNoise(), r.gaps().approximationGap(),
          r.gaps().amortizationGap(), r.heldOutFinal(), bh == null ? "" : Integer.toString(bh.epoch), r.trainSeconds(), r.stepsPerSecond(),
          r.consistent() ? "yes" : "**no**"));
    }
    md.append(f("\nImage counts: exact test %d, exact train %d, ELBO and IW %d, gaps %d, held-out %d. ELBO is exact (Gauss-Hermite, %d"
        + " points per axis, refined per image to %.2f nats); ± is the standard error of the Monte Carlo single-sample ELBO beside it"
        + " (k = 1, as the main job) and of IW-%d (from a second seed). Steps/s counts only the Adam steps; the train seconds of a row"
        + " that continues another include the epochs of the row it continues.\n", r0.exactTest().logP().length,
        r0.exactTrain().logP().length, r0.evalImages(), r0.gaps().images(), s.nHeld(), GH, InferenceGaps.ELBO_TOLERANCE, s.iwK()));
    md.append("\n## Inference gaps and their checks\n\n| objective | log p(x) | ELBO(q*) | ELBO(encoder q) | approximation | amortization |"
        + " identity error | SVI rounds | last round's gain (mean, largest) | largest ELBO error | images with amortization < 0 | tolerance |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (StudyRow r : rows) {
      InferenceGaps g = r.gaps();
      md.append(f("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.1e | %d | %+.4f, %+.4f | %.1e | %d of %d (min %.4f) | %.4f |\n", r.name(),
          g.meanLogP(), g.meanElboStar(), g.meanElboEncoder(), g.approximationGap(), g.amortizationGap(), g.identityError(), g.sviRounds(),
          g.lastRoundGain(), g.lastRoundMaxGain(), g.ghMaxError(), g.negativeAmortization(), g.images(), g.minAmortization(), r.gapTolerance()));
    }
    md.append(f("\nConvergence of q*: SVI (%d samples, %d Adam steps of %.2g per round) starts at the encoder's q and runs in rounds,"
        + " each from the best q so far (q* of an image: the best q of all rounds), until a round raises the mean exact ELBO(q*) by less than"
        + " %.3f nats (at most %d rounds). Both ELBOs are exact: Gauss-Hermite with 8 nodes per axis, refined per image (16, 32, 64, 128)"
        + " until it moves by less than %.2f nats. The tolerance of the"
        + " gaps' signs is the last round's largest gain plus the largest ELBO error and the grid's error, plus 1e-3.\n", s.sviSamples(),
        s.sviIterations(), Study.SVI_LEARNING_RATE, InferenceGaps.SVI_CONVERGED, InferenceGaps.SVI_MAX_ROUNDS, InferenceGaps.ELBO_TOLERANCE));
    md.append("\n## Question 4(c)(c): does a rising ELBO mean a smaller KL(q(z|x) || p(z|x))?\n\n| model | intervals | ELBO up and KL up |"
        + " beyond the KL's error | images |\n|---|---|---|---|---|\n");
    for (StudyRow r : curves) {
      Counts m = counts.get(r.name());
      md.append(f("| %s | %s | %s | %s | %s |\n", r.name(), m.intervals(), m.elboUpAndKlUp(), m.elboUpAndKlUpBeyondError(), m.images()));
    }
    md.append("\n![").append(FIGURE).append("](").append(FIGURE).append(".png)\n");
    md.append("\n| model | epoch | mean ELBO | exact mean log p(x) | mean KL |\n|---|---|---|---|---|\n");
    for (StudyRow r : curves)
      for (StudyCurve.Point p : r.curve().testPoints())
        md.append(f("| %s | %d | %.3f | %.3f | %.4f |\n", r.name(), p.epoch, p.testElbo, p.testLogP, p.testKl));
    md.append("\n## IWAE cost\n\n| model | k | steps/s | slowdown measured | slowdown predicted |\n|---|---|---|---|---|\n");
    for (Cost m : cost)
      md.append(f("| %s | %s | %.1f | %.2f | %.2f |\n", m.model(), m.k(), m.stepsPerSecond(), m.measuredSlowdown(), m.predictedSlowdown()));
    md.append("\nPredicted: multiply-adds per image of a step, encoder 784 x 500 + 500 x 4 once plus decoder k (2 x 500 + 500 x 784),"
        + " relative to k = 1 (the backward pass scales the same way).\n");
    md.append("\n## Conclusions\n\n");
    for (String line : conclusions) md.append("- ").append(line).append('\n');
    return md.toString();
  }
}
