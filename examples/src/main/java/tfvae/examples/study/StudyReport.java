package tfvae.examples.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    rows.stream().filter(r -> r.objective().kind() == Objective.Kind.IWAE && r.objective().unweighted() && !r.gapCurve().isEmpty())
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
    List<StudyRow.GapPoint> gapCurve = new ArrayList<>();
    Map<String, Counts> counts = new LinkedHashMap<>();
    for (StudyRow r : curves) {
      gapCurve.addAll(r.gapCurve());
      counts.put(r.name(), Counts.of(r.intervals(), r.gapCurve().get(0).images()));
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
      List<StudyRow.GapPoint> p = r.gapCurve();
      double[] x = p.stream().mapToDouble(StudyRow.GapPoint::epoch).toArray();
      top.add(new LineChart.Curve(r.name() + ": mean ELBO", x, p.stream().mapToDouble(StudyRow.GapPoint::meanElbo).toArray()));
      top.add(new LineChart.Curve(r.name() + ": exact mean log p(x)", x, p.stream().mapToDouble(StudyRow.GapPoint::meanLogPX).toArray()));
      bottom.add(new LineChart.Curve(r.name() + ": mean KL(q(z|x) || p(z|x))", x,
          p.stream().mapToDouble(StudyRow.GapPoint::meanKlQToPosterior).toArray()));
    }
    int images = curves.isEmpty() || curves.get(0).gapCurve().isEmpty() ? 0 : curves.get(0).gapCurve().get(0).images();
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
    StudyRow.HeldOut bh = last.bestHeldOut(), lh = last.lastHeldOut();
    if (bh != null && lh != null)
      c.add(bh.epoch() == lh.epoch()
          ? f("Early stopping on the exact held-out log p(x) (%d images) changes nothing for %s: it is highest at the last epoch, %d (%.2f).",
              lh.images(), last.name(), lh.epoch(), lh.heldOutLogP())
          : f("Early stopping on the exact held-out log p(x) (%d images) would stop %s at epoch %d (%.2f) instead of %d (%.2f), %.2f nats"
              + " better on the held-out images.", lh.images(), last.name(), bh.epoch(), bh.heldOutLogP(), lh.epoch(), lh.heldOutLogP(),
              bh.heldOutLogP() - lh.heldOutLogP()));
    for (Cost m : cost)
      if (m.k() > 1)
        c.add(f("IWAE with k = %d trains at %.1f steps/s, %.1f times slower than k = 1; the matrix multiplications predict %.1f times.",
            m.k(), m.stepsPerSecond(), m.measuredSlowdown(), m.predictedSlowdown()));
    if (fit != null)
      c.add(f("The step times fit %.2f ms per step plus %.2f ms per million multiply-adds per image: the fixed cost (session run,"
          + " small operations) is why a larger k costs less than its arithmetic says.", fit.fixedMsPerStep(),
          fit.msPerStepPerMillionMacsPerImage()));
    long bad = rows.stream().filter(r -> !r.consistent()).count();
    c.add(bad == 0 ? "Every row is consistent: ELBO <= IW-" + Study.IW_K + " <= exact log p(x) within 3 standard errors, both gaps >= 0 within the"
        + " SVI tolerance, and the gap identities hold to 1e-3 nats."
        : bad + " row(s) failed a consistency check (see consistency in study.json).");
    return c;
  }

  /** A row of study.md's main table. */
  record Main(String objective, int epochs, double exactTestLogP, double exactTrainLogP, String elbo, String iw1000,
      double approximationGap, double amortizationGap, double heldOutLogP, Integer bestHeldOutEpoch, double trainSeconds,
      double stepsPerSecond, boolean consistent) {}

  /** A row of study.md's gaps table: ELBO(q*) and ELBO(encoder q), the gaps, and the checks of SVI's convergence. */
  record GapsRow(String objective, double logPX, double elboQStar, double elboEncoderQ, double approximation, double amortization,
      double identityError, int sviRounds, String lastRoundsGainMeanLargest, double largestElboError, String imagesWithAmortizationBelow0,
      double tolerance) {}

  /** A row of study.md's table of 4(c)(c). */
  record CountsRow(String model, int intervals, long elboUpAndKlUp, long beyondTheKlsError, int images) {}

  /** study.md: the tables of study.json's numbers (the method is docs/objectives-study.md's), the figure, the conclusions. */
  private String markdown(List<StudyRow> rows, List<StudyRow> curves, Map<String, Counts> counts, List<Cost> cost, List<String> conclusions) {
    StudyRow r0 = rows.get(0);
    StringBuilder md = new StringBuilder(f("# Objectives study\n\n2-D latent, %d tanh units, Bernoulli; %d training images, seed %d. Exact"
        + " log p(x) by quadrature (tolerance %.2f nats) on all %d test and %d training images; ELBO (exact, ± the single-sample Monte"
        + " Carlo ELBO's standard error) and IW-%d on %d seeded test images; the gaps on %d; held-out: training-file images %d..%d."
        + " Every number with its image count is in study.json; the method is docs/objectives-study.md's.\n\n", Vae.DEFAULT_HIDDEN,
        s.nTrain(), seed, s.tolerance(), r0.exactTest().logP().length, r0.exactTrain().logP().length, Study.IW_K, r0.evalImages(),
        r0.gaps().images(), s.heldFrom(), s.heldFrom() + s.nHeld() - 1));
    md.append(Report.table(rows.stream().map(r -> {
      StudyRow.HeldOut bh = r.bestHeldOut();
      return new Main(r.name(), r.epochs(), r.exactTest().mean(), r.exactTrain().mean(), f("%.2f ± %.2f", r.exactElbo(), r.elboNoise()),
          f("%.2f ± %.2f", r.iw(), r.iwNoise()), r.gaps().approximationGap(), r.gaps().amortizationGap(), r.heldOutFinal(),
          bh == null ? null : bh.epoch(), r.trainSeconds(), r.stepsPerSecond(), r.consistent());
    }).toList()));
    md.append("\n## Inference gaps and their checks\n\n").append(Report.table(rows.stream().map(r -> new GapsRow(r.name(),
        r.gaps().meanLogP(), r.gaps().meanElboStar(), r.gaps().meanElboEncoder(), r.gaps().approximationGap(), r.gaps().amortizationGap(),
        r.gaps().identityError(), r.gaps().sviRounds(), f("%+.4f, %+.4f", r.gaps().lastRoundGain(), r.gaps().lastRoundMaxGain()),
        r.gaps().ghMaxError(), f("%d of %d (min %.4f)", r.gaps().negativeAmortization(), r.gaps().images(), r.gaps().minAmortization()),
        r.gapTolerance())).toList()));
    md.append("\n## Question 4(c)(c): does a rising ELBO mean a smaller KL(q(z|x) || p(z|x))?\n\n");
    if (!curves.isEmpty()) {
      md.append(Report.table(curves.stream().map(r -> new CountsRow(r.name(), counts.get(r.name()).intervals(),
          counts.get(r.name()).elboUpAndKlUp(), counts.get(r.name()).elboUpAndKlUpBeyondError(), counts.get(r.name()).images())).toList()));
      md.append("\n![").append(FIGURE).append("](").append(FIGURE).append(".png)\n\n");
      md.append(Report.table(curves.stream().flatMap(r -> r.gapCurve().stream()).toList()));
    }
    if (!cost.isEmpty())
      md.append("\n## IWAE cost (predicted: multiply-adds per image of a step, relative to k = 1)\n\n").append(Report.table(cost));
    md.append("\n## Conclusions\n\n");
    for (String line : conclusions) md.append("- ").append(line).append('\n');
    return md.toString();
  }
}
