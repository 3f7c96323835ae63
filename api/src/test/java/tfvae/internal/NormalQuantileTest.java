package tfvae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** AS 241 against published quantiles and against an independent Phi (a series for erf), in all three of its regions. */
public class NormalQuantileTest {
  /** Standard normal quantiles to 16 digits, as tabulated e.g. in R's qnorm (p, z). */
  @Test void knownQuantiles() {
    double[][] known = {
        {0.5, 0}, {0.75, 0.6744897501960817}, {0.8413447460685429, 1.0}, {0.9, 1.2815515655446004},
        {0.95, 1.6448536269514722}, {0.975, 1.959963984540054}, {0.99, 2.3263478740408408}, {0.999, 3.090232306167813},
        {0.025, -1.959963984540054}, {1e-10, -6.361340902404056}, {1e-20, -9.262340089798408}};
    for (double[] k : known) assertThat(NormalQuantile.of(k[0])).as("p = %s", k[0]).isCloseTo(k[1], within(1e-14 * Math.max(1, Math.abs(k[1]))));
  }

  /** Phi(Phi^-1(p)) = p, with Phi from the Maclaurin series of erf (exact to ~1e-16 for |z| < 3), the tail by its own series. */
  @Test void roundTripsThroughAnIndependentPhi() {
    for (double p = 0.002; p < 0.999; p += 0.0173) assertThat(phi(NormalQuantile.of(p))).as("p = %s", p).isCloseTo(p, within(2e-15));
  }

  @Test void isAntisymmetricAndIncreasing() {
    double last = Double.NEGATIVE_INFINITY;
    for (int k = 1; k < 1000; k++) {
      double p = k / 1000.0, z = NormalQuantile.of(p);
      assertThat(z).isGreaterThan(last).isCloseTo(-NormalQuantile.of(1 - p), within(1e-12));
      last = z;
    }
  }

  @Test void rejectsProbabilitiesOutsideTheOpenUnitInterval() {
    for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN})
      assertThatThrownBy(() -> NormalQuantile.of(p)).isInstanceOf(IllegalArgumentException.class).hasMessage("p must be in (0, 1), got " + p);
  }

  /** Phi(z) = 1/2 + erf(z / sqrt 2) / 2, erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)). */
  public static double phi(double z) {
    double x = z / Math.sqrt(2), term = x, sum = x;
    for (int n = 1; n < 200; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 0.5 + sum / Math.sqrt(Math.PI);
  }
}
