package tfvae;

import tfvae.internal.Check;

/**
 * What {@link TrainedVae#evaluate} measures: the single-sample ELBO and the importance-weighted bounds for k = 10, 100
 * and 1000 on a seeded subset of the images, log p(x) by quadrature on it for a 2-D latent, and with {@code full}
 * also k = 1, 10, 100 and the quadrature on all the images and k = 10000 on 100 of them.
 *
 * <pre>{@code
 * EvaluationReport r = model.evaluate(split.test(), EvaluationOptions.defaults());
 * r.rows().forEach(row -> System.out.printf("%-22s %8.2f%n", row.estimate(), row.mean()));
 * }</pre>
 *
 * @param subsetSize images for the IW and quadrature rows (the ELBO row also covers them), at least 1
 * @param full also the rows over all the images
 * @param seed the seed of the subset and of every estimate's noise
 * @param tolerance the quadrature's tolerance, in nats per image
 */
public record EvaluationOptions(int subsetSize, boolean full, long seed, double tolerance) {
  /** The subset size of {@link #defaults()}: 1000 images. */
  public static final int DEFAULT_SUBSET = 1000;
  /** The quadrature tolerance of {@link #defaults()}: 0.01 nats. */
  public static final double DEFAULT_TOLERANCE = 0.01;

  /**
   * @param subsetSize images for the IW and quadrature rows, at least 1
   * @param full also the rows over all the images
   * @param seed the seed of the subset and of every estimate's noise
   * @param tolerance the quadrature's tolerance, in nats per image (positive)
   * @throws InvalidConfigException if the subset is empty or the tolerance is not positive
   */
  public EvaluationOptions {
    Check.range("subsetSize", subsetSize, 1, Integer.MAX_VALUE);
    Check.positive("tolerance", tolerance, Double.POSITIVE_INFINITY);
  }

  /** @return 1000 images, not full, seed 0, tolerance 0.01 */
  public static EvaluationOptions defaults() { return new EvaluationOptions(DEFAULT_SUBSET, false, 0, DEFAULT_TOLERANCE); }

  /**
   * @param subsetSize images of the subset
   * @return these options with another subset size
   */
  public EvaluationOptions withSubsetSize(int subsetSize) { return new EvaluationOptions(subsetSize, full, seed, tolerance); }

  /**
   * @param full whether to add the rows over all the images
   * @return these options with {@code full}
   */
  public EvaluationOptions withFull(boolean full) { return new EvaluationOptions(subsetSize, full, seed, tolerance); }

  /**
   * @param seed the seed of the subset and of the estimates
   * @return these options with another seed
   */
  public EvaluationOptions withSeed(long seed) { return new EvaluationOptions(subsetSize, full, seed, tolerance); }
}
