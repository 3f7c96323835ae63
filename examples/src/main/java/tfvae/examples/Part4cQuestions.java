package tfvae.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.EpochStats;
import tfvae.Encoding;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.InvalidConfigException;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.VaeFigures;
import tfvae.data.Images;
import tfvae.data.Mnist;
import tfvae.data.DataSplit;

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

  @Option(names = "--train", paramLabel = "N", description = "training images: the first N of the training file")
  int nTrain = Mnist.ASSIGNMENT_TRAIN;

  @Option(names = "--test", paramLabel = "N", description = "test images: the N after the training images")
  int nTest = Mnist.ASSIGNMENT_TEST;

  @Option(names = "--hidden", paramLabel = "H", description = "hidden units of the model trained for (c)")
  int hidden = Vae.DEFAULT_HIDDEN;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the model trained for (c), of the subsets and of the digits")
  long seed = 0;

  @Option(names = "--verbose", description = "print stack traces of errors")
  boolean verbose;

  public static void main(String[] args) { Cli.run(new Part4cQuestions(), args); }

  /** Bottom-half pixels start here (14 rows of 28). */
  static final int TOP = 392;
  /** Grid tolerance of log p(x) in (c), in nats per image. */
  static final double EVIDENCE_TOLERANCE = 0.01;

  /** Every option checked before anything is read or written (scripts/part4c runs this before it fetches MNIST). */
  @Override public void checkOptions() {
    if (epochs < 1) throw new InvalidConfigException("--epochs must be at least 1, got " + epochs);
    if (until < 1) throw new InvalidConfigException("--until must be at least 1, got " + until);
    if (gaussHermite < 3 || gaussHermite > 64) throw new InvalidConfigException("--gauss-hermite must be in [3, 64], got " + gaussHermite);
    if (stride < 1) throw new InvalidConfigException("--stride must be at least 1, got " + stride);
    if (images < 2) throw new InvalidConfigException("--images must be at least 2, got " + images);
    if (trainImages < 0) throw new InvalidConfigException("--train-images must be at least 0, got " + trainImages);
    if (mcSeeds < 2) throw new InvalidConfigException("--mc-seeds must be at least 2, got " + mcSeeds);
    if (nTrain < 1) throw new InvalidConfigException("--train must be at least 1, got " + nTrain);
    if (nTest < 1) throw new InvalidConfigException("--test must be at least 1, got " + nTest);
    spec();
  }

  /** @return the model trained for (c) */
  private Vae spec() { return Vae.builder().latent(2).hidden(hidden).seed(seed).build(); }

  @Override public Integer call() throws IOException {
    checkOptions();
    Reproduce.prepareOutput(out);
    DataSplit mnist = DataSplit.assignment(data, nTrain, nTest).binarize();
    long t0 = System.nanoTime();

    // (a), (b) first when the checkpoint exists (a bad one fails before any training); else on the (c) run's last model
    AB ab = Files.isRegularFile(checkpoint) ? questionsAB(checkpoint, checkpoint.toString(), mnist) : null;
    Vae spec = spec();
    List<Integer> evalEpochs = evaluationEpochs(epochs, until, stride);
    Path runDir = Files.createTempDirectory(out.toAbsolutePath(), ".part4c-run-");
    List<KlRow> test = new ArrayList<>(), train = new ArrayList<>();
    Map<String, Object> last = new LinkedHashMap<>();
    try {
      Path runCkpt = runDir.resolve("run.ckpt");
      TreeSet<Integer> wanted = new TreeSet<>(evalEpochs);
      int total = evalEpochs.get(evalEpochs.size() - 1);
      TrainOptions options = TrainOptions.builder().epochs(total).progress(false).checkpoint(runCkpt).checkpointEvery(1)
          .listener(s -> { // training writes the checkpoint before it calls the listener
            if (wanted.contains(s.epoch())) copy(runCkpt, runDir.resolve("epoch-" + s.epoch() + ".ckpt"));
          }).build();
      long tt = System.nanoTime();
      try (TrainedVae m = spec.train(mnist, options, CheckpointPolicy.REPLACE).model()) {
        EpochStats e = m.history().get(m.history().size() - 1);
        last.put("epochs", e.epoch());
        last.put("test_elbo_all_test_images", e.testElbo());
        last.put("train_elbo_last_epoch", e.trainElbo());
      }
      System.out.printf("(c) trained %d epochs in %.1f s; evaluating %d of them%n", total, (System.nanoTime() - tt) / 1e9, evalEpochs.size());
      Images testSub = Evaluation.subset(mnist.test(), images, seed);
      Images trainSub = trainImages > 0 ? Evaluation.subset(mnist.train(), trainImages, seed) : null;
      System.out.printf("%6s %10s %10s %9s %9s %8s %10s %9s%n", "epoch", "ELBO", "log p(x)", "KL", "err(KL)", "min KL_i",
          "MC ELBO", "MC s.e.");
      for (int e : evalEpochs) {
        try (TrainedVae m = Vae.load(runDir.resolve("epoch-" + e + ".ckpt"))) {
          KlRow r = klRow(m, e, testSub, gaussHermite, mcSeeds, seed);
          test.add(r);
          if (trainSub != null) train.add(klRow(m, e, trainSub, gaussHermite, mcSeeds, seed));
          KlRow prev = test.size() > 1 ? test.get(test.size() - 2) : null;
          String flag = prev == null ? "" : r.elbo() > prev.elbo() && r.kl() > prev.kl()
              ? (r.kl() - prev.kl() > r.klError() + prev.klError() ? "  ELBO up, KL up" : "  ELBO up, KL up (within error)") : "";
          System.out.printf("%6d %10.3f %10.3f %9.4f %9.1e %8.4f %10.3f %9.3f%s%n", e, r.elbo(), r.logP(), r.kl(), r.klError(),
              r.minKl(), r.mcElbo(), r.mcStdError(), flag);
        }
        Files.deleteIfExists(runDir.resolve("epoch-" + e + ".ckpt"));
      }
      if (ab == null) ab = questionsAB(runCkpt, "the (c) run's last model (" + checkpoint + " is missing)", mnist);
      Closed de = closedForms();
      List<Interval> testIntervals = intervals(test), trainIntervals = intervals(train);
      Factorization a = ab.a();
      List<Dependence> b = ab.b();
      List<Answer> answers = answers(a, b, test, testIntervals, de);
      printSummary(a, b, testIntervals, trainIntervals, de, answers);

      Report report = new Report()
          .put("questions", answers.stream().map(Answer::toMap).toList())
          .put("a_factorization_given_z", a.toMap())
          .put("b_predictive_dependence_given_top", b.stream().map(Dependence::toMap).toList())
          .put("c_kl_per_epoch_test_subset", test.stream().map(KlRow::toMap).toList())
          .put("c_intervals_test_subset", testIntervals.stream().map(Interval::toMap).toList())
          .put("c_kl_per_epoch_train_subset", train.stream().map(KlRow::toMap).toList())
          .put("c_intervals_train_subset", trainIntervals.stream().map(Interval::toMap).toList())
          .put("c_run", last)
          .put("de_closed_forms", de.toMap())
          .put("model_for_a_b", ab.model())
          .put("seed", seed)
          .put("test_subset_images", testSub.count())
          .put("train_subset_images", trainSub == null ? 0 : trainSub.count())
          .put("evidence_tolerance", EVIDENCE_TOLERANCE)
          .put("gauss_hermite_points_per_axis", gaussHermite)
          .put("mc_seeds", mcSeeds)
          .put("data_dir", data.toAbsolutePath().normalize().toString())
          .put("seconds", (System.nanoTime() - t0) / 1e9);
      report.write(out.resolve("part4c.json"));
      writeAtomically(out.resolve("part4c.md"), markdown(answers, test, testIntervals, train, trainIntervals, a, b, de));
    } finally {
      deleteTree(runDir);
    }
    System.out.printf("wrote %s and %s in %.1f s%n", out.resolve("part4c.json"), out.resolve("part4c.md"), (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /** The results of (a) and (b) and the model they were measured on. */
  record AB(Factorization a, List<Dependence> b, Map<String, Object> model) {}

  private AB questionsAB(Path file, String source, DataSplit mnist) {
    int[] digits = VaeFigures.differentClasses(mnist.test(), 5, seed);
    try (TrainedVae model = Vae.load(file)) {
      List<EpochStats> h = model.history();
      System.out.printf("(a), (b) on %s: %d epochs, latent %d, hidden %d, test ELBO %.2f%n", source, h.size(),
          model.spec().latent(), model.spec().hidden(), h.isEmpty() ? Double.NaN : h.get(h.size() - 1).testElbo());
      Factorization a = factorization(model, mnist.test().image(digits[0]), 4);
      List<Dependence> b = new ArrayList<>();
      for (int i : digits) b.add(dependence(model, Arrays.copyOf(mnist.test().image(i), TOP), i, mnist.test().label(i)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", source);
      m.put("epochs", h.size());
      m.put("hidden", model.spec().hidden());
      m.put("seed", model.spec().seed());
      m.put("test_elbo_in_history", h.isEmpty() ? null : finite(h.get(h.size() - 1).testElbo()));
      return new AB(a, b, m);
    }
  }

  /** JSON has no NaN: null instead. */
  static @Nullable Double finite(double v) { return Double.isFinite(v) ? v : null; }

  static List<Integer> evaluationEpochs(int every, int until, int stride) {
    List<Integer> e = new ArrayList<>();
    for (int i = 1; i <= every; i++) e.add(i);
    for (int i = every + stride; i <= until; i += stride) e.add(i);
    return e;
  }

  // ---------------------------------------------------------------------------------------------------------- (a)

  /**
   * (a) at three latent points (the encoder's mean for x, the origin, and (1.5, -1)).
   *
   * @param maxLogError largest |model's log p(bottom | z) - sum of per-pixel Bernoulli log densities| in nats
   * @param maxJointError largest |P(k pixels = a | rest, z) - prod_d Bernoulli(a_d)| over the 2^k assignments a
   * @param logP the model's log p(bottom | z) at each point
   * @param pixels the k bottom pixels (image indices) of each point, those with means nearest 1/2
   * @param means their Bernoulli means
   */
  record Factorization(float[][] z, double[] logP, double[] sumOfPixels, double maxLogError, int[][] pixels,
      double[][] means, double maxJointError, double smallestProbability) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      List<Map<String, Object>> points = new ArrayList<>();
      for (int p = 0; p < z.length; p++) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("z", new double[] {z[p][0], z[p][1]});
        q.put("model_log_p_bottom_given_z", logP[p]);
        q.put("sum_of_pixel_log_densities", sumOfPixels[p]);
        q.put("k_pixels", pixels[p]);
        q.put("k_pixel_means", means[p]);
        points.add(q);
      }
      m.put("points", points);
      m.put("max_abs_log_error_nats", maxLogError);
      m.put("max_abs_joint_minus_product", maxJointError);
      m.put("smallest_joint_probability", smallestProbability);
      return m;
    }
  }

  /**
   * The model's log p(bottom | z) is log p(x, z) - log p(top, z) (two calls of {@code logJointObserved}, TensorFlow);
   * the sum is computed here in double from {@code decodeLogits}. Then, for the k bottom pixels with means nearest
   * 1/2, the model's joint over all 2^k values (the rest of x fixed) is normalised and compared with the product of
   * the pixels' Bernoulli probabilities.
   */
  static Factorization factorization(TrainedVae model, float[] x, int k) {
    Encoding enc = model.encode(Images.ofRows(new float[][] {x}, 28, x.length / 28));
    float[][] z = {enc.mean()[0], {0f, 0f}, {1.5f, -1f}};
    double[] full = model.logJointObserved(x, Mask.all(x.length), z), topOnly = model.logJointObserved(x, Mask.prefix(x.length, TOP), z);
    float[][] logits = model.decodeLogits(z);
    double[] logP = new double[z.length], sum = new double[z.length];
    int[][] pixels = new int[z.length][];
    double[][] means = new double[z.length][];
    double maxLog = 0, maxJoint = 0, smallest = 1;
    for (int p = 0; p < z.length; p++) {
      logP[p] = full[p] - topOnly[p];
      for (int d = TOP; d < x.length; d++) sum[p] += bernoulliLog(x[d], logits[p][d]);
      maxLog = Math.max(maxLog, Math.abs(logP[p] - sum[p]));
      // the k bottom pixels whose means are nearest 1/2 make the product least trivial
      final float[] l = logits[p];
      Integer[] order = new Integer[x.length - TOP];
      for (int d = 0; d < order.length; d++) order[d] = TOP + d;
      Arrays.sort(order, (u, v) -> Float.compare(Math.abs(l[u]), Math.abs(l[v])));
      pixels[p] = new int[k];
      means[p] = new double[k];
      for (int t = 0; t < k; t++) {
        pixels[p][t] = order[t];
        means[p][t] = sigmoid(l[order[t]]);
      }
      float[][] zs = new float[1][];
      zs[0] = z[p];
      double[] lj = new double[1 << k];
      for (int a = 0; a < 1 << k; a++) {
        float[] xa = x.clone();
        for (int t = 0; t < k; t++) xa[pixels[p][t]] = (a >> t & 1);
        lj[a] = model.logJointObserved(xa, Mask.all(xa.length), zs)[0];
      }
      double max = Arrays.stream(lj).max().orElseThrow(), norm = 0;
      for (double v : lj) norm += Math.exp(v - max);
      for (int a = 0; a < 1 << k; a++) {
        double joint = Math.exp(lj[a] - max) / norm, product = 1;
        for (int t = 0; t < k; t++) product *= (a >> t & 1) == 1 ? means[p][t] : 1 - means[p][t];
        maxJoint = Math.max(maxJoint, Math.abs(joint - product));
        smallest = Math.min(smallest, joint);
      }
    }
    return new Factorization(z, logP, sum, maxLog, pixels, means, maxJoint, smallest);
  }

  static double sigmoid(double l) { return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l)); }

  /** log Bernoulli(x; sigmoid(l)) = x l - softplus(l), stable for any l. */
  static double bernoulliLog(double x, double l) { return x * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)))); }

  // ---------------------------------------------------------------------------------------------------------- (b)

  /**
   * (b) for one top half: the exact predictive P(x_i = 1 | top) = sum_g w_g s_i(z_g) and
   * P(x_i = 1, x_j = 1 | top) = sum_g w_g s_i(z_g) s_j(z_g) over the exact posterior's grid, for every pair of bottom
   * pixels; the dependence is their difference from P(x_i) P(x_j), i.e. the posterior covariance of s_i and s_j. The
   * same sums on the grid of twice the spacing (every second point), and on a grid of half the spacing over the same box
   * weighted by the model's log p(z, top), give the error estimate.
   *
   * @param pairs the reported pairs: the most dependent one, an adjacent pair in the middle of the bottom half, and the
   *     pair of median dependence among pixels with 0.05 &lt; P &lt; 0.95
   * @param maxDependence largest |P_ij - P_i P_j| over all pairs of bottom pixels
   * @param maxError largest change of P_ij - P_i P_j on the grids of twice and half the spacing, over all pairs
   * @param gridPoints points of the exact posterior's grid, and {@code usedPoints} those with weight above 1e-14
   */
  record Dependence(int image, int label, double logEvidence, double gridError, double spacing, int gridPoints,
      int usedPoints, double droppedMass, List<Pair> pairs, double maxDependence, double maxError, double medianDependence,
      double seconds) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("test_image", image);
      m.put("label", label);
      m.put("log_p_top", logEvidence);
      m.put("grid_error_log_p_top", gridError);
      m.put("grid_spacing", spacing);
      m.put("grid_points", gridPoints);
      m.put("points_used", usedPoints);
      m.put("dropped_weight", droppedMass);
      m.put("max_abs_dependence_all_pairs", maxDependence);
      m.put("max_abs_grid_error_all_pairs", maxError);
      m.put("median_abs_dependence_uncertain_pairs", finite(medianDependence));
      m.put("pairs", pairs.stream().map(Pair::toMap).toList());
      m.put("seconds", seconds);
      return m;
    }
  }

  /** One pair of bottom pixels (image indices i, j): the predictive probabilities and the grid error of the dependence. */
  record Pair(String kind, int i, int j, double pi, double pj, double pij, double dependence, double coarseDependence,
      double refinedDependence) {
    /** The larger change of the dependence on the grid of twice and of half the spacing. */
    double error() {
      double e = Math.abs(dependence - coarseDependence);
      return Double.isNaN(refinedDependence) ? e : Math.max(e, Math.abs(dependence - refinedDependence));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("i", i);
      m.put("j", j);
      m.put("row_col_i", new int[] {i / 28, i % 28});
      m.put("row_col_j", new int[] {j / 28, j % 28});
      m.put("p_i", pi);
      m.put("p_j", pj);
      m.put("p_ij", pij);
      m.put("p_ij_minus_p_i_p_j", dependence);
      m.put("same_at_twice_the_spacing", coarseDependence);
      m.put("same_at_half_the_spacing", Double.isNaN(refinedDependence) ? null : refinedDependence);
      m.put("grid_error", error());
      return m;
    }
  }

  /** Weights below this (the grid's weights sum to 1) are dropped; their total is reported. */
  static final double MIN_WEIGHT = 1e-14;

  static Dependence dependence(TrainedVae model, float[] top, int image, int label) {
    long t0 = System.nanoTime();
    int dim = model.spec().dataDim();
    GridPosterior g = model.exactPosterior(Arrays.copyOf(top, dim), Mask.prefix(dim, top.length), null);
    double[] gx = g.xs(), gy = g.ys();
    double[][] logDensity = g.logDensity(); // copies: taken once, outside the loops
    int nx = gx.length, ny = gy.length, nb = model.spec().dataDim() - top.length;
    double[] logFine = new double[nx * ny], logCoarse = new double[nx * ny];
    for (int j = 0; j < ny; j++)
      for (int i = 0; i < nx; i++) {
        logFine[j * nx + i] = logDensity[j][i];
        logCoarse[j * nx + i] = i % 2 == 0 && j % 2 == 0 ? logDensity[j][i] : Double.NEGATIVE_INFINITY;
      }
    Moments fine = moments(model, top, gx, gy, logFine), coarse = moments(model, top, gx, gy, logCoarse);
    // an independent third grid: half the spacing over the same box, weights from the model's log p(z, top)
    Moments refined = null;
    if ((2L * nx - 1) * (2L * ny - 1) <= REFINED_MAX_POINTS) {
      double[] xs = linspace(gx[0], gx[nx - 1], 2 * nx - 1), ys = linspace(gy[0], gy[ny - 1], 2 * ny - 1);
      refined = moments(model, top, xs, ys, logJointOnGrid(model, top, xs, ys));
    }
    double[] pf = fine.p();
    int bi = 0, bj = 1;
    double maxDep = -1, maxErr = 0;
    List<Double> uncertain = new ArrayList<>();
    for (int a = 0; a < nb; a++)
      for (int b = a + 1; b < nb; b++) {
        double dep = Math.abs(fine.cov()[a][b]);
        maxErr = Math.max(maxErr, Math.abs(fine.cov()[a][b] - coarse.cov()[a][b]));
        if (refined != null) maxErr = Math.max(maxErr, Math.abs(fine.cov()[a][b] - refined.cov()[a][b]));
        if (dep > maxDep) {
          maxDep = dep;
          bi = a;
          bj = b;
        }
        if (uncertain(pf[a]) && uncertain(pf[b])) uncertain.add(dep);
      }
    List<Pair> pairs = new ArrayList<>();
    pairs.add(pair("most dependent", bi, bj, top.length, fine, coarse, refined));
    int mid = 21 * 28 + 14 - top.length; // row 21, columns 14 and 15
    pairs.add(pair("adjacent, row 21, columns 14-15", mid, mid + 1, top.length, fine, coarse, refined));
    double median = Double.NaN;
    if (!uncertain.isEmpty()) {
      double[] sorted = uncertain.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      median = sorted[sorted.length / 2];
      outer:
      for (int a = 0; a < nb; a++)
        for (int b = a + 1; b < nb; b++)
          if (Math.abs(fine.cov()[a][b]) == median && uncertain(pf[a]) && uncertain(pf[b])) {
            pairs.add(pair("median among pixels with 0.05 < P < 0.95", a, b, top.length, fine, coarse, refined));
            break outer;
          }
    }
    return new Dependence(image, label, g.logEvidence(), g.error(), g.dx(), nx * ny, fine.used(), fine.dropped(), pairs, maxDep,
        maxErr, median, (System.nanoTime() - t0) / 1e9);
  }

  /** The refined grid is skipped above this many points (memory: 392 pixels x points). */
  static final long REFINED_MAX_POINTS = 250_000;

  private static boolean uncertain(double p) { return p > 0.05 && p < 0.95; }

  static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * i / (n - 1);
    return out;
  }

  /** log p(z, top) at the points (xs[i], ys[j]), index j * xs.length + i, from the model's {@code logJointObserved}. */
  static double[] logJointOnGrid(TrainedVae model, float[] top, double[] xs, double[] ys) {
    int n = xs.length * ys.length, dim = model.spec().dataDim();
    double[] out = new double[n];
    final int chunk = 20_000;
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      float[][] z = new float[to - from][];
      for (int p = from; p < to; p++) z[p - from] = new float[] {(float) xs[p % xs.length], (float) ys[p / xs.length]};
      System.arraycopy(model.logJointObserved(Arrays.copyOf(top, dim), Mask.prefix(dim, top.length), z), 0, out, from, to - from);
    }
    return out;
  }

  /**
   * The predictive moments of the bottom pixels under the weights exp(logW) normalised to sum 1 on the grid.
   *
   * @param p P(x_d = 1 | top) for each bottom pixel d (index d = pixel - top.length)
   * @param cov P(x_a = 1, x_b = 1 | top) - P(x_a = 1) P(x_b = 1)
   * @param used points with weight at least MIN_WEIGHT, and {@code dropped} the total weight of the others
   */
  record Moments(double[] p, double[][] cov, int used, double dropped) {}

  static Moments moments(TrainedVae model, float[] top, double[] xs, double[] ys, double[] logW) {
    int n = logW.length, nb = model.spec().dataDim() - top.length;
    double max = Arrays.stream(logW).max().orElseThrow(), sum = 0;
    double[] w = new double[n];
    for (int k = 0; k < n; k++) sum += w[k] = Math.exp(logW[k] - max);
    List<Integer> used = new ArrayList<>();
    double dropped = 0;
    for (int k = 0; k < n; k++) {
      w[k] /= sum;
      if (w[k] >= MIN_WEIGHT) used.add(k);
      else dropped += w[k];
    }
    int nu = used.size();
    float[][] s = new float[nb][nu]; // decoder means of the bottom pixels, pixel-major
    double[] wu = new double[nu];
    final int chunk = 4096;
    for (int from = 0; from < nu; from += chunk) {
      int to = Math.min(nu, from + chunk);
      float[][] z = new float[to - from][];
      for (int u = from; u < to; u++) {
        int k = used.get(u);
        z[u - from] = new float[] {(float) xs[k % xs.length], (float) ys[k / xs.length]};
        wu[u] = w[k];
      }
      float[][] mean = model.decodeMeans(z);
      for (int u = from; u < to; u++) for (int d = 0; d < nb; d++) s[d][u] = mean[u - from][top.length + d];
    }
    double total = Arrays.stream(wu).sum(); // renormalise over the points kept
    for (int u = 0; u < nu; u++) wu[u] /= total;
    return new Moments(marginals(s, wu), covariance(s, wu), nu, dropped);
  }

  private static Pair pair(String kind, int a, int b, int offset, Moments fine, Moments coarse, Moments refined) {
    double[] p = fine.p();
    return new Pair(kind, offset + a, offset + b, p[a], p[b], fine.cov()[a][b] + p[a] * p[b], fine.cov()[a][b],
        coarse.cov()[a][b], refined == null ? Double.NaN : refined.cov()[a][b]);
  }

  /** sum_u w_u s[d][u] for every pixel d (the weights sum to 1). */
  static double[] marginals(float[][] s, double[] w) {
    double[] m = new double[s.length];
    for (int d = 0; d < s.length; d++) {
      double acc = 0;
      for (int u = 0; u < w.length; u++) acc += w[u] * s[d][u];
      m[d] = acc;
    }
    return m;
  }

  /**
   * sum_u w_u (s_a(u) - m_a)(s_b(u) - m_b), which equals sum_u w_u s_a s_b - m_a m_b when the weights sum to 1: the
   * centred form loses no digits when the probabilities are close to 0 or 1.
   */
  static double[][] covariance(float[][] s, double[] w) {
    double[] m = marginals(s, w);
    int nb = s.length, nu = w.length;
    double[][] a = new double[nb][nu];
    for (int d = 0; d < nb; d++)
      for (int u = 0; u < nu; u++) a[d][u] = Math.sqrt(w[u]) * (s[d][u] - m[d]);
    double[][] c = new double[nb][nb];
    for (int d = 0; d < nb; d++)
      for (int e = d; e < nb; e++) {
        double[] x = a[d], y = a[e];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int u = 0;
        for (; u + 3 < nu; u += 4) {
          s0 += x[u] * y[u];
          s1 += x[u + 1] * y[u + 1];
          s2 += x[u + 2] * y[u + 2];
          s3 += x[u + 3] * y[u + 3];
        }
        for (; u < nu; u++) s0 += x[u] * y[u];
        c[d][e] = c[e][d] = s0 + s1 + s2 + s3;
      }
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------- (c)

  /**
   * (c) at one epoch, means over the subset: ELBO = E_q[log p(x, z)] + H(q) with the expectation by Gauss-Hermite
   * quadrature, log p(x) by the model's grid quadrature, KL = log p(x) - ELBO.
   *
   * @param klError estimated error of the mean KL (not a rigorous bound): mean grid error of log p(x) plus mean |GH(n) - GH(n - 2)|
   * @param minKl the smallest per-image KL (negative beyond its error would mean a bug)
   * @param mcElbo the model's own Monte Carlo ELBO ({@code elboPerImage}), averaged over the noise seeds
   * @param mcStdError its standard error over the seeds
   */
  record KlRow(int epoch, int images, double elbo, double logP, double kl, double klError, double minKl, double ghError,
      double evidenceError, double mcElbo, double mcStdError, double trainElbo, double elboSeconds, double evidenceSeconds,
      double seconds) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", epoch);
      m.put("images", images);
      m.put("mean_elbo", elbo);
      m.put("mean_log_p_x", logP);
      m.put("mean_kl_q_to_posterior", kl);
      m.put("kl_error_estimate", klError);
      m.put("min_kl_per_image", minKl);
      m.put("gauss_hermite_error", ghError);
      m.put("evidence_grid_error", evidenceError);
      m.put("mc_elbo_mean", mcElbo);
      m.put("mc_elbo_std_error", mcStdError);
      m.put("train_elbo_epoch", finite(trainElbo));
      m.put("elbo_seconds", elboSeconds);
      m.put("evidence_seconds", evidenceSeconds);
      m.put("seconds", seconds);
      return m;
    }
  }

  static KlRow klRow(TrainedVae model, int epoch, Images subset, int ghPoints, int mcSeeds, long seed) {
    long t0 = System.nanoTime();
    double[][] gh = exactElbo(model, subset, ghPoints, ghPoints - 2);
    for (int i = 0; i < subset.count(); i++) gh[1][i] = Math.abs(gh[0][i] - gh[1][i]);
    return klRow(model, epoch, subset, gh, null, mcSeeds, seed, t0);
  }

  /**
   * {@link #klRow(TrainedVae, int, Images, int, int, long)} with the ELBO to {@code elboTolerance} nats per image
   * ({@link #exactElbo(TrainedVae, Images, float[][], float[][], double, int)}, up to {@code maxNodes} per axis) and
   * the subset's exact log p(x) already measured.
   */
  static KlRow klRow(TrainedVae model, int epoch, Images subset, Evidence measured, double elboTolerance, int maxNodes, int mcSeeds,
      long seed) {
    long t0 = System.nanoTime();
    Encoding enc = model.encode(subset);
    return klRow(model, epoch, subset, exactElbo(model, subset, enc.mean(), enc.logStd(), elboTolerance, maxNodes), measured, mcSeeds,
        seed, t0);
  }

  /** @param gh {exact ELBO, its error estimate} per image */
  private static KlRow klRow(TrainedVae model, int epoch, Images subset, double[][] gh, @Nullable Evidence measured, int mcSeeds,
      long seed, long t0) {
    long t1 = System.nanoTime();
    Evidence ev = measured != null ? measured : model.logEvidence(subset, Mask.all(model.spec().dataDim()), EVIDENCE_TOLERANCE);
    long t2 = System.nanoTime();
    int n = subset.count();
    double elbo = 0, logP = 0, ghErr = 0, evErr = 0, minKl = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      elbo += gh[0][i] / n;
      logP += ev.logP()[i] / n;
      ghErr += gh[1][i] / n;
      evErr += ev.errors()[i] / n;
      minKl = Math.min(minKl, ev.logP()[i] - gh[0][i]);
    }
    double[] mc = new double[mcSeeds];
    for (int k = 0; k < mcSeeds; k++) mc[k] = Arrays.stream(model.elboPerImage(subset, seed + 1000 + k)).average().orElseThrow();
    double mcMean = Arrays.stream(mc).average().orElseThrow(), var = 0;
    for (double v : mc) var += (v - mcMean) * (v - mcMean) / (mcSeeds - 1);
    List<EpochStats> h = model.history();
    return new KlRow(epoch, n, elbo, logP, logP - elbo, ghErr + evErr, minKl, ghErr, evErr, mcMean, Math.sqrt(var / mcSeeds),
        h.isEmpty() ? Double.NaN : h.get(h.size() - 1).trainElbo(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The exact ELBO of each image, E_q[log p(x, z)] + H(q) for q = q(z|x) of the encoder, the expectation by the
   * product Gauss-Hermite rule with {@code n} points per axis, and again with {@code check} points.
   *
   * @return {ELBO with n points, ELBO with check points}, one value per image
   */
  static double[][] exactElbo(TrainedVae model, Images images, int n, int check) {
    Encoding enc = model.encode(images);
    return exactElbo(model, images, enc.mean(), enc.logStd(), n, check);
  }

  /**
   * {@link #exactElbo(TrainedVae, Images, int, int)} of given diagonal Gaussians q_i = N(mean[i], diag(exp(logStd[i]))^2).
   *
   * @return {ELBO by the n-point rule, by the check-point rule}, per image
   */
  static double[][] exactElbo(TrainedVae model, Images images, float[][] mean, float[][] logStd, int n, int check) {
    return new double[][] {gaussHermiteElbo(model, images, mean, logStd, n), gaussHermiteElbo(model, images, mean, logStd, check)};
  }

  /**
   * The exact ELBO of given diagonal Gaussians to a tolerance: the product rule of 8 nodes per axis, checked against 6;
   * each image whose two values differ by more than {@code tolerance} is computed again with twice the nodes, checked
   * against the rule before, up to {@code maxNodes} per axis. A q much wider than the posterior needs the finer rules:
   * log p(x | z) then falls by hundreds of nats across q's mass.
   *
   * @return {ELBO, its error estimate (|difference from the coarser rule|)}, per image
   */
  static double[][] exactElbo(TrainedVae model, Images images, float[][] mean, float[][] logStd, double tolerance, int maxNodes) {
    double[][] first = exactElbo(model, images, mean, logStd, 8, 6);
    double[] value = first[0], error = new double[value.length];
    int[] open = java.util.stream.IntStream.range(0, value.length).filter(i -> {
      error[i] = Math.abs(first[0][i] - first[1][i]);
      return error[i] > tolerance;
    }).toArray();
    for (int n = 16; n <= maxNodes && open.length > 0; n *= 2) {
      int[] idx = open;
      float[][] m = new float[idx.length][], ls = new float[idx.length][];
      for (int k = 0; k < idx.length; k++) {
        m[k] = mean[idx[k]];
        ls[k] = logStd[idx[k]];
      }
      double[] finer = gaussHermiteElbo(model, images.select(idx), m, ls, n);
      List<Integer> still = new ArrayList<>();
      for (int k = 0; k < idx.length; k++) {
        error[idx[k]] = Math.abs(finer[k] - value[idx[k]]);
        value[idx[k]] = finer[k];
        if (error[idx[k]] > tolerance) still.add(idx[k]);
      }
      open = still.stream().mapToInt(Integer::intValue).toArray();
    }
    return new double[][] {value, error};
  }

  /**
   * E_q[log p(x, z)] + H(q) per image by the product Gauss-Hermite rule of n nodes per axis, every image's nodes in one
   * batched call of the model's joint, the entropy in closed form.
   */
  private static double[] gaussHermiteElbo(TrainedVae model, Images images, float[][] mean, float[][] logStd, int n) {
    double[][] gh = gaussHermite(n);
    float[][][] z = new float[images.count()][n * n][];
    double[] w = new double[n * n], out = new double[images.count()];
    for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) w[p * n + q] = gh[1][p] * gh[1][q] / Math.PI;
    for (int i = 0; i < images.count(); i++) {
      double s0 = Math.exp(logStd[i][0]) * Math.sqrt(2), s1 = Math.exp(logStd[i][1]) * Math.sqrt(2);
      for (int p = 0; p < n; p++)
        for (int q = 0; q < n; q++)
          z[i][p * n + q] = new float[] {(float) (mean[i][0] + s0 * gh[0][p]), (float) (mean[i][1] + s1 * gh[0][q])};
    }
    double[][] lj = model.logJoint(images, z);
    for (int i = 0; i < images.count(); i++) {
      double e = 0, entropy = 0;
      for (int k = 0; k < lj[i].length; k++) e += w[k] * lj[i][k];
      for (float v : logStd[i]) entropy += v + 0.5 * (1 + Math.log(2 * Math.PI));
      out[i] = e + entropy;
    }
    return out;
  }

  /**
   * Gauss-Hermite nodes and weights for the weight e^{-x^2} (Newton's method on the orthonormal Hermite recurrence,
   * as in Numerical Recipes' gauher): sum_k w_k f(x_k) approximates the integral of e^{-x^2} f(x), exactly for
   * polynomials of degree below 2n.
   *
   * @return {nodes, weights}; the weights sum to sqrt(pi)
   */
  static double[][] gaussHermite(int n) {
    double[] x = new double[n], w = new double[n];
    double pim4 = Math.pow(Math.PI, -0.25), z = 0, pp = 0;
    for (int i = 0; i < (n + 1) / 2; i++) {
      if (i == 0) z = Math.sqrt(2.0 * n + 1) - 1.85575 * Math.pow(2.0 * n + 1, -0.16667);
      else if (i == 1) z -= 1.14 * Math.pow(n, 0.426) / z;
      else if (i == 2) z = 1.86 * z - 0.86 * x[0];
      else if (i == 3) z = 1.91 * z - 0.91 * x[1];
      else z = 2.0 * z - x[i - 2];
      for (int it = 0; it < 100; it++) {
        double p1 = pim4, p2 = 0;
        for (int j = 0; j < n; j++) {
          double p3 = p2;
          p2 = p1;
          p1 = z * Math.sqrt(2.0 / (j + 1)) * p2 - Math.sqrt((double) j / (j + 1)) * p3;
        }
        pp = Math.sqrt(2.0 * n) * p2;
        double z1 = z;
        z = z1 - p1 / pp;
        if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
      }
      x[i] = z;
      x[n - 1 - i] = -z;
      w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
    }
    return new double[][] {x, w};
  }

  /** Consecutive evaluations (from, to) and whether the mean ELBO and the mean KL both rose, beyond the KL's error. */
  record Interval(int from, int to, double elboChange, double klChange, double klChangeError) {
    boolean bothRose() { return elboChange > 0 && klChange > 0; }

    boolean beyondError() { return bothRose() && klChange > klChangeError; }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from_epoch", from);
      m.put("to_epoch", to);
      m.put("elbo_change", elboChange);
      m.put("kl_change", klChange);
      m.put("kl_change_error_estimate", klChangeError);
      m.put("elbo_up_and_kl_up", bothRose());
      m.put("beyond_error", beyondError());
      return m;
    }
  }

  static List<Interval> intervals(List<KlRow> rows) {
    List<Interval> out = new ArrayList<>();
    for (int k = 1; k < rows.size(); k++) {
      KlRow a = rows.get(k - 1), b = rows.get(k);
      out.add(new Interval(a.epoch(), b.epoch(), b.elbo() - a.elbo(), b.kl() - a.kl(), a.klError() + b.klError()));
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
      double underflowDistance) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("d_min_density_over_sweep", minOverSweep);
      m.put("d_sweep_points", sweepPoints);
      m.put("d_negative_values", negatives);
      m.put("d_double_underflows_to_zero_beyond_sigmas", underflowDistance);
      m.put("e_density_at_mean_sigma_0_1", atMean);
      m.put("e_log_density_at_mean_sigma_0_1", atMeanLog);
      m.put("e_density_exceeds_one_at_the_mean_iff_sigma_below", largestSigmaAboveOne);
      return m;
    }
  }

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

  // ------------------------------------------------------------------------------------------------------- answers

  /** One row of the table. {@code holds} says whether the measurement agrees with the answer. */
  record Answer(String id, String question, String answer, String why, String evidence, boolean holds) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("question", question);
      m.put("answer", answer);
      m.put("why", why);
      m.put("evidence", evidence);
      m.put("evidence_agrees", holds);
      return m;
    }
  }

  static List<Answer> answers(Factorization a, List<Dependence> b, List<KlRow> c, List<Interval> ci, Closed de) {
    List<Answer> out = new ArrayList<>();
    boolean aHolds = a.maxLogError() < 1e-3 && a.maxJointError() < 1e-4;
    out.add(new Answer("a", "Does p(bottom half of x | z) factorize over the pixels of the bottom half?", "yes",
        "the decoder makes every pixel an independent Bernoulli given z: p(x|z) = prod_d Ber(x_d; sigmoid(logit_d(z)))",
        f("the model's log p(bottom | z) equals the sum of the 392 per-pixel Bernoulli log densities from decodeLogits to"
            + " %.1e nats (float32) at 3 points z; over all 16 values of 4 bottom pixels the joint given z is the product"
            + " of the marginals to %.1e", a.maxLogError(), a.maxJointError()), aHolds));
    Dependence worst = b.stream().min((u, v) -> Double.compare(u.maxDependence() / Math.max(u.maxError(), 1e-300),
        v.maxDependence() / Math.max(v.maxError(), 1e-300))).orElseThrow();
    Pair p = b.get(0).pairs().get(0);
    boolean bHolds = b.stream().allMatch(d -> d.maxDependence() > 100 * d.maxError());
    out.add(new Answer("b", "Does p(bottom half of x | top half of x) factorize over the pixels of the bottom half?", "no",
        "z is not observed: p(bottom | top) = integral of prod_d p(x_d | z) p(z | top) dz, a mixture of product distributions,"
            + " which couples the pixels through z",
        f("exact quadrature over p(z | top), test image %d: pixels %d and %d have P(x_i=1, x_j=1 | top) = %.4f but"
            + " P(x_i=1) P(x_j=1) = %.4f x %.4f = %.4f (difference %.4f; grid error %.1e); over %d test digits the largest"
            + " difference is at least %.0f times the grid error", b.get(0).image(), p.i(), p.j(), p.pij(),
            p.pi(), p.pj(), p.pi() * p.pj(), p.dependence(), p.error(), b.size(),
            worst.maxDependence() / Math.max(worst.maxError(), 1e-300)), bHolds));
    long up = ci.stream().filter(Interval::bothRose).count(), beyond = ci.stream().filter(Interval::beyondError).count();
    Interval first = ci.stream().filter(Interval::beyondError).findFirst().orElse(ci.stream().filter(Interval::bothRose).findFirst().orElse(null));
    out.add(new Answer("c", "Jointly optimizing theta and phi, if the ELBO increases, has KL(q_phi(z|x) || p_theta(z|x))"
        + " necessarily decreased?", "no",
        "ELBO = log p_theta(x) - KL(q_phi || p_theta(z|x)); a step in theta can raise log p_theta(x) by more than it raises the"
            + " KL, and theta also moves the true posterior that the KL is measured against",
        first == null ? f("no interval among %d where both rose (the answer stands on the identity alone)", ci.size())
            : f("training the assignment's model, test subset of %d images: from epoch %d to %d the mean ELBO rose by %.3f nats and"
                + " the mean KL (exact log p(x) minus exact ELBO) rose by %.4f nats (error estimate %.1e); %d of %d intervals had both"
                + " rising, %d of them beyond the error estimate", c.get(0).images(), first.from(), first.to(), first.elboChange(),
                first.klChange(), first.klChangeError(), up, ci.size(), beyond), beyond > 0));
    out.add(new Answer("d", "If p(x) = N(x | mu, sigma^2), can p(x) < 0?", "no",
        "p(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi)) is a product of positive factors for every real x, mu and"
            + " sigma > 0",
        f("%d points of a sweep of x, mu in [-5, 5], sigma in [0.5, 10]: %d negative, smallest %.2e (in double the value"
            + " underflows to 0 beyond %.1f standard deviations, still not negative)", de.sweepPoints(), de.negatives(), de.minOverSweep(),
            de.underflowDistance()), de.negatives() == 0 && de.minOverSweep() > 0));
    out.add(new Answer("e", "If p(x) = N(x | mu, sigma^2), can p(x) > 1?", "yes",
        "a density is not a probability: it only has to integrate to 1, and its peak 1/(sigma sqrt(2 pi)) exceeds 1 when"
            + " sigma < 1/sqrt(2 pi) = 0.399",
        f("N(0 | 0, 0.1^2) = %.4f (log density %.4f); runtime's DensitiesTest.aNormalDensityCanExceedOneForASmallStandardDeviation"
            + " checks the same value through the TensorFlow op", de.atMean(), de.atMeanLog()), de.atMean() > 1));
    return out;
  }

  private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

  // ------------------------------------------------------------------------------------------------------- output

  private void printSummary(Factorization a, List<Dependence> b, List<Interval> ti, List<Interval> tri, Closed de, List<Answer> answers) {
    System.out.printf("(a) max |log p(bottom|z) - sum of pixels| = %.2e nats; max |joint - product| over 2^4 = %.2e%n",
        a.maxLogError(), a.maxJointError());
    for (Dependence d : b) {
      System.out.printf("(b) test image %d (a %d): log p(top) %.3f, grid %d points (spacing %.4f, %d used), max |P_ij - P_i P_j| %.4f,"
          + " max grid error %.1e, median (uncertain pixels) %.4f%n", d.image(), d.label(), d.logEvidence(), d.gridPoints(),
          d.spacing(), d.usedPoints(), d.maxDependence(), d.maxError(), d.medianDependence());
      for (Pair p : d.pairs())
        System.out.printf("      %-42s (%2d,%2d) (%2d,%2d): P_i %.4f P_j %.4f P_ij %.4f  P_ij - P_i P_j %+.5f (error %.1e)%n",
            p.kind(), p.i() / 28, p.i() % 28, p.j() / 28, p.j() % 28, p.pi(), p.pj(), p.pij(), p.dependence(), p.error());
    }
    System.out.printf("(c) test subset: %d of %d intervals with ELBO up and KL up, %d beyond the error estimate%n",
        ti.stream().filter(Interval::bothRose).count(), ti.size(), ti.stream().filter(Interval::beyondError).count());
    if (!tri.isEmpty())
      System.out.printf("(c) training subset: %d of %d intervals with ELBO up and KL up, %d beyond the error estimate%n",
          tri.stream().filter(Interval::bothRose).count(), tri.size(), tri.stream().filter(Interval::beyondError).count());
    System.out.printf("(d) min density over %d sweep points %.3e, negatives %d; (e) N(0|0,0.1^2) = %.4f%n", de.sweepPoints(),
        de.minOverSweep(), de.negatives(), de.atMean());
    for (Answer r : answers) System.out.printf("%s: %-3s (evidence %s)%n", r.id(), r.answer(), r.holds() ? "agrees" : "DOES NOT AGREE");
  }

  static String markdown(List<Answer> answers, List<KlRow> test, List<Interval> ti, List<KlRow> train, List<Interval> tri,
      Factorization a, List<Dependence> b, Closed de) {
    StringBuilder md = new StringBuilder("# Part 4(c): five questions\n\n| question | answer | why | evidence |\n|---|---|---|---|\n");
    for (Answer r : answers)
      md.append("| (").append(r.id()).append(") ").append(cell(r.question())).append(" | **").append(r.answer()).append("** | ")
          .append(cell(r.why())).append(" | ").append(cell(r.evidence())).append(r.holds() ? "" : " (DOES NOT AGREE)").append(" |\n");
    md.append("\n## (b) exact predictive dependence of bottom pixels given the top half\n\n")
        .append("| test image | label | grid points | max abs(P_ij - P_i P_j) | max grid error | pair | P_i | P_j | P_ij | P_ij - P_i P_j | error |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Dependence d : b)
      for (Pair p : d.pairs())
        md.append(f("| %d | %d | %d | %.4f | %.1e | %s (%d,%d)-(%d,%d) | %.4f | %.4f | %.4f | %+.5f | %.1e |\n", d.image(), d.label(),
            d.gridPoints(), d.maxDependence(), d.maxError(), p.kind(), p.i() / 28, p.i() % 28, p.j() / 28, p.j() % 28, p.pi(), p.pj(),
            p.pij(), p.dependence(), p.error()));
    klTable(md, "test", test, ti);
    if (!train.isEmpty()) klTable(md, "training", train, tri);
    return md.toString();
  }

  private static void klTable(StringBuilder md, String which, List<KlRow> rows, List<Interval> iv) {
    md.append("\n## (c) mean KL(q(z|x) || p(z|x)) per epoch, seeded ").append(which).append(" subset of ")
        .append(rows.get(0).images()).append(" images\n\n")
        .append("| epoch | mean ELBO (exact) | mean log p(x) | mean KL | KL error estimate | MC ELBO (s.e.) | ELBO and KL both rose |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < rows.size(); k++) {
      KlRow r = rows.get(k);
      String flag = k == 0 ? "" : iv.get(k - 1).beyondError() ? "**yes**" : iv.get(k - 1).bothRose() ? "yes, within error" : "";
      md.append(f("| %d | %.3f | %.3f | %.4f | %.1e | %.3f (%.3f) | %s |\n", r.epoch(), r.elbo(), r.logP(), r.kl(), r.klError(),
          r.mcElbo(), r.mcStdError(), flag));
    }
  }

  private static String cell(String s) { return s.replace("|", "\\|"); }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /** A temporary file beside the target, then a rename: readers see the old file or the whole new one. */
  static void writeAtomically(Path target, String text) {
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      System.err.println("part4c: warning: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
