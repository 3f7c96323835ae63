package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.BadDataException;
import tfvae.CheckpointPolicy;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * Part 4 and the exact evaluation on a small model trained on the fixture (64 hidden units, 300 epochs of 5 steps): the
 * observed-pixel likelihood, SVI against the exact grid posterior, and quadrature against importance sampling.
 */
class ObservedInferenceTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    data = Fixtures.mnist();
    model = Fixtures.small().train(DataSplit.trainingOnly(data.train()), tfvae.TrainOptions.builder().epochs(300).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  /**
   * Pixels 391 and 392 are the last of row 13 and the first of row 14, so an off-by-one in the prefix length moves
   * exactly one of them across the boundary. In every fixture image both are 0 (they lie at the row ends), where
   * the trained decoder's logit is very negative and the pixel's term is near 0 nats: an off-by-one would hide under
   * any loose tolerance. So the test switches one of them on (a 1 there scores about l_391, several nats) and checks
   * both variants, 391 on and 392 off, and 391 off and 392 on.
   *
   * <p>Tolerance: the graph evaluates in float32, so its sums of 392 or 784 terms are accurate to a few times log2(n)
   * u sum|terms| (u = 6e-8): the bound 1e-5 x S + 1e-4 nats, S = sum |x l| + softplus(l) + |log p(z)| over the
   * pixels in the sum (a few hundred nats, so about 2e-3 to 5e-3 nats), against the plain-Java double value. The
   * old bound, 2e-3 of the value, was about 0.5 nats.
   */
  @Test void theTopHalfLikelihoodIsTheFullLikelihoodMinusTheBottomHalfTerm() {
    PlainVae plain = PlainVae.of((TfVae) model);
    for (int on : new int[] {391, 392}) {
      float[] x = data.test().image(3);
      assertThat(x[391]).isEqualTo(x[392]); // as in every fixture image; hence the switch below
      x[391] = on == 391 ? 1f : 0f;
      x[392] = on == 392 ? 1f : 0f;
      float[] top = Arrays.copyOf(x, 392);
      float[][] z = {{0f, 0f}, {1.2f, -0.7f}, {-2f, 2.5f}};
      double[] full = model.logJointObserved(x, Mask.all(784), z), half = model.logJointObserved(x, Mask.topHalf(28, 28), z);
      float[][] logits = model.decodeLogits(z);
      for (int g = 0; g < z.length; g++) {
        double[] zg = {z[g][0], z[g][1]};
        double wantHalf = plain.logJoint(top, zg), wantFull = plain.logJoint(x, zg);
        double tolHalf = 1e-5 * (plain.logLikelihoodScale(top, zg) + Math.abs(PlainVae.logStandardNormal(zg))) + 1e-4;
        double tolFull = 1e-5 * (plain.logLikelihoodScale(x, zg) + Math.abs(PlainVae.logStandardNormal(zg))) + 1e-4;
        assertThat(half[g]).as("pixel %d on, point %d: log p(z, top) against plain Java", on, g).isCloseTo(wantHalf, within(tolHalf));
        assertThat(full[g]).as("pixel %d on, point %d: log p(z, x) against plain Java", on, g).isCloseTo(wantFull, within(tolFull));
        double bottom = 0; // plain Java: sum over rows 14..27 of x log s(l) + (1 - x) log(1 - s(l)), written stably
        for (int d = 392; d < 784; d++) bottom += x[d] * logits[g][d] - Math.log1p(Math.exp(-Math.abs(logits[g][d]))) - Math.max(logits[g][d], 0);
        assertThat(half[g]).as("pixel %d on, point %d", on, g).isCloseTo(full[g] - bottom, within(tolHalf + tolFull));
        assertThat(half[g]).isGreaterThan(full[g]); // dropping observed pixels can only raise the probability
      }
    }
  }

  /** The batched joint at each image's own points, against plain Java (same tolerance as above), with a chunk boundary. */
  @Test void logJointAtEachImagesOwnPointsIsThePlainJavaJoint() {
    PlainVae plain = PlainVae.of((TfVae) model);
    int p = 7, n = ImportanceWeighting.IW_ROWS / p + 3; // more rows than one chunk holds
    Images xs = Images.ofRows(java.util.stream.IntStream.range(0, n).mapToObj(i -> data.test().image(i % data.test().count()))
        .toArray(float[][]::new), 28, 28);
    float[][][] z = new float[n][p][];
    for (int i = 0; i < n; i++) for (int k = 0; k < p; k++) z[i][k] = new float[] {-2f + 0.01f * i, 1.5f - 0.5f * k};
    double[][] got = model.logJoint(xs, z);
    assertThat(got.length).isEqualTo(n);
    for (int i : new int[] {0, 1, ImportanceWeighting.IW_ROWS / p - 1, ImportanceWeighting.IW_ROWS / p, n - 1})
      for (int k = 0; k < p; k++) {
        double[] zk = {z[i][k][0], z[i][k][1]};
        float[] x = xs.image(i);
        double tol = 1e-5 * (plain.logLikelihoodScale(x, zk) + Math.abs(PlainVae.logStandardNormal(zk))) + 1e-4;
        assertThat(got[i][k]).as("image %d, point %d", i, k).isCloseTo(plain.logJoint(x, zk), within(tol));
      }
    assertThatThrownBy(() -> model.logJoint(xs.slice(0, 2), new float[][][] {z[0], Arrays.copyOf(z[1], 3)}))
        .isInstanceOf(tfvae.BadDataException.class).hasMessage("z[1] has 3 points, not 7 like z[0]");
    assertThatThrownBy(() -> model.logJoint(xs.slice(0, 2), new float[][][] {z[0]}))
        .isInstanceOf(tfvae.BadDataException.class).hasMessage("z has points for 1 examples, not the 2 given");
  }

  @Test void sviComesCloseToTheExactPosteriorAndTheGapIsTheKl() {
    float[] x = data.test().image(0);
    Mask top = Mask.topHalf(28, 28);
    PosteriorFit q = model.fitPosterior(x, top, SviOptions.builder().samples(500).iterations(400).learningRate(0.05).seed(1).build());
    GridPosterior exact = model.exactPosterior(x, top, q);
    double kl = exact.klFromQ();
    // A diagonal Gaussian cannot match this posterior exactly (it is skewed and correlated): for this image SVI
    // reaches 0.925 nats whether it runs 400 or 2000 iterations, down from KL(prior || posterior) of several nats.
    assertThat(kl).isBetween(0.0, 1.0);
    double klAtStart = model.exactPosterior(x, top, new PosteriorFit(new float[2], new float[2], new double[0], 0, 0)).klFromQ();
    assertThat(klAtStart).isGreaterThan(kl + 1.0);
    // log p(top) = ELBO(q) + KL(q || p): the ELBO (10000 samples, standard error about 0.01) closes the identity
    assertThat(exact.logEvidence() - q.elbo()).isCloseTo(kl, within(0.02));
    assertThat(exact.error()).isLessThan(1e-3);
  }

  /**
   * The tabulated posterior against plain Java: at every grid point, log p(z | top) must be the plain-Java double
   * joint log p(z, top) minus the log evidence, and the reported log evidence must be the plain-Java Riemann sum
   * log (sum_g p(z_g, top) dx dy) over the same grid. (The old check, that exp(logDensity) sums to 1 on the grid, is
   * true by construction: logDensity is the graph's joint minus its own log-sum-exp.) A wrong joint in the graph,
   * a wrong cell area, or a normaliser from another grid fails here.
   *
   * <p>Tolerance: the graph's joint is float32, accurate to 1e-5 x S + 1e-4 nats (S = sum of |terms|, see
   * {@link #theTopHalfLikelihoodIsTheFullLikelihoodMinusTheBottomHalfTerm}); the log-sum-exp is dominated by the
   * points near the mode, so the log evidence inherits the bound at the mode. Points more than 40 nats below the mode
   * carry under e^-40 of the mass and are compared only for being that far below.
   */
  @Test void theGridPosteriorIsThePlainJavaJointNormalisedByThePlainJavaEvidence() {
    PlainVae plain = PlainVae.of((TfVae) model);
    float[] top = Arrays.copyOf(data.test().image(1), 392);
    GridPosterior exact = model.exactPosterior(data.test().image(1), Mask.topHalf(28, 28), null);
    double[] xs = exact.xs(), ys = exact.ys();
    double[][] logDensity = exact.logDensity(); // a copy: taken once, outside the loops
    double[][] lj = new double[ys.length][xs.length];
    double lse = Double.NEGATIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    int[] mode = new int[2];
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        lj[j][i] = plain.logJoint(top, new double[] {(float) xs[i], (float) ys[j]}); // the graph sees float32 points
        lse = GridKernels.logAddExp(lse, lj[j][i]);
        if (lj[j][i] > max) { max = lj[j][i]; mode[0] = i; mode[1] = j; }
      }
    double logZ = lse + Math.log(exact.dx() * exact.dy());
    double[] zMode = {(float) xs[mode[0]], (float) ys[mode[1]]};
    double tolMode = 1e-5 * (plain.logLikelihoodScale(top, zMode) + Math.abs(PlainVae.logStandardNormal(zMode))) + 1e-4;
    assertThat(exact.logEvidence()).as("log evidence against the plain-Java Riemann sum").isCloseTo(logZ, within(tolMode));
    int compared = 0;
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        double want = lj[j][i] - logZ, got = logDensity[j][i];
        if (lj[j][i] < max - 40) {
          assertThat(got).as("point (%d, %d), far in the tail", i, j).isLessThan(max - logZ - 39);
          continue;
        }
        double[] zg = {(float) xs[i], (float) ys[j]};
        double tol = 1e-5 * (plain.logLikelihoodScale(top, zg) + Math.abs(PlainVae.logStandardNormal(zg))) + 1e-4 + tolMode;
        assertThat(got).as("log p(z | top) at grid point (%d, %d)", i, j).isCloseTo(want, within(tol));
        compared++;
      }
    assertThat(compared).isGreaterThan(100); // the mass covers many grid points
  }

  /**
   * Quadrature against importance sampling computed entirely in plain Java (double precision, the joint from the
   * exported parameters: {@link PlainVae}), so that a wrong joint density in the graph cannot cancel: the reference
   * does not use the graph's joint head at all: a histogram of the posterior mixed with a wide Gaussian (see
   * {@link #importanceSample}), k = 5000 draws from a fixed java.util.SplittableRandom seed. Random points, not a
   * Riemann sum: the estimate is unbiased for any histogram, so it shares no systematic error with the grid.
   *
   * <p>Tolerance: the quadrature's own error estimate + 4 standard errors of the IS estimate (delta method: sd(w) /
   * (mean(w) sqrt(k)), checked below 0.005 nats) + 2e-3 nats for the float32 joint the quadrature sums.
   */
  @Test void quadratureAgreesWithPlainJavaImportanceSampling() {
    PlainVae plain = PlainVae.of((TfVae) model);
    Images few = data.test().slice(0, 3);
    Evidence exact = model.logEvidence(few, Mask.all(784), 0.01);
    Evidence topExact = model.logEvidence(data.test().slice(0, 1), Mask.topHalf(28, 28), 0.01);
    java.util.List<float[]> xs = new java.util.ArrayList<>();
    for (int i = 0; i < few.count(); i++) xs.add(few.image(i));
    xs.add(Arrays.copyOf(data.test().image(0), 392));
    for (int i = 0; i < xs.size(); i++) {
      double[] is = importanceSample(plain, xs.get(i), 5_000, new java.util.SplittableRandom(90 + i));
      double quad = i < few.count() ? exact.logP()[i] : topExact.logP()[0];
      double err = i < few.count() ? exact.errors()[i] : topExact.errors()[0];
      System.out.printf("image %d (%d pixels): quadrature %.4f, plain-Java IS %.4f +- %.4f%n", i, xs.get(i).length, quad, is[0], is[1]);
      assertThat(is[1]).as("IS standard error, image %d", i).isLessThan(0.005);
      assertThat(quad).as("image %d (%d pixels)", i, xs.get(i).length).isCloseTo(is[0], within(err + 4 * is[1] + 2e-3));
    }
    assertThat(exact.maxError()).isLessThan(0.01);
  }

  /**
   * @return {log p(x) estimate, its standard error} by importance sampling with the plain-Java joint. With m and C
   *     the posterior's mean and covariance (from two small grids, a coarse one over [-6, 6]^2 and one around the
   *     mass) and L the Cholesky factor of C, points are z = m + L u. The proposal is a mixture: with probability
   *     0.97 a histogram of the posterior in u (40 x 40 cells over [-6, 6]^2 in u, so aligned with the posterior's
   *     axes however correlated it is; a cell is drawn with probability 0.99 p(z_c, x) / sum + 0.01 / 1600, z_c its
   *     centre, then u uniformly inside it), and with probability 0.03 the wide Gaussian u ~ N(0, 4^2 I), which
   *     covers the whole plane. The estimate is unbiased whatever the histogram; the histogram only makes its
   *     variance small.
   */
  static double[] importanceSample(PlainVae plain, float[] x, int k, java.util.SplittableRandom rnd) {
    double[] coarse = moments(plain, x, -6, 6, -6, 6, 61); // moments of p(z | x) on 61 x 61 points over [-6, 6]^2
    double csx = 5 * Math.sqrt(coarse[2]), csy = 5 * Math.sqrt(coarse[4]);
    double[] mc = moments(plain, x, coarse[0] - csx, coarse[0] + csx, coarse[1] - csy, coarse[1] + csy, 41); // refined
    double m0 = mc[0], m1 = mc[1];
    double l00 = Math.sqrt(mc[2]), l10 = mc[3] / l00, l11 = Math.sqrt(mc[4] - l10 * l10); // C = L L^T
    double logDetL = Math.log(l00 * l11), wide = 4, half = 6;
    int n = 40;
    double hu = 2 * half / n;
    double[] cell = new double[n * n];
    double lse = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) {
        double u0 = -half + (i + 0.5) * hu, u1 = -half + (j + 0.5) * hu;
        lse = GridKernels.logAddExp(lse, cell[j * n + i] = plain.logJoint(x, new double[] {m0 + l00 * u0, m1 + l10 * u0 + l11 * u1}));
      }
    double[] cdf = new double[n * n];
    double acc = 0;
    for (int c = 0; c < n * n; c++) {
      cell[c] = 0.99 * Math.exp(cell[c] - lse) + 0.01 / (n * n); // now the cell's probability
      cdf[c] = acc += cell[c];
    }
    double[] logW = new double[k];
    double maxW = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < k; s++) {
      double u0, u1;
      if (rnd.nextDouble() < 0.97) {
        int c = java.util.Arrays.binarySearch(cdf, rnd.nextDouble() * acc);
        c = Math.min(n * n - 1, c < 0 ? -c - 1 : c);
        u0 = -half + (c % n + rnd.nextDouble()) * hu;
        u1 = -half + (c / n + rnd.nextDouble()) * hu;
      } else {
        u0 = wide * rnd.nextGaussian();
        u1 = wide * rnd.nextGaussian();
      }
      double[] z = {m0 + l00 * u0, m1 + l10 * u0 + l11 * u1};
      // the mixture's density in u, then in z (divided by |det L|)
      double gauss = Math.exp(-Math.log(2 * Math.PI) - 2 * Math.log(wide) - 0.5 * (u0 * u0 + u1 * u1) / (wide * wide));
      int ci = (int) Math.floor((u0 + half) / hu), cj = (int) Math.floor((u1 + half) / hu);
      double hist = ci >= 0 && ci < n && cj >= 0 && cj < n ? cell[cj * n + ci] / acc / (hu * hu) : 0;
      logW[s] = plain.logJoint(x, z) - Math.log(0.97 * hist + 0.03 * gauss) + logDetL;
      maxW = Math.max(maxW, logW[s]);
    }
    double sum = 0, sq = 0;
    for (double v : logW) { double w = Math.exp(v - maxW); sum += w; sq += w * w; }
    double mean = sum / k, var = sq / k - mean * mean;
    return new double[] {maxW + Math.log(mean), Math.sqrt(var / k) / mean};
  }

  /** @return {mean_1, mean_2, var_1, cov, var_2} of p(z | x) on an n x n grid over the box, variances floored at (spacing)^2 */
  private static double[] moments(PlainVae plain, float[] x, double x0, double x1, double y0, double y1, int n) {
    double[] lj = new double[n * n];
    double lse = Double.NEGATIVE_INFINITY, hx = (x1 - x0) / (n - 1), hy = (y1 - y0) / (n - 1);
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) lse = GridKernels.logAddExp(lse, lj[j * n + i] = plain.logJoint(x, new double[] {x0 + hx * i, y0 + hy * j}));
    double m0 = 0, m1 = 0, c00 = 0, c01 = 0, c11 = 0;
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) {
        double w = Math.exp(lj[j * n + i] - lse), a = x0 + hx * i, b = y0 + hy * j;
        m0 += w * a; m1 += w * b; c00 += w * a * a; c01 += w * a * b; c11 += w * b * b;
      }
    return new double[] {m0, m1, c00 - m0 * m0 + hx * hx, c01 - m0 * m1, c11 - m1 * m1 + hy * hy};
  }

  @Test void theElboAndImportanceWeightedEstimatesRiseTowardsTheQuadrature() {
    Images few = data.test().slice(0, 20);
    double quad = model.logEvidence(few, Mask.all(784), 0.01).mean();
    double k1 = mean(model.importanceWeighted(few, 1, 7)), k10 = mean(model.importanceWeighted(few, 10, 7)),
        k1000 = mean(model.importanceWeighted(few, 1000, 7));
    assertThat(k1).isLessThan(k10);
    assertThat(k10).isLessThan(k1000);
    assertThat(k1000).isLessThan(quad + 0.05).isGreaterThan(quad - 1.0);
  }

  private static double mean(double[] v) { return Arrays.stream(v).average().orElseThrow(); }

  @Test void theTopHalfEvidenceFromTheGridMatchesTheExactPosteriorsNormaliser() {
    Images two = data.test().slice(0, 2);
    Mask top = Mask.topHalf(28, 28);
    Evidence ev = model.logEvidence(two, top, 0.001);
    assertThat(ev.logP()[1]).isCloseTo(model.exactPosterior(two.image(1), top, null).logEvidence(), within(2e-3));
  }

  @Test void twoBottomPixelsAreDependentGivenTheTopHalfUnderThePredictive() {
    // p(x_i, x_j | top) = E[s_i(z) s_j(z)] with z ~ p(z | top); independence would make it E[s_i] E[s_j].
    PosteriorFit q = model.fitPosterior(data.test().image(0), Mask.topHalf(28, 28), SviOptions.builder().samples(300).iterations(300).learningRate(0.05).build());
    float[][] means = model.decodeMeans(model.sampleGaussian(q.mean(), q.logStd(), 4000, 3));
    double best = 0;
    for (int i = 392; i < 784; i += 7)
      for (int j = i + 1; j < 784; j += 11) {
        double pi = 0, pj = 0, pij = 0;
        for (float[] s : means) { pi += s[i]; pj += s[j]; pij += s[i] * s[j]; }
        pi /= means.length; pj /= means.length; pij /= means.length;
        best = Math.max(best, Math.abs(pij - pi * pj));
      }
    assertThat(best).as("largest |P(x_i=1, x_j=1) - P(x_i=1) P(x_j=1)|").isGreaterThan(1e-3);
  }

  /**
   * Any mask, not only a prefix: log p(z, x_obs) of the left half, a random half and a centred hole, each against the
   * plain-Java sum over exactly the observed pixels (computed from the full logits), to the float32 bound above;
   * the prefix mask gives the prefix form's values bit for bit.
   */
  @Test void everyMaskScoresExactlyItsObservedPixels() {
    PlainVae plain = PlainVae.of((TfVae) model);
    float[] x = data.test().image(5);
    float[][] z = {{0f, 0f}, {1.2f, -0.7f}, {-2f, 2.5f}};
    for (tfvae.Mask mask : List.of(tfvae.Mask.leftHalf(28, 28), tfvae.Mask.random(784, 0.5, 3), tfvae.Mask.centredSquareMissing(28, 28, 14),
        tfvae.Mask.rightHalf(28, 28))) {
      double[] got = model.logJointObserved(x, mask, z);
      for (int g = 0; g < z.length; g++) {
        double[] zg = {z[g][0], z[g][1]};
        double[] l = plain.logits(zg, 784);
        double want = PlainVae.logStandardNormal(zg), scale = Math.abs(want);
        for (int d : mask.observed()) {
          want += x[d] == 1 ? -PlainVae.softplus(-l[d]) : -PlainVae.softplus(l[d]);
          scale += Math.abs(x[d] * l[d]) + PlainVae.softplus(l[d]);
        }
        assertThat(got[g]).as("%s, point %d", mask, g).isCloseTo(want, within(1e-5 * scale + 1e-4));
      }
    }
    float[] zeroBottom = Arrays.copyOf(Arrays.copyOf(x, 392), 784); // the unobserved values are never read
    assertThat(model.logJointObserved(x, tfvae.Mask.topHalf(28, 28), z)).isEqualTo(model.logJointObserved(zeroBottom, tfvae.Mask.prefix(784, 392), z));
  }

  /**
   * log p(x_obs) by quadrature under a mask equals the exact posterior's normaliser under the same mask, and the
   * evidence of complementary observations bounds nothing but each must exceed the full image's (fewer pixels to
   * explain): log p(left) > log p(x) and log p(right) > log p(x).
   */
  @Test void theEvidenceUnderAMaskIsTheExactPosteriorsNormaliserAndAboveTheFullImages() {
    Images two = data.test().slice(0, 2);
    tfvae.Mask left = tfvae.Mask.leftHalf(28, 28), right = tfvae.Mask.rightHalf(28, 28);
    Evidence l = model.logEvidence(two, left, 0.001), r = model.logEvidence(two, right, 0.001), full = model.logEvidence(two, Mask.all(784), 0.001);
    assertThat(l.logP()[1]).isCloseTo(model.exactPosterior(two.image(1), left, null).logEvidence(), within(2e-3));
    for (int i = 0; i < 2; i++) {
      assertThat(l.logP()[i]).isGreaterThan(full.logP()[i]);
      assertThat(r.logP()[i]).isGreaterThan(full.logP()[i]);
    }
  }

  /** SVI under a random-half mask gets close to the exact posterior under the same mask. */
  @Test void sviUnderAnyMaskComesCloseToItsExactPosterior() {
    float[] x = data.test().image(2);
    tfvae.Mask mask = tfvae.Mask.random(784, 0.5, 11);
    PosteriorFit q = model.fitPosterior(x, mask, SviOptions.builder().samples(500).iterations(400).learningRate(0.05).seed(1).build());
    tfvae.GridPosterior exact = model.exactPosterior(x, mask, q);
    assertThat(exact.klFromQ()).isBetween(0.0, 0.5);
    assertThat(exact.logEvidence() - q.elbo()).isGreaterThan(-0.05).isLessThan(0.6);
  }

  @Test void observedValuesMustFitTheMaskAndTheLikelihood() {
    float[] gray = new float[784];
    gray[0] = 0.5f;
    assertThatThrownBy(() -> model.fitPosterior(gray, Mask.prefix(784, 1), SviOptions.defaults())).isInstanceOf(BadDataException.class)
        .hasMessage("observed value 0 is 0.5; the bernoulli likelihood does not accept it");
    float[] image = data.test().image(0);
    assertThatThrownBy(() -> model.fitPosterior(new float[100], tfvae.Mask.leftHalf(28, 28), SviOptions.defaults()))
        .isInstanceOf(BadDataException.class).hasMessage("the example has 100 values but the mask left half is for 784");
    assertThatThrownBy(() -> model.exactPosterior(image, tfvae.Mask.leftHalf(10, 10), null))
        .isInstanceOf(BadDataException.class).hasMessage("the mask left half is for 100 values but the model's dataDim is 784");
    assertThatThrownBy(() -> tfvae.Mask.of(new boolean[784]))
        .isInstanceOf(BadDataException.class).hasMessage("the mask given observes no value; a mask must observe at least one");
  }
}
