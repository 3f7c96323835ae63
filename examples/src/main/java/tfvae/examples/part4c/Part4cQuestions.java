package tfvae.examples.part4c;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.EpochProbe;
import tfvae.EpochStats;
import tfvae.PosteriorKl;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Subsets;
import tfvae.examples.part4c.Answers.Answer;
import tfvae.examples.part4c.Checks.Dependence;
import tfvae.Factorization;
import tfvae.examples.part4c.KlCurve.Closed;
import tfvae.examples.part4c.KlCurve.KlRow;
import tfvae.cli.Cli;
import tfvae.cli.ImageData;
import tfvae.cli.Report;
import tfvae.io.AtomicFiles;
import tfvae.io.OutputDirectory;

/**
 * The five true-or-false questions of the assignment's part 4(c), each answered with a measurement that could have
 * come out the other way:
 * <ol type="a">
 *   <li>p(bottom | z) factorizes: the model's log p(bottom | z) is the sum of per-pixel Bernoulli terms computed here
 *       from the logits, and over all 2^k values of k bottom pixels their joint given z is the product of marginals;</li>
 *   <li>p(bottom | top) does not: the exact predictive joint of two bottom pixels, by quadrature over the exact
 *       posterior p(z | top), differs from the product of its marginals by far more than the quadrature error;</li>
 *   <li>a rising ELBO does not imply a shrinking KL(q(z|x) || p(z|x)): measured epoch by epoch as log p(x) - ELBO,
 *       both exact for a 2-D latent (log p(x) on a grid, the ELBO's expectation over q by Gauss-Hermite quadrature);</li>
 *   <li>a normal density is never negative, and</li>
 *   <li>it can exceed 1: closed forms.</li>
 * </ol>
 * No Monte Carlo decides any answer; the Monte Carlo ELBO is printed only as a cross-check of (c).
 */
@Command(name = "part4c", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = "Answers the five true-or-false questions of part 4(c) with exact measurements on the trained VAE and on a"
        + " training run evaluated epoch by epoch; writes part4c.json and part4c.md into the output directory.")
public final class Part4cQuestions implements Callable<Integer>, Cli.OptionCheck {
  @Option(names = "--checkpoint", paramLabel = "FILE", description = "trained model for (a) and (b); when missing, the last"
      + " model of the (c) training run is used")
  Path checkpoint = Path.of("out/model.ckpt");

  @Option(names = "--data", paramLabel = "DIR", description = "directory holding the MNIST idx files")
  Path data = Path.of("data/mnist");

  @Option(names = "--out", paramLabel = "DIR", description = "output directory for part4c.json and part4c.md")
  Path out = Path.of("out/part4c");

  @Option(names = "--epochs", paramLabel = "N", description = "(c): evaluate after every epoch 1..N")
  int epochs = 20;

  @Option(names = "--until", paramLabel = "M", description = "(c): then after every --stride epochs up to M (M <= N: none)")
  int until = 100;

  @Option(names = "--stride", paramLabel = "S", description = "(c): epochs between evaluations after N")
  int stride = 5;

  @Option(names = "--images", paramLabel = "N", description = "(c): size of the seeded test subset (the same subset as reproduce's exact evaluation)")
  int images = 1000;

  @Option(names = "--train-images", paramLabel = "N", description = "(c): also evaluate a seeded subset of N training images (0: none)")
  int trainImages = 0;

  @Option(names = "--mc-seeds", paramLabel = "N", description = "(c): noise seeds of the Monte Carlo ELBO cross-check")
  int mcSeeds = 10;

  @Option(names = "--gauss-hermite", paramLabel = "N", description = "(c): Gauss-Hermite points per latent axis for the"
      + " ELBO's expectation over q; the rule with N - 2 points gives its error estimate")
  int gaussHermite = 8;

  @Mixin ImageData imageData = ImageData.assignment();   // --split, --train, --test: the training and test images, read as reproduce does

  @Option(names = "--hidden", paramLabel = "H", description = "hidden units of the model trained for (c)")
  int hidden = Vae.DEFAULT_HIDDEN;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the model trained for (c), of the subsets and of the digits")
  long seed = 0;

  public static void main(String[] args) { Cli.run(new Part4cQuestions(), args); }

  /** Every option checked before anything is read or written (scripts/part4c runs this before it fetches MNIST). */
  @Override public void checkOptions() {
    if (epochs < 1) throw new InvalidConfigException("--epochs must be at least 1, got " + epochs);
    if (until < 1) throw new InvalidConfigException("--until must be at least 1, got " + until);
    if (gaussHermite < 3 || gaussHermite > 64) throw new InvalidConfigException("--gauss-hermite must be in [3, 64], got " + gaussHermite);
    if (stride < 1) throw new InvalidConfigException("--stride must be at least 1, got " + stride);
    if (images < 2) throw new InvalidConfigException("--images must be at least 2, got " + images);
    if (trainImages < 0) throw new InvalidConfigException("--train-images must be at least 0, got " + trainImages);
    if (mcSeeds < 2) throw new InvalidConfigException("--mc-seeds must be at least 2, got " + mcSeeds);
    imageData.check();
    spec();
  }

  /** @return the model trained for (c) */
  private Vae spec() { return Vae.builder().latent(2).hidden(hidden).seed(seed).build(); }

  @Override public Integer call() throws IOException {
    checkOptions();
    OutputDirectory.prepare(out);
    DataSplit mnist = imageData.read(data, Likelihood.BERNOULLI);
    long t0 = System.nanoTime();

    // (a), (b) first when the checkpoint exists (a bad one fails before any training); else on the (c) run's last model
    AB ab = null;
    if (Files.isRegularFile(checkpoint))
      try (TrainedVae model = Vae.load(checkpoint)) {
        ab = questionsAB(model, checkpoint.toString(), mnist);
      }
    List<Integer> evalEpochs = evaluationEpochs(epochs, until, stride);
    int total = evalEpochs.get(evalEpochs.size() - 1);
    Images testSub = Subsets.of(mnist.test(), images, seed);
    Images trainSub = trainImages > 0 ? Subsets.of(mnist.train(), trainImages, seed) : null;
    List<KlRow> test = new ArrayList<>(), train = new ArrayList<>();
    EpochProbe probe = new EpochProbe() { // (c) on the model being trained, after each evaluation epoch
      @Override public String name() { return "part4c (c): KL rows at epochs " + evalEpochs; }

      @Override public boolean due(int epoch, int last) { return evalEpochs.contains(epoch); }

      @Override public Map<String, Double> measure(TrainedVae m, EpochStats stats) {
        KlRow r = KlCurve.klRow(m, stats.epoch(), testSub, gaussHermite, mcSeeds, seed);
        test.add(r);
        if (trainSub != null) train.add(KlCurve.klRow(m, stats.epoch(), trainSub, gaussHermite, mcSeeds, seed));
        PosteriorKl.Change c = test.size() < 2 ? null : KlCurve.intervals(test.subList(test.size() - 2, test.size())).get(0);
        PosteriorKl k = r.measured();
        String flag = c == null || !c.bothRose() ? "" : c.beyondError() ? "  ELBO up, KL up" : "  ELBO up, KL up (within error)";
        System.out.printf("%6d %10.3f %10.3f %9.4f %9.1e %8.4f %10.3f %9.3f%s%n", r.epoch(), k.elbo(), k.logP(), k.kl(), k.klError(),
            k.minKl(), r.mcElbo(), r.mcStdError(), flag);
        return Map.of("test_kl", k.kl());
      }
    };
    System.out.printf("(c) training %d epochs, measuring after %d of them%n%6s %10s %10s %9s %9s %8s %10s %9s%n", total,
        evalEpochs.size(), "epoch", "ELBO", "log p(x)", "KL", "err(KL)", "min KL_i", "MC ELBO", "MC s.e.");
    long tt = System.nanoTime();
    try (TrainedVae m = spec().train(mnist, TrainOptions.builder().epochs(total).progress(false).probe(probe).build(), CheckpointPolicy.REPLACE).model()) {
      EpochStats e = m.history().get(m.history().size() - 1);
      CRun last = new CRun(e.epoch(), e.testElbo(), e.trainElbo());
      System.out.printf("(c) trained and measured in %.1f s%n", (System.nanoTime() - tt) / 1e9);
      if (ab == null) ab = questionsAB(m, "the (c) run's last model (" + checkpoint + " is missing)", mnist);
      Closed de = KlCurve.closedForms();
      List<PosteriorKl.Change> testIntervals = KlCurve.intervals(test), trainIntervals = KlCurve.intervals(train);
      Factorization a = ab.a();
      List<Dependence> b = ab.b();
      List<Answer> answers = Answers.answers(a, b, test, testIntervals, de);
      for (Answer r : answers)
        System.out.printf("(%s) %s (evidence %s): %s%n", r.id(), r.answer(), r.evidenceAgrees() ? "agrees" : "DOES NOT AGREE", r.evidence());

      Report report = new Report()
          .put("questions", answers)
          .put("a_factorization_given_z", a)
          .put("b_predictive_dependence_given_top", b)
          .put("c_kl_per_epoch_test_subset", test)
          .put("c_intervals_test_subset", testIntervals.stream().map(Report::change).toList())
          .put("c_kl_per_epoch_train_subset", train)
          .put("c_intervals_train_subset", trainIntervals.stream().map(Report::change).toList())
          .put("c_run", last)
          .put("de_closed_forms", de)
          .put("model_for_a_b", ab.model())
          .put("seed", seed)
          .put("test_subset_images", testSub.count())
          .put("train_subset_images", trainSub == null ? 0 : trainSub.count())
          .put("evidence_tolerance", KlCurve.EVIDENCE_TOLERANCE)
          .put("gauss_hermite_points_per_axis", gaussHermite)
          .put("mc_seeds", mcSeeds)
          .put("data_dir", data.toAbsolutePath().normalize().toString())
          .put("seconds", (System.nanoTime() - t0) / 1e9);
      report.write(out.resolve("part4c.json"));
      AtomicFiles.writeString(out.resolve("part4c.md"), Answers.markdown(answers, test, testIntervals, train, trainIntervals, a, b, de));
    }
    System.out.printf("wrote %s and %s in %.1f s%n", out.resolve("part4c.json"), out.resolve("part4c.md"), (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /** The results of (a) and (b) and the model they were measured on. */
  record AB(Factorization a, List<Dependence> b, ModelFacts model) {}

  /** The model of (a) and (b): where it came from, and its history's last test ELBO (null when it has none). */
  record ModelFacts(String model, int epochs, int hidden, long seed, Double testElboInHistory) {}

  /** The (c) run's last epoch: its test ELBO on all test images and its training ELBO. */
  record CRun(int epochs, double testElboAllTestImages, double trainElboLastEpoch) {}

  private AB questionsAB(TrainedVae model, String source, DataSplit mnist) {
    int[] digits = Subsets.differentClasses(mnist.test(), 5, seed);
    List<EpochStats> h = model.history();
    System.out.printf("(a), (b) on %s: %d epochs, latent %d, hidden %d, test ELBO %.2f%n", source, h.size(),
        model.spec().latent(), model.spec().hidden(), h.isEmpty() ? Double.NaN : h.get(h.size() - 1).testElbo());
    Factorization a = Checks.factorization(model, mnist.test().image(digits[0]), 4);
    List<Dependence> b = new ArrayList<>();
    for (int i : digits) b.add(Checks.dependence(model, Arrays.copyOf(mnist.test().image(i), Checks.TOP), i, mnist.test().label(i)));
    return new AB(a, b, new ModelFacts(source, h.size(), model.spec().hidden(), model.spec().seed(),
        h.isEmpty() ? null : h.get(h.size() - 1).testElbo()));
  }

  static List<Integer> evaluationEpochs(int every, int until, int stride) {
    List<Integer> e = new ArrayList<>();
    for (int i = 1; i <= every; i++) e.add(i);
    for (int i = every + stride; i <= until; i += stride) e.add(i);
    return e;
  }

}
