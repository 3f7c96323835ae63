package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatentProjectionTest {
  /**
   * Points in 4-D spread along two known orthonormal directions (std 3 and 2) plus small noise (std 0.1) around a
   * known centre: the axes found are those directions (up to sign), lift(project(z)) returns z's part in the plane,
   * and the explained share is the plane's share of the sampled variance.
   */
  @Test void findsTheTwoDirectionsOfLargestSpreadAndLiftsBackOntoTheirPlane() {
    double[] u = normalize(new double[] {1, 2, -1, 0.5}), w0 = {0.3, -0.2, 0.4, 1};
    double dot = 0;
    for (int d = 0; d < 4; d++) dot += u[d] * w0[d];
    double[] w = new double[4];
    for (int d = 0; d < 4; d++) w[d] = w0[d] - dot * u[d];
    w = normalize(w);
    double[] c = {0.5, -1, 2, 0};
    SplittableRandom r = new SplittableRandom(5);
    float[][] z = new float[4000][4];
    for (float[] p : z) {
      double a = 3 * r.nextGaussian(), b = 2 * r.nextGaussian();
      for (int d = 0; d < 4; d++) p[d] = (float) (c[d] + a * u[d] + b * w[d] + 0.1 * r.nextGaussian());
    }
    LatentProjection pca = LatentProjection.of(z);
    assertThat(pca.identity()).isFalse();
    float[] origin = pca.lift(0, 0), alongFirst = pca.lift(1, 0), alongSecond = pca.lift(0, 1);
    for (int d = 0; d < 4; d++) assertThat((double) origin[d]).isCloseTo(c[d], within(0.15));
    assertThat(Math.abs(cos(diff(alongFirst, origin), u))).isGreaterThan(0.999);
    assertThat(Math.abs(cos(diff(alongSecond, origin), w))).isGreaterThan(0.999);
    // a point of the plane comes back exactly; (a, b) are its coordinates along the axes
    float[] inPlane = pca.lift(2.5, -1.25);
    double[] ab = pca.project(inPlane);
    assertThat(ab[0]).isCloseTo(2.5, within(1e-5));
    assertThat(ab[1]).isCloseTo(-1.25, within(1e-5));
    assertThat(pca.explainedVariance()).isCloseTo(13.0 / (13 + 4 * 0.01), within(0.01));
  }

  @Test void aTwoDimensionalLatentIsShownAsItIs() {
    LatentProjection id = LatentProjection.of(new float[][] {{1, 2}, {3, -4}, {0, 0}});
    assertThat(id.identity()).isTrue();
    assertThat(id.project(new float[] {0.25f, -7f})).containsExactly(0.25, -7.0);
    assertThat(id.lift(0.25, -7)).containsExactly(0.25f, -7f);
  }

  @Test void rejectsTooFewOrRaggedPoints() {
    assertThatThrownBy(() -> LatentProjection.of(new float[][] {{1, 2}})).hasMessage("points must have at least 2 rows, got 1");
    assertThatThrownBy(() -> LatentProjection.of(new float[][] {{1, 2, 3}, {1, 2}})).hasMessage("points[1] has 2 coordinates, points[0] has 3");
  }

  private static double[] normalize(double[] v) {
    double n = 0;
    for (double x : v) n += x * x;
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] / Math.sqrt(n);
    return out;
  }

  private static double[] diff(float[] a, float[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
    return d;
  }

  private static double cos(double[] a, double[] b) {
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
