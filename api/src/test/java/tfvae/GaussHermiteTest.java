package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussHermiteTest {
  @Test void theRuleIsExactForLowDegreePolynomials() {
    for (int n : new int[] {6, 8, 16}) {
      double[][] gh = ExactElbo.gaussHermite(n);
      // E[eps^2k] for eps ~ N(0, 1) is (2k - 1)!!; the n-point rule is exact up to degree 2n - 1
      double[] moments = {1, 1, 3, 15, 105, 945, 10395, 135135};
      for (int k = 0; k < moments.length && 2 * k < 2 * n; k++) {
        double e = 0;
        for (int i = 0; i < n; i++) e += gh[1][i] / Math.sqrt(Math.PI) * Math.pow(Math.sqrt(2) * gh[0][i], 2 * k);
        assertThat(e).as("n = %d: E[eps^%d]", n, 2 * k).isCloseTo(moments[k], within(1e-9 * moments[k]));
      }
      double w = 0;
      for (double v : gh[1]) w += v;
      assertThat(w).isCloseTo(Math.sqrt(Math.PI), within(1e-12));
    }
  }

  @Test void theNodesAreSymmetric() {
    double[][] gh = ExactElbo.gaussHermite(7);
    for (int i = 0; i < 7; i++) {
      assertThat(gh[0][i]).isEqualTo(-gh[0][6 - i]);
      assertThat(gh[1][i]).isEqualTo(gh[1][6 - i]);
    }
    assertThat(gh[0][3]).isZero();
  }
}
