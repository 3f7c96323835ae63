package tfvae;

/**
 * How the ELBO, E_q[log p(x|z) + log p(z) - log q(z|x)], is estimated for one image (Kingma and Welling 2013, eq. 6-7).
 */
public enum ElboEstimator {
  /**
   * One reparameterized sample z ~ q(z|x): log p(x|z) + log p(z) - log q(z|x). The assignment's estimator and
   * the default.
   */
  MONTE_CARLO,
  /** One sample for the reconstruction term, the KL divergence KL(q(z|x) || N(0, I)) in closed form. */
  ANALYTIC_KL
}
