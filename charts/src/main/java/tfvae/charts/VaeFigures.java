package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import tfvae.EpochStats;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * The assignment's figures (parts 2 and 3), each computed from a trained model and rendered with the chart types of
 * this module. Scripts and example programs call these, so no figure's logic is written twice.
 */
public final class VaeFigures {
  /**
   * Mixed into the seed of figure 3(a), see {@link #priorSamplesAndBinarySeed}: prior draws are a stateless function
   * of the seed whose first rows do not depend on how many are drawn, so with the same seed figure 3(a)'s ten z would
   * be the first ten of figure 2(e).
   */
  public static final long FIG_3A_SEED_SALT = 0x3A5EED3A5EED3A5EL;

  private VaeFigures() {}

  /**
   * The seed {@link #priorSamplesAndBinary} draws with for a given seed: {@code seed ^ FIG_3A_SEED_SALT}. Figure 2(e)
   * ({@link #priorSamples}) draws with the seed itself, so the two figures show different z for the same seed.
   *
   * @param seed the seed given to both figures
   * @return the seed of figure 3(a)'s prior draws and binary samples
   */
  public static long priorSamplesAndBinarySeed(long seed) { return seed ^ FIG_3A_SEED_SALT; }

  /**
   * Figure 2(e): Bernoulli means of p(x|z) for z drawn from the prior N(0, I).
   *
   * @param model the trained model
   * @param n how many samples; shown in rows of 10
   * @param seed seed of the prior draws, used as it is ({@link #priorSamplesAndBinary} derives another from it)
   * @return {@code fig-2e-samples}
   */
  public static Figure priorSamples(TrainedVae model, int n, long seed) {
    int cols = Math.min(10, n), rows = (n + cols - 1) / cols;
    float[][] means = pad(model.decodeMeans(model.samplePrior(n, seed)), rows * cols);
    return new Figure("fig-2e-samples", ImageGrid.chart(ImageGrid.dataset(means, rows, cols),
        n + " samples from the prior: " + meansName(model) + " of p(x|z), z ~ N(0, I)"), 1000, 90 + 100 * rows);
  }

  /**
   * Figure 3(a): for {@code cols} independent z ~ N(0, I) (from the prior, not from q), the Bernoulli means of
   * p(x|z) in the top row and one binary image x ~ p(x|z) sampled from those means below each.
   *
   * @param model the trained model
   * @param cols how many columns
   * @param seed the figures' seed: the prior draws and the binary samples use {@link #priorSamplesAndBinarySeed}(seed),
   *     so that they differ from those of {@link #priorSamples} with the same seed
   * @return {@code fig-3a-prior-samples}
   */
  public static Figure priorSamplesAndBinary(TrainedVae model, int cols, long seed) {
    long own = priorSamplesAndBinarySeed(seed);
    float[][] z = model.samplePrior(cols, own);
    float[][] tiles = new float[2 * cols][];
    System.arraycopy(model.decodeMeans(z), 0, tiles, 0, cols);
    System.arraycopy(model.sampleImages(z, own), 0, tiles, cols, cols);
    return new Figure("fig-3a-prior-samples", ImageGrid.chart(ImageGrid.dataset(tiles, 2, cols),
        "z ~ N(0, I): " + meansName(model) + " (top) and " + sampleName(model) + " x ~ p(x|z) (bottom)", List.of("mean", "sample"), List.of()),
        1000, 300);
  }

  /** @return what the decoded means are called under the model's likelihood: "Bernoulli means", ... */
  static String meansName(TrainedVae model) {
    return switch (model.spec().likelihood()) {
      case BERNOULLI -> "Bernoulli means";
      case CONTINUOUS_BERNOULLI -> "continuous-Bernoulli means";
      case GAUSSIAN -> "Gaussian means";
    };
  }

  /** @return "a binary sample" for the Bernoulli, else "a sample" */
  static String sampleName(TrainedVae model) {
    return model.spec().likelihood() == tfvae.Likelihood.BERNOULLI ? "a binary sample" : "a sample";
  }

  /**
   * Figure 3(b): the means of q(z|x) of labelled images, coloured by label; for a 1-D latent, one jittered strip per label (z across); for a latent above 2, projected on their
   * first two principal axes ({@link LatentProjection}), which the axis labels say.
   *
   * @param model the trained model
   * @param images labelled images, e.g. the 10000 training images
   * @return {@code fig-3b-latent-space}
   * @throws IllegalArgumentException if the images have no labels
   */
  public static Figure latentSpace(TrainedVae model, Images images) {
    if (!images.hasLabels()) throw new IllegalArgumentException("latentSpace needs labelled images");
    float[][] mean = model.encode(images).mean();
    if (model.spec().latent() == 1) { // a 1-D latent: each label's means on its own strip, spread by a fixed jitter
      SplittableRandom jitter = new SplittableRandom(0);
      float[][] strips = new float[mean.length][];
      for (int i = 0; i < mean.length; i++) strips[i] = new float[] {mean[i][0], images.label(i) + (float) (0.6 * (jitter.nextDouble() - 0.5))};
      return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(strips, images.labels()),
          "Means of q(z|x) for " + images.count() + " training images (1-D latent), one strip per label", "z (the 1-D latent)",
          "label (each strip spread vertically to show its density)"), 800, 700);
    }
    if (model.spec().latent() == 2)
      return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(mean, images.labels()),
          "Means of q(z|x) for " + images.count() + " training images, by digit"), 800, 700);
    LatentProjection axes = LatentProjection.of(mean);
    float[][] plane = new float[mean.length][];
    for (int i = 0; i < mean.length; i++) {
      double[] p = axes.project(mean[i]);
      plane[i] = new float[] {(float) p[0], (float) p[1]};
    }
    int d = model.spec().latent();
    return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(plane, images.labels()),
        "Means of q(z|x) for " + images.count() + " training images, by label: their first two principal axes",
        "principal axis 1 of the " + d + "-D means", String.format(java.util.Locale.ROOT,
            "principal axis 2 (axes 1 and 2: %.0f %% of the variance)", 100 * axes.explainedVariance())), 800, 700);
  }

  /**
   * Picks {@code pairs} pairs of images of different labels, each pair of a different label pair, by seed.
   *
   * @param images labelled images
   * @param pairs how many pairs
   * @param seed the seed
   * @return {@code pairs} rows of two indices {a, b}
   * @throws IllegalArgumentException if the images have no labels or fewer than two classes
   */
  public static int[][] interpolationPairs(Images images, int pairs, long seed) {
    if (!images.hasLabels()) throw new IllegalArgumentException("interpolationPairs needs labelled images");
    int[] labels = images.labels();
    if (java.util.Arrays.stream(labels).distinct().count() < 2) throw new IllegalArgumentException("interpolationPairs needs two classes");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<int[]> out = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (int tries = 0; out.size() < pairs; tries++) {
      int a = rnd.nextInt(labels.length), b = rnd.nextInt(labels.length);
      String key = Math.min(labels[a], labels[b]) + "-" + Math.max(labels[a], labels[b]);
      if (labels[a] == labels[b] || (used.contains(key) && tries < 1000)) continue;
      used.add(key);
      out.add(new int[] {a, b});
    }
    return out.toArray(new int[0][]);
  }

  /**
   * Figure 3(c): for each pair (a, b), the Bernoulli means of p(x|z) along z = alpha z_a + (1 - alpha) z_b for
   * {@code steps} equally spaced alpha in [0, 1], z_a and z_b the means of q(z|x); original b at the left (alpha =
   * 0 end) and original a at the right.
   *
   * @param model the trained model
   * @param images labelled images the pairs index into
   * @param pairs rows of {a, b} indices, e.g. from {@link #interpolationPairs}
   * @param steps interpolation points per row, at least 2
   * @return {@code fig-3c-interpolation}
   */
  public static Figure interpolation(TrainedVae model, Images images, int[][] pairs, int steps) {
    if (steps < 2) throw new IllegalArgumentException("steps must be at least 2, got " + steps);
    int cols = steps + 2;
    float[][] tiles = new float[pairs.length * cols][];
    List<String> rowCaptions = new ArrayList<>();
    for (int r = 0; r < pairs.length; r++) {
      int a = pairs[r][0], b = pairs[r][1];
      float[][] mean = model.encode(images.select(a, b)).mean();
      float[][] z = new float[steps][mean[0].length];
      for (int k = 0; k < steps; k++) {
        double alpha = k / (double) (steps - 1);
        for (int d = 0; d < z[k].length; d++) z[k][d] = (float) (alpha * mean[0][d] + (1 - alpha) * mean[1][d]);
      }
      float[][] decoded = model.decodeMeans(z);
      tiles[r * cols] = images.image(b);
      System.arraycopy(decoded, 0, tiles, r * cols + 1, steps);
      tiles[r * cols + cols - 1] = images.image(a);
      rowCaptions.add(images.hasLabels() ? images.label(b) + " \u2192 " + images.label(a) : "");
    }
    List<String> colCaptions = new ArrayList<>();
    colCaptions.add("x_b");
    for (int k = 0; k < steps; k++) colCaptions.add(String.format(Locale.ROOT, "%.2f", k / (double) (steps - 1)));
    colCaptions.add("x_a");
    return new Figure("fig-3c-interpolation", ImageGrid.chart(ImageGrid.dataset(tiles, pairs.length, cols),
        "Decoded means along z = \u03b1 z_a + (1 - \u03b1) z_b (\u03b1 above each column); originals at the ends",
        rowCaptions, colCaptions), 1200, 140 + 110 * pairs.length);
  }

  /**
   * Figure 2(e), as a curve: the train ELBO (mean over each epoch's minibatches) and the test ELBO per epoch.
   *
   * @param history the model's training history
   * @return {@code fig-2e-elbo-curve}
   */
  public static Figure elboCurve(List<EpochStats> history) {
    double[] x = new double[history.size()], train = new double[history.size()], test = new double[history.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = history.get(i).epoch();
      train[i] = history.get(i).trainElbo();
      test[i] = history.get(i).testElbo();
    }
    return new Figure("fig-2e-elbo-curve", LineChart.chart(LineChart.dataset(List.of(new LineChart.Curve("train ELBO", x, train),
        new LineChart.Curve("test ELBO (all test images)", x, test))), "ELBO per epoch", "epoch", "ELBO (nats per image)"), 800, 500);
  }

  /**
   * Picks {@code n} images of {@code n} different labels, by seed.
   *
   * @param images labelled images
   * @param n how many, at most the number of distinct labels
   * @param seed the seed
   * @return the indices, in the order drawn
   * @throws IllegalArgumentException if there are fewer than {@code n} labels
   */
  public static int[] differentClasses(Images images, int n, long seed) {
    int[] labels = images.labels();
    if (java.util.Arrays.stream(labels).distinct().count() < n)
      throw new IllegalArgumentException("differentClasses needs " + n + " distinct labels");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> seen = new ArrayList<>();
    int[] out = new int[n];
    for (int k = 0; k < n; ) {
      int i = rnd.nextInt(labels.length);
      if (seen.contains(labels[i])) continue;
      seen.add(labels[i]);
      out[k++] = i;
    }
    return out;
  }

  /**
   * Figure 4(b), contours: the exact posterior p(z | top half) (tabulated on its grid; the same shape as
   * p(z, top half), which differs by the constant p(top half)) and the SVI fit q(z), at the same density levels
   * (5, 20, 40, 60 and 80 % of the posterior's peak). The axes frame where either density is above 0.1 % of its peak.
   *
   * @param exact the tabulated posterior, with q tabulated on the same grid
   * @param caption what image this is, for the title
   * @return {@code fig-4b-contours}
   * @throws IllegalArgumentException if {@code exact} has no tabulated q
   */
  public static Figure posteriorContours(tfvae.GridPosterior exact, String caption) {
    PosteriorContours c = new PosteriorContours(exact);
    return new Figure("fig-4b-contours", c.fitted(caption), PosteriorContours.WIDTH, PosteriorContours.HEIGHT);
  }

  /**
   * Figure 4(b), animated: the frames of {@link #posteriorContours} along q's path, one per recorded step (e.g.
   * every 10th iteration), the iteration and its ELBO estimate under the title, 10 frames a second; the last frame
   * (the fit, shown for 2 s before the GIF loops) is {@code fig-4b-contours} itself with that line added. The
   * exact posterior's contours stay fixed; q is tabulated on a grid over each frame's view, which widens from
   * {@code fig-4b-contours}' axes to take in q's mean +- 3 standard deviations while q is still far away.
   *
   * @param exact the tabulated posterior, with the fitted q tabulated on the same grid
   * @param caption what image this is, for the title
   * @param steps q's path, e.g. {@link SviPath#steps()} of the fit {@code exact} was tabulated with; the last step
   *     is that fit
   * @return {@code fig-4b-svi}
   * @throws IllegalArgumentException if {@code exact} has no tabulated q, {@code steps} is empty, or its last step is
   *     not the q {@code exact} tabulates
   */
  public static Animation sviAnimation(tfvae.GridPosterior exact, String caption, List<SviPath.Step> steps) {
    PosteriorContours c = new PosteriorContours(exact);
    if (steps.isEmpty()) throw new IllegalArgumentException("sviAnimation needs at least one step of q's path");
    SviPath.Step fit = steps.get(steps.size() - 1);
    c.checkIsTheFit(fit);
    int n = fit.iteration();
    List<org.jfree.chart.JFreeChart> frames = new ArrayList<>();
    int[] delays = new int[steps.size()];
    for (int k = 0; k < steps.size(); k++) {
      SviPath.Step s = steps.get(k);
      String line = String.format(Locale.ROOT, "SVI iteration %d of %d: ELBO %.2f nats%s", s.iteration(), n, s.elbo(),
          k == steps.size() - 1 ? " (the fit)" : s.iteration() == 0 ? " (q = the prior)" : "");
      var chart = k == steps.size() - 1 ? c.fitted(caption) : c.along(caption, s.mean(), s.logStd());
      chart.addSubtitle(new org.jfree.chart.title.TextTitle(line, Palette.LABEL_FONT));
      frames.add(chart);
      delays[k] = k == steps.size() - 1 ? 200 : 10;
    }
    return new Animation("fig-4b-svi", frames, delays, PosteriorContours.WIDTH, PosteriorContours.HEIGHT);
  }

  /**
   * The z of figure 3(d)'s grid along each axis: z_k = Phi^-1((k + 1/2) / n), k = 0 .. n - 1, the medians of n
   * slices of equal prior probability (Kingma and Welling 2014, figure 4, map a regular grid on the unit square
   * through the inverse Gaussian CDF likewise), by {@link NormalQuantile}.
   *
   * @param n points per axis, at least 1
   * @return n increasing values, symmetric about 0
   */
  public static double[] manifoldAxis(int n) {
    Check.positive("n", n);
    double[] z = new double[n];
    for (int k = 0; k < n; k++) z[k] = NormalQuantile.of((k + 0.5) / n);
    return z;
  }

  /**
   * Figure 3(d), the learned manifold: the Bernoulli means of p(x|z) on an n x n grid of z evenly spaced in
   * probability under the prior ({@link #manifoldAxis}), z1 increasing to the right, z2 increasing upwards, each
   * column and row captioned with its z.
   *
   * @param model the trained model (2-D latent)
   * @param n points per axis (20 in Kingma and Welling's figure 4)
   * @return {@code fig-3d-manifold}
   * @throws IllegalArgumentException if the latent is not 2-D or n is not in [2, 40]
   */
  public static Figure manifold(TrainedVae model, int n) {
    if (model.spec().latent() != 2) throw new IllegalArgumentException("manifold needs a 2-D latent, got " + model.spec().latent());
    if (n < 2 || n > 40) throw new IllegalArgumentException("n must be in [2, 40], got " + n);
    double[] axis = manifoldAxis(n);
    float[][] z = new float[n * n][];
    List<String> rows = new ArrayList<>(), cols = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      double z2 = axis[n - 1 - r]; // top row: the largest z2
      rows.add(String.format(Locale.ROOT, "%.2f", z2));
      cols.add(String.format(Locale.ROOT, "%.2f", axis[r]));
      for (int c = 0; c < n; c++) z[r * n + c] = new float[] {(float) axis[c], (float) z2};
    }
    var chart = ImageGrid.chart(ImageGrid.dataset(model.decodeMeans(z), n, n), "Decoded means of p(x|z) on a " + n + " x " + n
        + " grid of z = \u03a6\u207b\u00b9(u), u evenly spaced in (0, 1)", rows, cols);
    var x = new org.jfree.chart.title.TextTitle("z1 (columns) \u2192", Palette.LABEL_FONT);
    x.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
    var y = new org.jfree.chart.title.TextTitle("z2 (rows) \u2192", Palette.LABEL_FONT);
    y.setPosition(org.jfree.chart.ui.RectangleEdge.LEFT);
    chart.addSubtitle(x);
    chart.addSubtitle(y);
    int side = 60 * n + 100;
    return new Figure("fig-3d-manifold", chart, side, side + 40);
  }

  /**
   * Figure 4(b), completions: for each image, the original; its top half joined to the bottom half decoded from
   * one z ~ q (the Bernoulli means, as the assignment asks); and its top half joined to the predictive mean
   * p(bottom pixel = 1 | top half) estimated by averaging the Bernoulli means over {@code samples} draws z ~ q.
   *
   * @param model the trained model
   * @param images the images (the top half is their first rows / 2 rows)
   * @param indices which images, one row each
   * @param fits q for each image's top half, in the same order
   * @param samples draws of z ~ q for the predictive mean
   * @param seed noise seed
   * @return {@code fig-4b-completion}
   */
  public static Figure completions(TrainedVae model, Images images, int[] indices, List<tfvae.PosteriorFit> fits, int samples,
      long seed) {
    if (fits.size() != indices.length) throw new IllegalArgumentException("fits has " + fits.size() + " entries for "
        + indices.length + " images");
    int top = images.height() / 2 * images.width(), dim = images.dim();
    float[][] tiles = new float[indices.length * 3][];
    List<String> rowCaptions = new ArrayList<>();
    for (int r = 0; r < indices.length; r++) {
      float[] original = images.image(indices[r]);
      tfvae.PosteriorFit q = fits.get(r);
      float[][] means = model.decodeMeans(model.sampleGaussian(q.mean(), q.logStd(), samples, seed + r));
      float[] one = original.clone(), predictive = original.clone();
      for (int d = top; d < dim; d++) {
        one[d] = means[0][d];
        double sum = 0;
        for (float[] m : means) sum += m[d];
        predictive[d] = (float) (sum / means.length);
      }
      tiles[3 * r] = original;
      tiles[3 * r + 1] = one;
      tiles[3 * r + 2] = predictive;
      rowCaptions.add(images.hasLabels() ? "digit " + images.label(indices[r]) : "image " + indices[r]);
    }
    return new Figure("fig-4b-completion", ImageGrid.chart(ImageGrid.dataset(tiles, indices.length, 3),
        "Bottom halves from the top half: one z ~ q, and the mean over " + samples + " z ~ q", rowCaptions,
        List.of("original", "one z ~ q", "predictive mean")), 820, 120 + 110 * indices.length);
  }

  private static float[][] pad(float[][] tiles, int n) {
    if (tiles.length == n) return tiles;
    float[][] out = java.util.Arrays.copyOf(tiles, n);
    for (int i = tiles.length; i < n; i++) out[i] = new float[tiles[0].length];
    return out;
  }
}
