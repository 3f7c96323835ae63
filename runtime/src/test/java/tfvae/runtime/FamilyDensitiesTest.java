package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import tfvae.Likelihood;

/**
 * The continuous Bernoulli and the Gaussian likelihood against plain-Java double closed forms, at ordinary and
 * extreme parameters; the grid's joint matrix of each likelihood against a plain-Java sum. Tolerances: float32
 * rounding of the quantities involved.
 */
class FamilyDensitiesTest {
  private final TfFixture f = new TfFixture();
  private static final float[] LOGITS = {0f, 1e-6f, -1e-4f, 0.01f, -0.0999f, 0.1f, 0.1001f, -0.5f, 1f, 3f, -7f, 20f, -30f, 60f, -100f};

  @AfterEach void close() { f.close(); }

  /**
   * log C(lambda) = log(2 atanh(1 - 2 lambda) / (1 - 2 lambda)) with lambda = sigmoid(l), in double, written from the
   * paper's eq. 7 as it reads (not in the logit form the graph uses); its limit at lambda = 1/2 is log 2.
   */
  static double plainLogC(double l) {
    double lambda = 1 / (1 + Math.exp(-l));
    if (Math.abs(l) < 1e-7) return Math.log(2);
    if (Math.abs(l) > 30) return Math.log(Math.abs(l)); // lambda rounds to 1 or 0 in double; C = |l| / tanh(|l|/2) -> |l|
    double t = 1 - 2 * lambda;
    return Math.log(2 * atanh(t) / t);
  }

  private static double atanh(double t) { return 0.5 * Math.log((1 + t) / (1 - t)); }

  /** log lambda^x (1 - lambda)^(1 - x) + log C, with log lambda = -log1p(e^-l) and log(1 - lambda) = -log1p(e^l). */
  static double plainLogCb(double l, double x) {
    return x * -Math.log1p(Math.exp(-l)) + (1 - x) * -Math.log1p(Math.exp(l)) + plainLogC(l);
  }

  @Test void theContinuousBernoulliNormalizerMatchesThePapersFormulaAtEveryLogitIncludingHalf() {
    float[] got = f.eval(tf -> Densities.continuousBernoulliLogNormalizer(tf, tf.constant(LOGITS)));
    for (int i = 0; i < LOGITS.length; i++) {
      double want = plainLogC(LOGITS[i]);
      assertThat((double) got[i]).as("log C at logit %s", LOGITS[i]).isCloseTo(want, within(2e-6 * Math.max(1, Math.abs(want))));
    }
    assertThat((double) got[0]).isCloseTo(Math.log(2), within(1e-7));
  }

  @Test void theContinuousBernoulliLogDensityMatchesClosedFormAndIntegratesToOne() {
    float[] xs = {0f, 0.3f, 0.5f, 1f};
    float[][] logits = new float[1][LOGITS.length * xs.length], x = new float[1][logits[0].length];
    for (int i = 0; i < LOGITS.length; i++)
      for (int j = 0; j < xs.length; j++) {
        float[] one = {LOGITS[i]}, at = {xs[j]};
        float got = f.eval(tf -> Densities.logContinuousBernoulli(tf, tf.constant(new float[][] {one}), tf.constant(new float[][] {at})))[0];
        double want = plainLogCb(LOGITS[i], xs[j]);
        assertThat(Float.isFinite(got)).isTrue();
        assertThat((double) got).as("log CB(%s; logit %s)", xs[j], LOGITS[i]).isCloseTo(want, within(1e-5 * Math.max(1, Math.abs(want))));
      }
    // an independent check of the normalizer: the plain density integrates to 1 over [0, 1] (Simpson, 2000 intervals)
    for (double l : new double[] {0, 0.05, -2, 9}) {
      double sum = 0, h = 1.0 / 2000;
      for (int k = 0; k <= 2000; k++) sum += (k == 0 || k == 2000 ? 1 : k % 2 == 1 ? 4 : 2) * Math.exp(plainLogCb(l, k * h));
      assertThat(sum * h / 3).as("integral at logit %s", l).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test void theContinuousBernoulliMeanIsTheIntegralOfXTimesTheDensity() {
    float[] got = f.eval(tf -> Densities.continuousBernoulliMean(tf, tf.constant(LOGITS)));
    for (int i = 0; i < LOGITS.length; i++) {
      double l = LOGITS[i], sum = 0, h = 1.0 / 4000;
      for (int k = 0; k <= 4000; k++) sum += (k == 0 || k == 4000 ? 1 : k % 2 == 1 ? 4 : 2) * k * h * Math.exp(plainLogCb(l, k * h));
      double want = Math.abs(l) > 50 ? (l > 0 ? 1 - 1 / l : -1 / l) : sum * h / 3; // Simpson cannot resolve the spike at |l| = 60, 100
      assertThat((double) got[i]).as("mean at logit %s", l).isCloseTo(want, within(2e-5));
    }
  }

  /** The inverse-CDF sampler: F(x(u)) = u with the CDF F(x) = (e^(l x) - 1) / (e^l - 1) (x at l = 0), in double. */
  @Test void theContinuousBernoulliSamplerInvertsTheCdf() {
    float[] us = {0f, 1e-6f, 0.1f, 0.5f, 0.9f, 0.999999f};
    for (float l : LOGITS) {
      for (float u : us) {
        float x = f.eval(tf -> Densities.sampleContinuousBernoulli(tf, tf.constant(new float[] {l}), tf.constant(new float[] {u})))[0];
        assertThat(x).isBetween(0f, 1f);
        if (Math.abs(l) > 15) continue; // the CDF is a step there: x(u) is checked for range only
        double cdf = Math.abs(l) < 1e-9 ? x : Math.expm1((double) l * x) / Math.expm1(l);
        assertThat(cdf).as("F(x(%s)) at logit %s", u, l).isCloseTo(u, within(2e-4 + 1e-5 * Math.abs(l)));
      }
    }
  }

  @Test void theGaussianLogStdHasAFloorAndFollowsTheHeadAboveIt() {
    float[] h = {-100f, -20f, -5f, 0f, 3f, 30f};
    float[] got = f.eval(tf -> PixelLikelihood.gaussianLogStd(tf, tf.constant(h)));
    for (int i = 0; i < h.length; i++) {
      double want = -5 + Math.log1p(Math.exp(h[i] + 5.0));
      assertThat((double) got[i]).isCloseTo(want, within(1e-5)).isGreaterThanOrEqualTo(-5.0);
    }
  }

  /** The [N, G] joint matrix of each likelihood equals, in plain Java, sum_d log p(x_nd | params_gd) + extra_g. */
  @Test void theJointMatrixOfEveryLikelihoodIsThePlainSumOverPixels() {
    float[][] obs = {{0f, 1f, 1f, 0f}, {0.25f, 0.5f, 1f, 0f}, {0.9f, 0.1f, 0.7f, 0.3f}};
    float[][] first = {{0.3f, -2f, 5f, 0.02f}, {-40f, 1f, 0f, 3f}};
    float[][] logStd = {{-4.9f, 0f, 1.5f, -2f}, {-1f, -3f, 0.2f, 2.5f}};
    float[] extra = {-1.5f, 2.25f};
    for (Likelihood l : Likelihood.values()) {
      float[][] x = l == Likelihood.BERNOULLI ? new float[][] {obs[0]} : obs;
      float[] got = f.eval(tf -> PixelLikelihood.matrix(tf, l, new PixelLikelihood.Params(tf.constant(first),
          l == Likelihood.GAUSSIAN ? tf.constant(logStd) : null), tf.constant(x), tf.constant(extra)));
      for (int n = 0; n < x.length; n++)
        for (int g = 0; g < first.length; g++) {
          double want = extra[g];
          for (int d = 0; d < 4; d++) {
            double v = x[n][d], p = first[g][d];
            want += switch (l) {
              case BERNOULLI -> v * -Math.log1p(Math.exp(-p)) + (1 - v) * -Math.log1p(Math.exp(p));
              case CONTINUOUS_BERNOULLI -> plainLogCb(p, v);
              case GAUSSIAN -> -0.5 * Math.pow((v - p) / Math.exp(logStd[g][d]), 2) - logStd[g][d] - 0.5 * Math.log(2 * Math.PI);
            };
          }
          assertThat((double) got[n * first.length + g]).as("%s n=%d g=%d", l, n, g).isCloseTo(want, within(1e-4 * Math.max(1, Math.abs(want))));
        }
    }
  }

  /** Each likelihood's log density of rows equals the joint matrix's diagonal (the two paths the model uses). */
  @Test void theLogDensityAgreesWithTheMatrixForEachLikelihood() {
    float[][] x = {{0.2f, 0.8f, 1f}, {0f, 0.5f, 0.25f}};
    float[][] first = {{1f, -1f, 0.05f}, {-3f, 4f, 0f}};
    float[][] logStd = {{-1f, 0.5f, -4f}, {0f, 0f, 1f}};
    for (Likelihood l : List.of(Likelihood.CONTINUOUS_BERNOULLI, Likelihood.GAUSSIAN)) {
      float[] dens = f.eval(tf -> PixelLikelihood.logDensity(tf, l, params(tf, l, first, logStd), tf.constant(x)));
      float[] mat = f.eval(tf -> PixelLikelihood.matrix(tf, l, params(tf, l, first, logStd), tf.constant(x), tf.constant(new float[] {0f, 0f})));
      for (int i = 0; i < 2; i++) assertThat(dens[i]).as("%s row %d", l, i).isCloseTo(mat[i * 2 + i], within(1e-4f));
    }
  }

  private static PixelLikelihood.Params params(Ops tf, Likelihood l, float[][] first, float[][] logStd) {
    Operand<TFloat32> s = l == Likelihood.GAUSSIAN ? tf.constant(logStd) : null;
    return new PixelLikelihood.Params(tf.constant(first), s);
  }
}
