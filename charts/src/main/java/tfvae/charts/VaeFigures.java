package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import tfvae.EpochStats;
import tfvae.LatentViews;
import tfvae.Likelihood;
import tfvae.data.Images;

/**
 * The assignment's figures (parts 2 and 3), each drawn from numbers the library computed ({@link LatentViews},
 * {@code model.encode(images).mean()}, {@link tfvae.data.Subsets} for the picks) with the chart types of this module:
 * compute, then dataset, chart, save. Scripts and example programs call these, so no figure's layout is written twice.
 *
 * <pre>{@code
 * float[][] means = LatentViews.priorMeans(model, 20, 0);                        // compute with the model
 * VaeFigures.priorSamples(means, model.spec().likelihood()).save(Path.of("out")); // draw: out/fig-2e-samples.png, .svg
 * }</pre>
 */
public final class VaeFigures {
  private VaeFigures() {}

  /**
   * Figure 2(e): decoded means of p(x|z) for z drawn from the prior N(0, I), in rows of 10.
   *
   * @param means the decoded means, e.g. {@link LatentViews#priorMeans}
   * @param likelihood the model's likelihood, which names the means in the title
   * @return {@code fig-2e-samples}
   */
  public static Figure priorSamples(float[][] means, Likelihood likelihood) {
    int n = means.length, cols = Math.min(10, n), rows = (n + cols - 1) / cols;
    return new Figure("fig-2e-samples", ImageGrid.chart(ImageGrid.dataset(pad(means, rows * cols), rows, cols),
        n + " samples from the prior: " + meansName(likelihood) + " of p(x|z), z ~ N(0, I)"), 1000, 90 + 100 * rows);
  }

  /**
   * Figure 3(a): for independent z ~ N(0, I) (from the prior, not from q), the decoded means of p(x|z) in the top row
   * and one sample x ~ p(x|z) of those means below each.
   *
   * @param draws the means and samples, e.g. {@link LatentViews#priorMeansAndSamples}; one column each
   * @param likelihood the model's likelihood, which names the means and the samples in the title
   * @return {@code fig-3a-prior-samples}
   */
  public static Figure priorSamplesAndBinary(LatentViews.MeansAndSamples draws, Likelihood likelihood) {
    int cols = draws.means().length;
    if (draws.samples().length != cols)
      throw new IllegalArgumentException("draws has " + cols + " means and " + draws.samples().length + " samples; pass one sample per mean");
    float[][] tiles = new float[2 * cols][];
    System.arraycopy(draws.means(), 0, tiles, 0, cols);
    System.arraycopy(draws.samples(), 0, tiles, cols, cols);
    return new Figure("fig-3a-prior-samples", ImageGrid.chart(ImageGrid.dataset(tiles, 2, cols),
        "z ~ N(0, I): " + meansName(likelihood) + " (top) and " + sampleName(likelihood) + " x ~ p(x|z) (bottom)", List.of("mean", "sample"), List.of()),
        1000, 300);
  }

  /** @return what the decoded means are called under the likelihood: "Bernoulli means", ... */
  static String meansName(Likelihood likelihood) {
    return switch (likelihood) {
      case BERNOULLI -> "Bernoulli means";
      case CONTINUOUS_BERNOULLI -> "continuous-Bernoulli means";
      case GAUSSIAN -> "Gaussian means";
    };
  }

  /** @return "a binary sample" for the Bernoulli, else "a sample" */
  static String sampleName(Likelihood likelihood) {
    return likelihood == Likelihood.BERNOULLI ? "a binary sample" : "a sample";
  }

  /**
   * Figure 3(b): the means of q(z|x) of labelled images, coloured by label; for a 1-D latent, one jittered strip per label (z across); for a latent above 2, projected on their
   * first two principal axes ({@link LatentProjection}), which the axis labels say.
   *
   * @param mean the means of q(z|x), one row per image: {@code model.encode(images).mean()}
   * @param labels the images' labels, e.g. {@code images.labels()}
   * @return {@code fig-3b-latent-space}
   * @throws IllegalArgumentException if there are no means, or not one label per mean
   */
  public static Figure latentSpace(float[][] mean, int[] labels) {
    if (mean.length == 0 || labels.length != mean.length)
      throw new IllegalArgumentException("latentSpace needs one label per mean, got " + labels.length + " labels for " + mean.length + " means");
    int d = mean[0].length;
    if (d == 1) { // a 1-D latent: each label's means on its own strip, spread by a fixed jitter
      SplittableRandom jitter = new SplittableRandom(0);
      float[][] strips = new float[mean.length][];
      for (int i = 0; i < mean.length; i++) strips[i] = new float[] {mean[i][0], labels[i] + (float) (0.6 * (jitter.nextDouble() - 0.5))};
      return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(strips, labels),
          "Means of q(z|x) for " + mean.length + " training images (1-D latent), one strip per label", "z (the 1-D latent)",
          "label (each strip spread vertically to show its density)"), 800, 700);
    }
    if (d == 2)
      return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(mean, labels),
          "Means of q(z|x) for " + mean.length + " training images, by digit"), 800, 700);
    LatentProjection axes = LatentProjection.of(mean);
    float[][] plane = new float[mean.length][];
    for (int i = 0; i < mean.length; i++) {
      double[] p = axes.project(mean[i]);
      plane[i] = new float[] {(float) p[0], (float) p[1]};
    }
    return new Figure("fig-3b-latent-space", LatentScatter.chart(LatentScatter.dataset(plane, labels),
        "Means of q(z|x) for " + mean.length + " training images, by label: their first two principal axes",
        "principal axis 1 of the " + d + "-D means", String.format(java.util.Locale.ROOT,
            "principal axis 2 (axes 1 and 2: %.0f %% of the variance)", 100 * axes.explainedVariance())), 800, 700);
  }

  /**
   * Figure 3(c): for each pair (a, b), the decoded means along z = alpha z_a + (1 - alpha) z_b for equally spaced
   * alpha in [0, 1], z_a and z_b the means of q(z|x); original b at the left (alpha = 0 end) and original a at the
   * right.
   *
   * @param images the images the pairs index into
   * @param pairs rows of {a, b} indices, e.g. from {@link tfvae.data.Subsets#interpolationPairs}
   * @param decoded [pair][k] the decoded means, alpha = k / (steps - 1): {@link LatentViews#interpolation}
   * @return {@code fig-3c-interpolation}
   * @throws IllegalArgumentException if there are no pairs, or not one row of at least 2 decoded means per pair
   */
  public static Figure interpolation(Images images, int[][] pairs, float[][][] decoded) {
    if (pairs.length == 0 || decoded.length != pairs.length)
      throw new IllegalArgumentException("interpolation needs one row of decoded means per pair, got " + decoded.length + " rows for "
          + pairs.length + " pairs");
    int steps = decoded[0].length;
    if (steps < 2) throw new IllegalArgumentException("steps must be at least 2, got " + steps);
    int cols = steps + 2;
    float[][] tiles = new float[pairs.length * cols][];
    List<String> rowCaptions = new ArrayList<>();
    for (int r = 0; r < pairs.length; r++) {
      int a = pairs[r][0], b = pairs[r][1];
      if (decoded[r].length != steps)
        throw new IllegalArgumentException("row " + r + " of decoded has " + decoded[r].length + " means, row 0 has " + steps);
      tiles[r * cols] = images.image(b);
      System.arraycopy(decoded[r], 0, tiles, r * cols + 1, steps);
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
   * Figure 3(d), the learned manifold: the decoded means of p(x|z) on an n x n grid of z evenly spaced in probability
   * under the prior, z1 increasing to the right, z2 increasing upwards, each column and row captioned with its z.
   *
   * @param grid the decoded grid, {@link LatentViews#manifold}
   * @return {@code fig-3d-manifold}
   * @throws IllegalArgumentException if the grid does not hold n * n means for its n axis points
   */
  public static Figure manifold(LatentViews.Manifold grid) {
    double[] axis = grid.axis();
    int n = axis.length;
    if (grid.means().length != n * n)
      throw new IllegalArgumentException("the grid has " + grid.means().length + " means for " + n + " axis points; it needs " + n * n);
    List<String> rows = new ArrayList<>(), cols = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      rows.add(String.format(Locale.ROOT, "%.2f", axis[n - 1 - r])); // top row: the largest z2
      cols.add(String.format(Locale.ROOT, "%.2f", axis[r]));
    }
    var chart = ImageGrid.chart(ImageGrid.dataset(grid.means(), n, n), "Decoded means of p(x|z) on a " + n + " x " + n
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
   * Figure 4(b), completions: for each image, the original; its top half joined to the bottom half decoded from one
   * z ~ q; and its top half joined to the predictive mean of the bottom half over {@code samples} draws z ~ q.
   *
   * @param images the images
   * @param indices which images, one row each
   * @param completed [row][0] the one-draw and [row][1] the predictive-mean completion: {@link LatentViews#topHalfCompletions}
   * @param samples how many draws of z ~ q the predictive mean averaged, for the title
   * @return {@code fig-4b-completion}
   * @throws IllegalArgumentException if there is not one pair of completions per image
   */
  public static Figure completions(Images images, int[] indices, float[][][] completed, int samples) {
    if (completed.length != indices.length)
      throw new IllegalArgumentException("completed has " + completed.length + " rows for " + indices.length + " images; pass one per image");
    float[][] tiles = new float[indices.length * 3][];
    List<String> rowCaptions = new ArrayList<>();
    for (int r = 0; r < indices.length; r++) {
      if (completed[r].length != 2)
        throw new IllegalArgumentException("completed row " + r + " has " + completed[r].length + " images; pass the one-draw and the predictive-mean completion");
      tiles[3 * r] = images.image(indices[r]);
      tiles[3 * r + 1] = completed[r][0];
      tiles[3 * r + 2] = completed[r][1];
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
