package tfvae;

import tfvae.data.Images;

/**
 * The decoder's distribution p(x|z) over each pixel, and so the values the data may take. Every log density is
 * written by hand as TensorFlow ops in the runtime's {@code Densities}.
 */
public enum Likelihood {
  /** Bernoulli with mean sigmoid(logit): binary data, each value 0 or 1. The assignment's, and the default. */
  BERNOULLI("bernoulli", "binary values (0 or 1)"),
  /**
   * The continuous Bernoulli of Loaiza-Ganem and Cunningham (2019, "The continuous Bernoulli: fixing a pervasive
   * error in variational autoencoders"): density C(lambda) lambda^x (1 - lambda)^(1 - x) on [0, 1], lambda =
   * sigmoid(logit), for grayscale data in [0, 1] that is not binarized.
   */
  CONTINUOUS_BERNOULLI("continuous-bernoulli", "values in [0, 1]"),
  /** A Gaussian with a decoded mean and a decoded per-pixel log standard deviation: any finite values. */
  GAUSSIAN("gaussian", "finite values");

  private final String cliName;
  private final String needs;

  Likelihood(String cliName, String needs) {
    this.cliName = cliName;
    this.needs = needs;
  }

  /** @return the name the command line uses: {@code bernoulli}, {@code continuous-bernoulli} or {@code gaussian} */
  public String cliName() { return cliName; }

  /**
   * @param name a {@link #cliName()}, case-insensitive
   * @return the likelihood of that name
   * @throws InvalidConfigException for any other name, listing the valid ones
   */
  public static Likelihood parse(String name) {
    for (Likelihood l : values()) if (l.cliName.equalsIgnoreCase(name)) return l;
    throw new InvalidConfigException("likelihood must be bernoulli, continuous-bernoulli or gaussian, got " + name);
  }

  /**
   * @param v a data value
   * @return whether this likelihood gives {@code v} a density
   */
  public boolean accepts(float v) {
    return switch (this) {
      case BERNOULLI -> v == 0f || v == 1f;
      case CONTINUOUS_BERNOULLI -> v >= 0f && v <= 1f;
      case GAUSSIAN -> Float.isFinite(v);
    };
  }

  /**
   * Checks that every value of {@code images} is one this likelihood accepts.
   *
   * @param what what the images are, for the message ("training images")
   * @param images the data
   * @throws BadDataException naming the first offending value, its image and pixel, and what to do
   */
  public void check(String what, Images images) { check(what, images, 0); }

  /**
   * Checks that every value of {@code images} is one this likelihood accepts, numbering the examples from
   * {@code firstExample} in the message (a chunk of a larger set).
   *
   * @param what what the images are, for the message ("training images")
   * @param images the data
   * @param firstExample the number of the first example
   * @throws BadDataException naming the first offending value, its image and pixel, and what to do
   */
  public void check(String what, Images images, long firstExample) {
    int dim = images.dim();
    float[] v = images.pixels();
    for (int i = 0; i < v.length; i++) {
      if (accepts(v[i])) continue;
      String fix = switch (this) {
        case BERNOULLI -> v[i] >= 0f && v[i] <= 1f
            ? "binarize them (Images.binarize()) or choose the continuous-bernoulli or gaussian likelihood"
            : "scale them into [0, 1] and binarize them (Images.binarize()), or choose the gaussian likelihood";
        case CONTINUOUS_BERNOULLI -> "scale them into [0, 1] or choose the gaussian likelihood";
        case GAUSSIAN -> "remove or replace the non-finite values";
      };
      String where = images.hasImageShape() ? "pixel " + (i % dim) + " of image " + (firstExample + i / dim)
          : "value " + (i % dim) + " of example " + (firstExample + i / dim);
      throw new BadDataException(what + ": " + where + " is " + v[i] + "; the "
          + cliName + " likelihood needs " + needs + ": " + fix);
    }
  }

  @Override public String toString() { return cliName; }
}
