package tfvae.examples.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.BadDataException;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.EpochProbe;
import tfvae.EpochStats;
import tfvae.Evidence;
import tfvae.InvalidConfigException;
import tfvae.Mask;
import tfvae.Objective;
import tfvae.SviOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Mnist;
import tfvae.ExactElbo;
import tfvae.InferenceGaps;
import tfvae.PosteriorKl;
import tfvae.data.Subsets;
import tfvae.cli.Cli;
import tfvae.io.OutputLock;
import tfvae.io.OutputDirectory;

/**
 * The objectives study: the assignment's architecture trained under the single-sample ELBO, the analytic-KL ELBO,
 * IWAE with k = 5 and k = 50, and the best of these (by exact held-out log p(x)) with a KL warm-up (and more
 * epochs when its held-out curve still rises), each judged by the exact log p(x) of a 2-D latent; the inference gaps
 * of Cremer, Li and Duvenaud (2018); and the ELBO-versus-KL curve of the assignment's question 4(c)(c). See
 * {@link StudyReport} for the outputs.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = "Trains the assignment's VAE (2-D latent, 500 tanh units, Bernoulli, 10000 training images) under each"
        + " objective (elbo, analytic-kl, iwae k=5, iwae k=50, the best with a KL warm-up) and judges them by the exact"
        + " log p(x) (quadrature); measures the approximation and amortization gaps and the ELBO/KL curve of question"
        + " 4(c)(c); writes study.json, study.md and fig-study-gap into --out. Each model's checkpoint is reused when its"
        + " settings match, so a second run only redoes the evaluation.")
public final class Study implements Callable<Integer>, Cli.OptionCheck {
  @Option(names = "--data", paramLabel = "DIR", description = "directory holding the MNIST idx files")
  Path data = Path.of("data/mnist");

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (one subdirectory per objective)")
  Path out = Path.of("out/study");

  @Option(names = "--seed", paramLabel = "S", description = "seed of the models and of every image subset")
  long seed = 0;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs of each objective (default 100; 3 with --quick)")
  Integer epochs;

  @Option(names = "--warmup", paramLabel = "EPOCHS", description = "KL warm-up of the last objective (default 10; 1 with --quick)")
  Integer warmup;

  @Option(names = "--more-epochs", paramLabel = "N", description = "extra epochs of the warm-up model when its exact held-out"
      + " log p(x) still rose by more than 0.1 nats between its last two evaluations (5 epochs apart) (0: never; default 50, 0 with --quick)")
  Integer moreEpochs;

  @Option(names = "--quick", description = "a small study for tests and a first look: 200 training, 50 test and 20 held-out"
      + " images of the data (the test fixture's 1000 suffice), 3 epochs, small subsets, 300 SVI iterations and a grid tolerance of 0.05 nats")
  boolean quick;

  @Option(names = "--quiet", description = "print only errors and the final summary line")
  boolean quiet;

  public static void main(String[] args) { Cli.run(new Study(), args); }

  /** Grid tolerance of every exact log p(x), in nats per image. */
  static final double EVIDENCE_TOLERANCE = 0.01;
  /** Adam's step size of the gaps' SVI. */
  static final double SVI_LEARNING_RATE = 0.01;
  /** The finest Gauss-Hermite rule (nodes per axis) of the gap curve's ELBOs, which run at every evaluation epoch. */
  static final int CURVE_NODES = 32;
  /** The k of the IW-k row (study.json's {@code iw1000}). */
  static final int IW_K = 1000;
  /** Held-out rise over the last 5 epochs, in nats, above which the warm-up model gets more epochs. */
  static final double STILL_RISING = 0.1;

  /** The study's sizes: the full study's, or --quick's. */
  record Settings(int nTrain, int nTest, int heldFrom, int nHeld, int epochs, int warmup, int moreEpochs, int evalImages,
      int gapImages, int curveImages, int iwNoiseImages, int sviSamples, int sviIterations, int stride, double tolerance) {
    static Settings full() {
      return new Settings(Mnist.ASSIGNMENT_TRAIN, Mnist.ASSIGNMENT_TEST, 20_000, 1000, TrainOptions.DEFAULT_EPOCHS, 10, 50,
          1000, 200, 1000, 100, 8, 500, 5, EVIDENCE_TOLERANCE);
    }

    static Settings quick() { return new Settings(200, 50, 250, 20, 3, 1, 0, 20, 6, 12, 10, 32, 300, 5, 0.05); }
  }

  Settings quickSettings = Settings.quick(); // what --quick stands for; StudyTest sets smaller sizes (a test-only hook)
  private Settings settings() {
    Settings base = quick ? quickSettings : Settings.full();
    Settings s = new Settings(base.nTrain(), base.nTest(), base.heldFrom(), base.nHeld(),
        check("--epochs", epochs == null ? base.epochs() : epochs, 1, 100_000),
        check("--warmup", warmup == null ? base.warmup() : warmup, 0, 100_000),
        check("--more-epochs", moreEpochs == null ? base.moreEpochs() : moreEpochs, 0, 100_000),
        base.evalImages(), base.gapImages(), base.curveImages(), base.iwNoiseImages(), base.sviSamples(),
        base.sviIterations(), base.stride(), base.tolerance());
    if (s.warmup() >= s.epochs())
      throw new InvalidConfigException("--warmup " + s.warmup() + " must be below --epochs " + s.epochs() + ", or the KL weight never reaches 1");
    return s;
  }

  /** The settings checked, nothing read or written (scripts/study runs this before it fetches MNIST). */
  @Override public void checkOptions() { settings(); }

  @Override public Integer call() throws IOException {
    Settings s = settings();
    OutputDirectory.prepare(out);
    long t0 = System.nanoTime();
    try (OutputLock lock = OutputLock.acquire(out)) {
      Data d = loadData(s);
      StudyReport report = new StudyReport(s, seed, out);
      List<StudyRow> rows = new ArrayList<>();
      List<Objective> objectives = List.of(Objective.elbo(), Objective.analyticKl(), Objective.iwae(5), Objective.iwae(50));
      for (Objective o : objectives) rows.add(runRow(d, s, o, s.epochs(), null, curveModel(o), report, rows));
      StudyRow best = rows.stream().max((a, b) -> Double.compare(a.heldOutFinal(), b.heldOutFinal())).orElseThrow();
      StudyRow warm = runRow(d, s, best.objective().withWarmup(s.warmup()), s.epochs(), null, false, report, rows);
      rows.add(warm);
      if (s.moreEpochs() > 0 && stillRising(warm.heldOut()))
        rows.add(runRow(d, s, warm.objective(), s.epochs() + s.moreEpochs(), warm, false, report, rows));
      report.finish(rows, (System.nanoTime() - t0) / 1e9);
      say(String.format(Locale.ROOT, "wrote %s, %s and %s in %.1f s", out.resolve("study.json"), out.resolve("study.md"),
          out.resolve(StudyReport.FIGURE + ".png"), (System.nanoTime() - t0) / 1e9));
      StudyRow top = rows.stream().max((a, b) -> Double.compare(a.exactTest().mean(), b.exactTest().mean())).orElseThrow();
      System.out.printf(Locale.ROOT, "best exact test log p(x) %.2f nats (%s, all %d test images); study took %.1f s%n",
          top.exactTest().mean(), top.name(), top.exactTest().logP().length, (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }

  /** The ELBO model and the IWAE models get the test-subset gap curve (the best IWAE one is drawn). */
  private static boolean curveModel(Objective o) { return o.unweighted() && (o.kind() == Objective.Kind.ELBO || o.kind() == Objective.Kind.IWAE); }

  /** @return whether the exact held-out log p(x) rose by more than {@link #STILL_RISING} from its last but one evaluation to its last */
  static boolean stillRising(List<StudyRow.HeldOut> h) {
    return h.size() >= 2 && h.get(h.size() - 1).heldOutLogP() - h.get(h.size() - 2).heldOutLogP() > STILL_RISING;
  }

  /** The split, a held-out slice of the training file never trained on, the gap curve's test subset, the held-out images
   * followed by that subset (one quadrature for both), and the held-out images' hash (in the curve probe's name). */
  record Data(DataSplit split, Images heldOut, Images curveTest, Images heldOutAndCurveTest, String dataKey) {}

  private Data loadData(Settings s) {
    DataSplit split;
    Images file;
    try {
      file = Mnist.readSet(data, "train");
      int needed = Math.max(s.nTrain() + s.nTest(), s.heldFrom() + s.nHeld());
      if (file.count() < needed)
        throw new InvalidConfigException("the study needs training-file images 0.." + (needed - 1) + " (" + s.nTrain() + " training, "
            + s.nTest() + " test, " + s.nHeld() + " held-out from " + s.heldFrom() + ") but " + data + " holds " + file.count()
            + (quick ? "" : " (pass --quick for a small study)"));
      split = DataSplit.assignment(data, s.nTrain(), s.nTest()).binarize();
    } catch (BadDataException e) {
      throw new BadDataException(e.getMessage() + "; run scripts/fetch-mnist, or point --data at a directory holding the MNIST idx files", e);
    }
    Images heldOut = file.slice(s.heldFrom(), s.heldFrom() + s.nHeld()).binarize();
    Images curveTest = Subsets.of(split.test(), s.curveImages(), seed);
    String key = "sha256 " + TrainingRecord.Data.of(heldOut).sha256();
    return new Data(split, heldOut, curveTest, heldOut.concat(curveTest), key);
  }

  /**
   * Trains (or reuses) one objective's model with the exact evaluations during training ({@link CurveProbe}), then
   * evaluates it.
   *
   * @param continues the row whose run this one continues for more epochs (its checkpoint, under RESUME), or null
   */
  private StudyRow runRow(Data d, Settings s, Objective o, int totalEpochs, StudyRow continues, boolean curve,
      StudyReport report, List<StudyRow> done) {
    String name = StudyRow.name(o, totalEpochs, s.epochs());
    Path dir = out.resolve(name), ckpt = dir.resolve("model.ckpt");
    Vae spec = Vae.builder().latent(2).hidden(Vae.DEFAULT_HIDDEN).seed(seed).objective(o).build();
    long t0 = System.nanoTime();
    TrainOptions options = TrainOptions.builder().epochs(totalEpochs).testEvery(s.stride()).progress(!quiet).checkpoint(ckpt)
        .checkpointEvery(0).probe(new CurveProbe(d, curve, s.tolerance(), s.stride())).listener(stats -> {
          Map<String, Double> m = stats.measures();
          if (m.isEmpty()) return;
          say(String.format(Locale.ROOT, "  epoch %d: held-out log p(x) %.2f%s (%.1f s)", stats.epoch(), m.get("held_out_log_p"),
              m.containsKey("test_kl") ? String.format(Locale.ROOT, ", test subset ELBO %.2f, log p(x) %.2f, KL %.3f", m.get("test_elbo"),
                  m.get("test_log_p"), m.get("test_kl")) : "", m.get("seconds")));
        }).build();
    CheckpointPolicy policy = continues == null ? CheckpointPolicy.REUSE : CheckpointPolicy.RESUME;
    try {
      Files.createDirectories(dir);
      if (continues != null && !Files.isRegularFile(ckpt)) Files.copy(out.resolve(continues.name()).resolve("model.ckpt"), ckpt);
      say("training " + name + " (" + o + ", " + totalEpochs + " epochs), or " + (continues == null ? "reusing " : "continuing ") + ckpt);
      try (TrainingRun run = train(spec, d, options, policy, continues, ckpt)) {
        if (run.note() != null) say(run.note());
        double trainWall = (System.nanoTime() - t0) / 1e9;
        TrainedVae model = run.model();
        say(String.format(Locale.ROOT, "%s: %s in %.1f s; evaluating", name, run.trained() ? "trained" : "reused", trainWall));
        StudyRow row = evaluate(name, model, o, d, s, !run.trained());
        say(row.summary());
        List<StudyRow> so = new ArrayList<>(done);
        so.add(row);
        report.partial(so);
        return row;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Trains; a continued row whose checkpoint holds another run starts again from a copy of its base run's. */
  private TrainingRun train(Vae spec, Data d, TrainOptions options, CheckpointPolicy policy, StudyRow continues, Path ckpt)
      throws IOException {
    try {
      return spec.train(d.split(), options, policy);
    } catch (CheckpointException e) {
      if (continues == null) throw e;
      say(e.getMessage() + "; continuing " + continues.name() + " again");
      Files.copy(out.resolve(continues.name()).resolve("model.ckpt"), ckpt, StandardCopyOption.REPLACE_EXISTING);
      return spec.train(d.split(), options, policy);
    }
  }

  /**
   * The study's training-time evaluation, at epochs 1..5, every stride epochs and the last: the exact held-out log
   * p(x) and, for the gap-curve models, the test subset's exact ELBO, log p(x), KL and KL error, one quadrature for
   * both. Its name carries every setting its values depend on beyond the run's own record.
   */
  record CurveProbe(Data d, boolean test, double tolerance, int stride) implements EpochProbe {
    static boolean due(int epoch, int total, int stride) { return epoch <= 5 || epoch % stride == 0 || epoch == total; }

    @Override public boolean due(int epoch, int total) { return due(epoch, total, stride); }

    @Override public String name() {
      return "study curve: exact log p(x) of " + d.heldOut().count() + " held-out images (" + d.dataKey() + ") at tolerance " + tolerance
          + ", exact ELBO and KL of " + (test ? d.curveTest().count() : 0) + " test images, epochs 1-5 and every " + stride;
    }

    @Override public Map<String, Double> measure(TrainedVae m, EpochStats stats) {
      long t0 = System.nanoTime();
      int nh = d.heldOut().count();
      Evidence both = m.logEvidence(test ? d.heldOutAndCurveTest() : d.heldOut(), Mask.all(m.spec().dataDim()), tolerance), ev = both.slice(0, nh);
      PosteriorKl r = test ? PosteriorKl.measure(m, d.curveTest(), both.slice(nh, both.logP().length), InferenceGaps.ELBO_TOLERANCE, CURVE_NODES) : null;
      Map<String, Double> v = new LinkedHashMap<>(); // StudyRow.heldOut and .gapCurve read them back
      v.put("held_out_log_p", ev.mean());
      v.put("held_out_error", ev.maxError());
      v.put("held_out_images", (double) nh);
      if (r != null) {
        v.put("test_elbo", r.elbo());
        v.put("test_log_p", r.logP());
        v.put("test_kl", r.kl());
        v.put("test_kl_error", r.klError());
        v.put("test_images", (double) r.images());
      }
      v.put("seconds", (System.nanoTime() - t0) / 1e9);
      return v;
    }
  }

  /** Every final number of one objective's model. */
  private StudyRow evaluate(String name, TrainedVae model, Objective o, Data d, Settings s, boolean reused) {
    Images test = d.split().test(), train = d.split().train();
    long t0 = System.nanoTime();
    Evidence exactTest = model.logEvidence(test, Mask.all(model.spec().dataDim()), s.tolerance());
    Evidence exactTrain = model.logEvidence(train, Mask.all(model.spec().dataDim()), s.tolerance());
    double exactSeconds = (System.nanoTime() - t0) / 1e9;
    int[] evalIdx = Subsets.indices(test.count(), s.evalImages(), seed);
    Images eval = test.select(evalIdx);
    double[] logPEval = exactTest.select(evalIdx).logP();
    double[] mc = model.importanceWeighted(eval, 1, seed);
    tfvae.Encoding enc = model.encode(eval);
    ExactElbo.Estimate exactElbo = ExactElbo.refined(model, eval, enc.mean(), enc.logStd(), InferenceGaps.ELBO_TOLERANCE,
        InferenceGaps.MAX_NODES);
    double[] iw = model.importanceWeighted(eval, IW_K, seed);
    // the Monte Carlo noise of IW-k: a second seed on the first iwNoiseImages images of the subset
    int nn = Math.min(s.iwNoiseImages(), eval.count());
    double[] iw2 = model.importanceWeighted(eval.slice(0, nn), IW_K, seed + 1);
    double[] diff = new double[nn];
    for (int i = 0; i < nn; i++) diff[i] = iw[i] - iw2[i];
    double iwNoise = sd(diff) / Math.sqrt(2) / Math.sqrt(eval.count());
    double[] mcResidual = new double[eval.count()];
    for (int i = 0; i < eval.count(); i++) mcResidual[i] = mc[i] - exactElbo.elbo()[i];
    double mcNoise = sd(mcResidual) / Math.sqrt(eval.count());
    int[] gapIdx = Subsets.indices(test.count(), s.gapImages(), seed);
    Images gapImages = test.select(gapIdx);
    Evidence gapExact = exactTest.select(gapIdx);
    InferenceGaps gaps = InferenceGaps.measure(model, gapImages, gapExact.logP(), InferenceGaps.mean(gapExact.errors()),
        SviOptions.builder().samples(s.sviSamples()).iterations(s.sviIterations()).learningRate(SVI_LEARNING_RATE).seed(seed).build());
    List<EpochStats> h = model.history();
    double stepSeconds = h.stream().mapToDouble(EpochStats::seconds).sum();
    double trainSeconds = h.stream().mapToDouble(e -> e.seconds() + e.evalSeconds()).sum();
    long steps = h.get(h.size() - 1).steps();
    return new StudyRow(name, o, h.size(), exactTest, exactTrain, InferenceGaps.mean(mc), mcNoise, InferenceGaps.mean(exactElbo.elbo()),
        InferenceGaps.mean(iw), iwNoise, InferenceGaps.mean(logPEval), eval.count(), gaps, StudyRow.heldOut(h), StudyRow.gapCurve(name, h),
        h.stream().mapToDouble(e -> e.measures().getOrDefault("seconds", 0.0)).sum(), trainSeconds, stepSeconds, steps, reused,
        exactSeconds, (System.nanoTime() - t0) / 1e9);
  }

  static double sd(double[] v) {
    if (v.length < 2) return 0;
    double m = InferenceGaps.mean(v), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / (v.length - 1));
  }

  private static int check(String option, int v, int lo, int hi) {
    if (v < lo || v > hi) throw new InvalidConfigException(option + " must be in [" + lo + ", " + hi + "], got " + v);
    return v;
  }

  private void say(String line) { if (!quiet) System.out.println(line); }
}
