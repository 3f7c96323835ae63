package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each density against a plain-Java closed form computed in double precision. Tolerance: float32 rounding. */
class DensitiesTest {
  private final TfFixture f = new TfFixture();
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  @AfterEach void close() { f.close(); }

  @Test void logPriorIsTheStandardNormalLogDensitySummedOverDimensions() {
    float[][] z = {{0f, 0f}, {1.5f, -2f}, {-3f, 0.25f}};
    float[] got = f.eval(tf -> Densities.logPrior(tf, tf.constant(z)));
    for (int i = 0; i < z.length; i++) {
      double want = 0;
      for (float v : z[i]) want += -0.5 * v * v - 0.5 * LOG_2PI;
      assertThat((double) got[i]).isCloseTo(want, within(1e-5));
    }
  }

  @Test void bernoulliLogDensityMatchesClosedFormIncludingExtremeLogits() {
    float[][] logits = {{0f, 2f, -3f, 100f, -100f, 100f, -100f}};
    float[][] x = {{1f, 0f, 1f, 1f, 0f, 0f, 1f}};
    float[] got = f.eval(tf -> Densities.logBernoulli(tf, tf.constant(logits), tf.constant(x)));
    double want = 0;
    for (int d = 0; d < logits[0].length; d++) {
      double l = logits[0][d], p = 1 / (1 + Math.exp(-l));
      // log p or log(1 - p), written stably for |l| = 100: log sigmoid(l) = -log1p(exp(-l))
      want += x[0][d] == 1f ? -Math.log1p(Math.exp(-l)) : -Math.log1p(Math.exp(l));
      assertThat(p).isBetween(0.0, 1.0);
    }
    assertThat(Float.isFinite(got[0])).isTrue();
    assertThat((double) got[0]).isCloseTo(want, within(1e-4));
  }

  @Test void bernoulliLogDensityOfSingleExtremePixelsIsExact() {
    assertThat(f.eval(tf -> Densities.logBernoulli(tf, tf.constant(new float[][] {{100f}}), tf.constant(new float[][] {{1f}})))[0])
        .isCloseTo(0f, within(1e-6f));
    assertThat(f.eval(tf -> Densities.logBernoulli(tf, tf.constant(new float[][] {{100f}}), tf.constant(new float[][] {{0f}})))[0])
        .isCloseTo(-100f, within(1e-4f));
    assertThat(f.eval(tf -> Densities.logBernoulli(tf, tf.constant(new float[][] {{-100f}}), tf.constant(new float[][] {{0f}})))[0])
        .isCloseTo(0f, within(1e-6f));
  }

  @Test void diagonalGaussianLogDensityMatchesClosedForm() {
    float[][] z = {{0.3f, -1.2f}, {2f, 2f}};
    float[][] mean = {{0f, -1f}, {1f, 3f}};
    float[][] logStd = {{0f, -0.5f}, {0.7f, -2f}};
    float[] got = f.eval(tf -> Densities.logDiagGaussian(tf, tf.constant(z), tf.constant(mean), tf.constant(logStd)));
    for (int i = 0; i < z.length; i++) {
      double want = 0;
      for (int d = 0; d < 2; d++) {
        double s = Math.exp(logStd[i][d]), u = (z[i][d] - mean[i][d]) / s;
        want += -0.5 * u * u - Math.log(s) - 0.5 * LOG_2PI;
      }
      assertThat((double) got[i]).isCloseTo(want, within(1e-4 * Math.max(1, Math.abs(want))));
    }
  }

  @Test void aNormalDensityCanExceedOneForASmallStandardDeviation() {
    // log N(0; 0, 0.1^2) = -log(0.1) - log(2 pi)/2 = 1.3836 > 0, i.e. a density of 3.99
    float[] got = f.eval(tf -> Densities.logDiagGaussian(tf, tf.constant(new float[][] {{0f}}), tf.constant(new float[][] {{0f}}),
        tf.constant(new float[][] {{(float) Math.log(0.1)}})));
    assertThat(Math.exp(got[0])).isCloseTo(1 / (0.1 * Math.sqrt(2 * Math.PI)), within(1e-4)).isGreaterThan(1);
  }

  @Test void klToStandardNormalMatchesClosedFormAndIsZeroAtThePrior() {
    float[][] mean = {{0f, 0f}, {1f, -2f}};
    float[][] logStd = {{0f, 0f}, {-0.3f, 0.4f}};
    float[] got = f.eval(tf -> Densities.klToStandardNormal(tf, tf.constant(mean), tf.constant(logStd)));
    assertThat(got[0]).isCloseTo(0f, within(1e-7f));
    double want = 0;
    for (int d = 0; d < 2; d++) want += 0.5 * (mean[1][d] * mean[1][d] + Math.exp(2 * logStd[1][d]) - 1) - logStd[1][d];
    assertThat((double) got[1]).isCloseTo(want, within(1e-5));
  }

  @Test void reparameterizedSamplesHaveTheRequestedMeanAndStandardDeviation() {
    int n = 20000;
    float[] z = f.eval(tf -> {
      var eps = Densities.standardNormal(tf, tf.constant(new long[] {n, 1}), tf.constant(new long[] {7, 1}));
      return Densities.sampleDiagGaussian(tf, tf.fill(tf.constant(new long[] {n, 1}), tf.constant(3f)),
          tf.fill(tf.constant(new long[] {n, 1}), tf.constant((float) Math.log(0.5))), eps);
    });
    double mean = 0, sq = 0;
    for (float v : z) mean += v / n;
    for (float v : z) sq += (v - mean) * (v - mean) / (n - 1);
    // standard errors: 0.5 / sqrt(n) = 0.0035 for the mean, about 0.0025 for the std; 5 sigma bounds
    assertThat(mean).isCloseTo(3.0, within(0.018));
    assertThat(Math.sqrt(sq)).isCloseTo(0.5, within(0.013));
  }

  @Test void stochasticNoiseIsAPureFunctionOfTheSeed() {
    float[] a = f.eval(tf -> Densities.standardNormal(tf, tf.constant(new long[] {2, 3}), tf.constant(new long[] {5, 9})));
    float[] b = f.eval(tf -> Densities.standardNormal(tf, tf.constant(new long[] {2, 3}), tf.constant(new long[] {5, 9})));
    float[] c = f.eval(tf -> Densities.standardNormal(tf, tf.constant(new long[] {2, 3}), tf.constant(new long[] {5, 10})));
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test void bernoulliSamplesHaveTheRequestedMean() {
    int n = 20000;
    float[] x = f.eval(tf -> Densities.sampleBernoulli(tf, tf.fill(tf.constant(new long[] {n, 1}), tf.constant(0.3f)),
        tf.constant(new long[] {1, 2})));
    double mean = 0;
    for (float v : x) {
      assertThat(v == 0f || v == 1f).isTrue();
      mean += v / n;
    }
    assertThat(mean).isCloseTo(0.3, within(5 * Math.sqrt(0.21 / n)));
  }

  private static final float NEG_INF = Float.NEGATIVE_INFINITY;

  /** Plain Java log sum exp in double: -inf for an empty (all -inf) sum, +inf if any term is +inf. */
  private static double logSumExp(double... v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) max = Math.max(max, x);
    if (Double.isInfinite(max)) return max;
    double sum = 0;
    for (double x : v) sum += Math.exp(x - max);
    return max + Math.log(sum);
  }

  @Test void logSumExpOfRowsMatchesPlainJavaAndIsMinusInfinityForARowThatIsAllMinusInfinity() {
    float[][] x = {
        {NEG_INF, NEG_INF, NEG_INF, NEG_INF},   // an empty sum, as in a chunk inside an odd row of the coarse pass
        {NEG_INF, -156.25f, NEG_INF, -157.5f},   // the coarse pass's pattern: every second point has weight 0
        {1000f, 1000.5f, 999f, -3f},             // would overflow without the max
        {-1000f, -1002f, -1001f, -1000.25f},     // would underflow without the max
        {0.5f, -0.25f, 2f, 1f},
        {NEG_INF, NEG_INF, NEG_INF, 3.75f}};
    float[] got = f.eval(tf -> Densities.logSumExp(tf, tf.constant(x), 1));
    assertThat(got).hasSize(x.length);
    assertThat(got[0]).isEqualTo(NEG_INF);
    for (int i = 1; i < x.length; i++) {
      double[] row = new double[x[i].length];
      for (int k = 0; k < row.length; k++) row[k] = x[i][k];
      double want = logSumExp(row);
      assertThat((double) got[i]).as("row %d", i).isCloseTo(want, within(2e-7 * Math.max(1, Math.abs(want))));
    }
    assertThat(got[5]).isEqualTo(3.75f); // a single finite term comes back exactly
  }

  @Test void logSumExpAlongColumnsIsMinusInfinityOnlyForTheColumnThatIsAllMinusInfinity() {
    float[][] x = {{NEG_INF, -2f, 7f}, {NEG_INF, NEG_INF, 7f}, {NEG_INF, -1f, 7f}};
    float[] got = f.eval(tf -> Densities.logSumExp(tf, tf.constant(x), 0));
    assertThat(got[0]).isEqualTo(NEG_INF);
    assertThat((double) got[1]).isCloseTo(logSumExp(-2, Double.NEGATIVE_INFINITY, -1), within(1e-6));
    assertThat((double) got[2]).isCloseTo(logSumExp(7, 7, 7), within(1e-6)).isCloseTo(7 + Math.log(3), within(1e-6));
  }
}
