package tfvae.internal;

/**
 * The standard normal quantile function Phi^-1(p), by Wichura's algorithm AS 241 (PPND16): M. J. Wichura, "Algorithm
 * AS 241: The Percentage Points of the Normal Distribution", Applied Statistics 37(3), 477-484 (1988). Three rational
 * approximations of degree 7 (|p - 0.5| &lt;= 0.425; then r = sqrt(-log(min(p, 1 - p))) &lt;= 5; beyond), accurate to
 * about 1 part in 10^16; the coefficients are the paper's.
 */
public final class NormalQuantile {
  private static final double SPLIT1 = 0.425, SPLIT2 = 5, CONST1 = 0.180625, CONST2 = 1.6;
  private static final double[] A = {3.3871328727963666080, 1.3314166789178437745e2, 1.9715909503065514427e3,
      1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4,
      2.5090809287301226727e3};
  private static final double[] B = {1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
      2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3};
  private static final double[] C = {1.42343711074968357734, 4.63033784615654529590, 5.76949722146069140550,
      3.64784832476320460504, 1.27045825245236838258, 2.41780725177450611770e-1, 2.27238449892691845833e-2,
      7.74545014278341407640e-4};
  private static final double[] D = {1, 2.05319162663775882187, 1.67638483018380384940, 6.89767334985100004550e-1,
      1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9};
  private static final double[] E = {6.65790464350110377720, 5.46378491116411436990, 1.78482653991729133580,
      2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5,
      2.01033439929228813265e-7};
  private static final double[] F = {1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
      7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15};

  private NormalQuantile() {}

  /**
   * @param p a probability in (0, 1)
   * @return z with Phi(z) = p, Phi the standard normal distribution function
   * @throws IllegalArgumentException if p is not in the open interval (0, 1)
   */
  public static double of(double p) {
    if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
    double q = p - 0.5;
    if (Math.abs(q) <= SPLIT1) {
      double r = CONST1 - q * q;
      return q * poly(A, r) / poly(B, r);
    }
    double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    double z = r <= SPLIT2 ? poly(C, r - CONST2) / poly(D, r - CONST2) : poly(E, r - SPLIT2) / poly(F, r - SPLIT2);
    return q < 0 ? -z : z;
  }

  /** c[0] + c[1] x + ... + c[7] x^7, by Horner's rule. */
  private static double poly(double[] c, double x) {
    double v = 0;
    for (int k = c.length - 1; k >= 0; k--) v = v * x + c[k];
    return v;
  }
}
