package tfvae.examples.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tfvae.BadDataException;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.ConditionalDraws;
import tfvae.InvalidConfigException;
import tfvae.LatentViews;
import tfvae.Mask;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.EpochStats;
import tfvae.EvaluationOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.GridPosterior;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.charts.ConditionalFigures;
import tfvae.charts.Figure;
import tfvae.charts.LatentScatter;
import tfvae.charts.MaskCompletions;
import tfvae.charts.VaeFigures;
import tfvae.data.DataSplit;
import tfvae.data.Subsets;
import tfvae.Completions;
import tfvae.cli.Cli;
import tfvae.cli.Evaluation;
import tfvae.cli.ImageData;
import tfvae.cli.Memory;
import tfvae.cli.ModelOptions;
import tfvae.io.OutputLock;
import tfvae.cli.Report;
import tfvae.cli.RunFacts;
import tfvae.io.StagedOutputs;
import tfvae.io.OutputDirectory;

/** The main job: trains (or reuses) the assignment's VAE and writes the checkpoint, weights.npz, every figure and the reports. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = "Trains the assignment's VAE (binarized MNIST, 2-D latent, 500 tanh units, Adam, batch 100), or reuses the"
        + " output directory's checkpoint when it holds the same run (spec, seed, epochs, batch size, learning rate, training and"
        + " test images); infers z from the top halves of test digits (part 4);"
        + " evaluates the ELBO, importance-weighted and exact (quadrature) log-likelihoods; and writes model.ckpt,"
        + " weights.npz, the figures of parts 2, 3 and 4 (PNG and SVG), report.json and report.md into the output directory.")
public final class Reproduce implements Callable<Integer>, Cli.OptionCheck {
  @Option(names = "--data", paramLabel = "DIR|FILE", description = "a directory holding the four MNIST idx files (raw or .gz;"
      + " Fashion-MNIST too), or a .npz in Keras's mnist.npz layout (x_train, x_test, optional y_train, y_test), or a .csv"
      + " (one example per row, optional header with label and split columns)")
  Path data = Path.of("data/mnist");

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (created if missing)")
  Path out = Path.of("out");

  @Mixin ImageData imageData = ImageData.assignment();

  @Option(names = "--condition", paramLabel = "label|label:K|columns:N", description = "a conditional VAE, q(z|x,c) and p(x|z,c):"
      + " label is the data's digit label one-hot (label:10); needs --no-part4; draws fig-conditional-samples and -styles")
  String condition;

  @Mixin ModelOptions settings = new ModelOptions();

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training images")
  int epochs = TrainOptions.DEFAULT_EPOCHS;

  @Option(names = "--batch-size", paramLabel = "N", description = "images per Adam step")
  int batchSize = TrainOptions.DEFAULT_BATCH_SIZE;

  @Option(names = "--test-every", paramLabel = "N", description = "test ELBO every N epochs (0: only after the last)")
  int testEvery = 1;

  @Option(names = "--quiet", description = "print only errors and the final summary line (no \"wrote\" lines, and no progress:"
      + " without --quiet each epoch and each tenth of SVI is reported on standard error; the library itself is quiet unless asked)")
  boolean quiet;

  /** A test hook: fails the run after its outputs are written and before they replace the earlier run's. */
  @Option(names = "--fail-before-replacing", hidden = true)
  boolean failBeforeReplacing;

  public static void main(String[] args) { Cli.run(new Reproduce(), args); }

  /** Where this run writes its outputs until they replace the earlier run's ({@link StagedOutputs}). */
  private Path staging;

  @Option(names = "--full", description = "part 4 and evaluation at full size: SVI with K = 10000, importance weighting and"
      + " quadrature on all test images (k = 1000 on 1000 and k = 10000 on 100 of them)")
  boolean full;

  @Option(names = "--no-part4", description = "skip part 4 (inference on the top halves, the completions): train (or reuse),"
      + " draw the figures of parts 2 and 3 and run the evaluation")
  boolean noPart4;

  @Option(names = "--no-evaluate", description = "with --no-part4, skip the evaluation too (ELBO, importance weighting, quadrature"
      + " log p(x)): only train (or reuse) and draw the figures of parts 2 and 3")
  boolean noEvaluate;

  @Option(names = "--retrain", description = "train afresh even when the output directory holds a checkpoint of this run; the old"
      + " checkpoint is replaced only once the new run has finished")
  boolean retrain;

  @Option(names = "--resume", description = "continue the run in the output directory (model.ckpt.partial, else model.ckpt)"
      + " when it holds this run (spec, seed, batch size, learning rate, data) with at most --epochs epochs; a checkpoint"
      + " of another run is an error. Training saves after every epoch, so a killed run loses at most one")
  boolean resume;

  /** The spec and the training options checked, nothing read or written (scripts/reproduce runs this before it fetches MNIST). */
  @Override public void checkOptions() {
    spec();
    trainOptions();
    imageData.check();
    checkEvaluation();
  }

  private void checkEvaluation() {
    if (condition != null && !noPart4)
      throw new InvalidConfigException("--condition: part 4 (SVI on the top halves, the completions) takes no condition yet; add --no-part4");
    if (noEvaluate && !noPart4)
      throw new InvalidConfigException("--no-evaluate skips the evaluation only with --no-part4 (part 4 needs it): add --no-part4,"
          + " or drop --no-evaluate");
  }

  @Override public Integer call() throws IOException {
    checkOptions();
    Vae spec = spec();
    TrainOptions options = trainOptions();
    OutputDirectory.prepare(out);
    try (OutputLock lock = OutputLock.acquire(out)) {
      StagedOutputs stage = StagedOutputs.begin(out, "model.ckpt", line -> { if (!quiet) System.out.println(line); });
      boolean replacedCheckpoint = false;
      try {
        DataSplit mnist = imageData.read(data, spec.likelihood());
        staging = stage.dir();
        // everything the figures need from the data, checked before the first training step: a run that would fail after
        // training must not replace the output directory's model with one its reports and figures do not describe
        Images tr = mnist.train();
        boolean shaped = tr.hasImageShape(), labels = tr.hasLabels() && mnist.test().hasLabels();
        boolean images = shaped && tr.height() == tr.width() && tr.height() >= 2; // the figures tile square images; part 4 halves them
        if (labels) {
          checkLabels("training", tr);
          checkLabels("test", mnist.test());
        }
        int[][] pairs = images && labels ? needs("the interpolation figure", () -> Subsets.interpolationPairs(tr, 3, settings.seed())) : new int[0][];
        int[] digits = noPart4 || !images ? new int[0] : labels
            ? needs("part 4's completions", () -> Subsets.differentClasses(mnist.test(), 5, settings.seed()))
            : needs("part 4's completions", () -> firstFive(mnist.test()));
        CheckpointPolicy policy = retrain ? CheckpointPolicy.REPLACE : resume ? CheckpointPolicy.RESUME : CheckpointPolicy.REUSE;
        long t0 = System.nanoTime();
        try (TrainingRun run = train(spec, mnist, options, policy)) {
          replacedCheckpoint = run.trained();
          TrainedVae model = run.model();
          double modelSeconds = (System.nanoTime() - t0) / 1e9;
          List<EpochStats> h = model.history();
          EpochStats last = h.get(h.size() - 1);
          double stepSeconds = h.stream().mapToDouble(EpochStats::seconds).sum();
          if (run.note() != null) say(run.note() + "; training afresh");
          say(switch (run.outcome()) {
            case REUSED -> "reusing " + checkpoint() + " (" + h.size() + " epochs, seed " + settings.seed() + ", the same settings and data;"
                + " pass --retrain to train again)";
            case RESUMED -> run.trained() ? "resumed " + checkpoint() + " after epoch " + (run.firstEpoch() - 1) + ", trained epochs "
                + run.firstEpoch() + "-" + h.size() + String.format(" in %.1f s", modelSeconds)
                : "resumed " + checkpoint() + ": its run had already finished all " + h.size() + " epochs";
            case TRAINED -> "trained " + h.size() + " epochs in " + String.format("%.1f s", modelSeconds);
          });
          model.exportNpz(stage.dir().resolve("weights.npz"));

          List<Figure> figures = new ArrayList<>();
          boolean plain = images && condition == null;   // a conditional model's samples: ConditionalDraws, drawn by ConditionalFigures
          if (plain) figures.add(VaeFigures.priorSamples(LatentViews.priorMeans(model, 20, settings.seed()), model.spec().likelihood()));
          figures.add(VaeFigures.elboCurve(h));
          if (plain) figures.add(VaeFigures.priorSamplesAndBinary(LatentViews.priorMeansAndSamples(model, 10, settings.seed()), model.spec().likelihood()));
          if (images && !plain)
            figures.addAll(List.of(ConditionalFigures.samples(ConditionalDraws.perClass(model, 10, settings.seed()), 10, model.spec().likelihood()),
                ConditionalFigures.styles(ConditionalDraws.styleGrid(model, 10, settings.seed()), 10, model.spec().likelihood())));
          if (labels) figures.add(VaeFigures.latentSpace(model.encode(mnist.train()).mean(), mnist.train().labels()));
          if (plain && labels) figures.add(VaeFigures.interpolation(mnist.train(), pairs, LatentViews.interpolation(model, mnist.train(), pairs, 10)));
          if (plain && model.spec().latent() == 2 && mnist.train().height() == mnist.train().width()) figures.add(VaeFigures.manifold(LatentViews.manifold(model, 20)));
          if (!images || !labels)
            say("the data has " + (images ? "no labels" : "no image shape (plain vectors)" + (labels ? "" : " and no labels"))
                + ": skipped the figures that need " + (images ? "them (latent scatter, interpolation)"
                : "an image shape" + (labels ? "" : " or labels") + (noPart4 ? "" : ", and part 4 (its masks are image halves)")));
          if (shaped && !images)
            say("the data's images are " + tr.height() + "x" + tr.width() + ": the figures tile square images of at least 2 rows, so they"
                + " are treated as plain vectors");
          for (Figure f : figures) save(f);

          Report part4 = noPart4 || !images ? (noEvaluate ? new Report() : Evaluation.run(model, mnist.test(), evaluation(), quiet)) : part4(model, mnist, digits, figures);
          Report report = RunFacts.of(run, options, data).put("figures", figures.stream().map(Figure::name).toList())
              .put("prior_sample_seed", settings.seed()).put("fig_3a_seed", LatentViews.meansAndSamplesSeed(settings.seed()))
              .put("interpolation_pairs", Arrays.stream(pairs).map(p -> new Pair(p[0], tr.label(p[0]), p[1], tr.label(p[1]))).toList())
              .putAll(part4).put("history", Report.history(h));
          report.write(stage.dir().resolve("report.json"));
          report.writeMarkdown(stage.dir().resolve("report.md"), figures);
          if (failBeforeReplacing) throw new tfvae.WriteException("failing before replacing the outputs, as asked (--fail-before-replacing)");
          stage.promote();
          TrainingRecord t = model.training();
          System.out.printf("test ELBO %.2f nats (all %d test images), train ELBO %.2f, %d epochs, %.0f steps/s, peak RSS %.0f MB%n",
              last.testElbo(), t == null || t.test() == null ? mnist.test().count() : t.test().count(), last.trainElbo(), h.size(),
              last.steps() / stepSeconds, Memory.peakRssMb());
          say("wrote " + out.resolve("model.ckpt") + ", weights.npz, report.json, report.md and " + figures.size()
              + " figures (PNG and SVG)");
        }
      } finally {
        stage.abandon(replacedCheckpoint, w -> System.err.println("reproduce: warning: " + w));
      }
    }
    return 0;
  }

  private Path checkpoint() { return out.resolve("model.ckpt"); }

  /** Trains, resumes or reuses the run in out/model.ckpt (the train options checkpoint there). */
  private static TrainingRun train(Vae spec, DataSplit data, TrainOptions options, CheckpointPolicy policy) {
    try {
      return spec.train(data, options, policy);
    } catch (CheckpointException e) {
      if (policy != CheckpointPolicy.RESUME) throw e;
      throw new CheckpointException(e.getMessage() + "; pass --retrain to start a new run, or another --out", e);
    }
  }

  /** Saves a figure as PNG and SVG into the staging directory, and names the PNG where it will be once promoted. */
  private void save(Figure figure) { say("wrote " + out.resolve(figure.save(staging).get(0).getFileName()) + " (and .svg)"); }

  private void say(String line) { if (!quiet) System.out.println(line); }

  /** @return images 0..4, for part 4 on unlabelled images */
  private static int[] firstFive(Images test) {
    if (test.count() < 5) throw new IllegalArgumentException("there are " + test.count() + " test images, fewer than 5");
    return new int[] {0, 1, 2, 3, 4};
  }

  /** Refuses labels the figures cannot colour, before any training: the latent scatter has ten colours, for labels 0..9. */
  private void checkLabels(String set, Images images) {
    int[] l = images.labels();
    for (int i = 0; i < l.length; i++)
      if (l[i] < 0 || l[i] >= LatentScatter.CLASSES)
        throw new BadDataException("--data " + data + ": the label of " + set + " example " + i + " is " + l[i] + "; the latent-space"
            + " figure colours the labels 0.." + (LatentScatter.CLASSES - 1) + ": number the classes from 0 to "
            + (LatentScatter.CLASSES - 1) + " (e.g. EMNIST letters 1..26 need a mapping onto at most ten classes), or"
            + " leave the labels out of the file");
  }

  private EvaluationOptions evaluation() { return EvaluationOptions.defaults().withFull(full).withSeed(settings.seed()); }

  private TrainOptions trainOptions() {
    return settings.training(epochs, batchSize).testEvery(testEvery).progress(!quiet).checkpoint(out.resolve("model.ckpt")).build();
  }

  /** @return the model the options describe: every setting checked here, before the data is read */
  private Vae spec() {
    Vae.Builder b = settings.builder(false);
    if (condition != null) b.condition(condition.equals("label") ? tfvae.Condition.label(10) : tfvae.Condition.parse(condition));
    return b.build();
  }

  /** Runs a figure's data check before any training, and turns its complaint into one line about the options. */
  private <T> T needs(String what, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      boolean part4 = what.startsWith("part 4"); // --no-part4 helps only part 4; more images help only if more classes exist
      throw new InvalidConfigException(what + " cannot be drawn from these images (" + e.getMessage() + "): pass more images, or"
          + " images of more classes" + (noPart4 || !part4 ? "" : ", or --no-part4"));
    }
  }

  /** An interpolation pair of fig-3c in report.json: two training images and their labels. */
  record Pair(int a, int labelA, int b, int labelB) {}

  /** Part 4 in report.json: the SVI on one top half, its exact posterior (null without a 2-D latent), the completions. */
  record TopHalfInference(int testImage, Integer label, int observedPixels, int sviSamples, int sviIterations, double sviSeconds,
      double sviElbo, Double exactLogPTop, Double exactError, Boolean exactConverged, Integer gridPoints, Double klQToExact,
      Double logPTopMinusElbo, List<String> maskCompletions, List<Integer> completionTestImages, double seconds) {}

  /**
   * Part 4 (inference from the top halves of test digits, and completions under other masks) and the evaluation; adds
   * three figures, or two when the latent is not 2-D (no exact posterior to draw).
   */
  private Report part4(TrainedVae model, DataSplit mnist, int[] digits, List<Figure> figures) {
    long t4 = System.nanoTime();
    Images test = mnist.test();
    boolean exactParts = model.spec().latent() == 2;
    Mask top = Mask.topHalf(test.height(), test.width());
    float[] x = test.image(digits[0]);
    tfvae.charts.SviPath path = tfvae.charts.SviPath.every(10); // q's path, for fig-4b-svi.gif
    PosteriorFit q = model.fitPosterior(x, top, SviOptions.builder().samples(full ? 10_000 : 1000).seed(settings.seed()).progress(!quiet).listener(path).build());
    GridPosterior exact = exactParts ? model.exactPosterior(x, top, q) : null;
    String caption = "test image " + digits[0] + (test.hasLabels() ? " (a " + test.label(digits[0]) + ")" : ""); // of fig-4b-svi and -contours
    if (exact != null) say("wrote " + out.resolve(VaeFigures.sviAnimation(exact, caption, path.steps()).save(staging).getFileName()));
    List<PosteriorFit> fits = new ArrayList<>();
    for (int i : digits) fits.add(model.fitPosterior(test.image(i), top, SviOptions.builder().samples(200).seed(settings.seed()).build()));
    List<Figure> part4 = new ArrayList<>();
    if (exact != null) part4.add(VaeFigures.posteriorContours(exact, caption));
    part4.add(VaeFigures.completions(test, digits, LatentViews.topHalfCompletions(model, test, digits, fits, 1000, settings.seed()), 1000));
    int[] three = Arrays.copyOf(digits, 3);
    List<Mask> masks = MaskCompletions.standardMasks(test.height(), test.width(), settings.seed());
    part4.add(MaskCompletions.figure(test, three, masks, Completions.of(model, test, three, masks, 1000, settings.seed()),
        MaskCompletions.method(model.spec().latent(), 1000)));
    if (!exactParts)
      say("latent " + model.spec().latent() + ": skipped the exact parts (the exact posterior, its contour figure and the"
          + " quadrature log p(x)), which integrate over a 2-D latent grid; the SVI, completions and importance weighting ran");
    for (Figure f : part4) save(f);
    double part4Seconds = (System.nanoTime() - t4) / 1e9;
    Report r = Evaluation.run(model, test, evaluation(), quiet);
    double evaluationSeconds = (Double) r.get("evaluation_seconds");
    figures.addAll(part4);
    TopHalfInference inference = new TopHalfInference(digits[0], test.hasLabels() ? test.label(digits[0]) : null, top.observedCount(),
        full ? 10_000 : 1000, 1000, q.seconds(), q.elbo(), exact == null ? null : exact.logEvidence(), exact == null ? null : exact.error(),
        exact == null ? null : exact.converged(), exact == null ? null : exact.xs().length * exact.ys().length,
        exact == null ? null : exact.klFromQ(), exact == null ? null : exact.logEvidence() - q.elbo(),
        masks.stream().map(Mask::name).toList(), Arrays.stream(digits).boxed().toList(), part4Seconds);
    if (exact != null && !exact.converged())
      System.out.printf("part 4: the exact posterior's grid stopped at its largest size, error estimate %.2g nats above the"
          + " tolerance %.2g%n", exact.error(), exact.tolerance());
    if (!quiet && exact != null)
      System.out.printf("part 4: KL(q || exact posterior) %.3f nats, log p(top) - ELBO(q) %.3f nats; %.1f s; evaluation %.1f s%n",
          exact.klFromQ(), exact.logEvidence() - q.elbo(), part4Seconds, evaluationSeconds);
    if (!quiet && exact == null)
      System.out.printf("part 4: SVI ELBO of the top half %.3f nats; %.1f s; evaluation %.1f s%n", q.elbo(), part4Seconds, evaluationSeconds);
    return new Report().put("top_half_inference", inference).putAll(r);
  }
}
