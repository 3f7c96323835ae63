package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictiveMomentsTest {
  @Test void theWeightedMeansAndCovariancesMatchTheirDefinitions() {
    SplittableRandom r = new SplittableRandom(1);
    int rows = 5, points = 37; // not a multiple of 4: the unrolled loop's tail counts too
    float[][] s = new float[rows][points];
    double[] w = new double[points];
    double sum = 0;
    for (int u = 0; u < points; u++) sum += w[u] = r.nextDouble();
    for (int u = 0; u < points; u++) w[u] /= sum;
    for (int d = 0; d < rows; d++) for (int u = 0; u < points; u++) s[d][u] = (float) r.nextDouble();
    double[] m = PredictiveMoments.marginals(s, w);
    double[][] c = PredictiveMoments.covariance(s, w);
    for (int a = 0; a < rows; a++) {
      double ma = 0;
      for (int u = 0; u < points; u++) ma += w[u] * s[a][u];
      assertThat(m[a]).isCloseTo(ma, within(1e-12));
      for (int b = 0; b < rows; b++) {
        double mb = 0, ab = 0;
        for (int u = 0; u < points; u++) {
          mb += w[u] * s[b][u];
          ab += w[u] * s[a][u] * s[b][u];
        }
        assertThat(c[a][b]).as("cov(%d, %d) = E[ab] - E[a]E[b]", a, b).isCloseTo(ab - ma * mb, within(1e-12));
        assertThat(c[a][b]).isEqualTo(c[b][a]);
      }
      assertThat(c[a][a]).isPositive();
    }
  }

  @Test void aPointMassHasNoCovariance() {
    float[][] s = {{0.2f, 0.9f, 0.4f}, {0.7f, 0.1f, 0.3f}};
    double[] w = {0, 1, 0};
    assertThat(PredictiveMoments.marginals(s, w)).containsExactly(0.9f, 0.1f);
    assertThat(PredictiveMoments.covariance(s, w)[0][1]).isZero();
  }
}
