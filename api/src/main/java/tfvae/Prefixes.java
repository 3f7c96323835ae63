package tfvae;

import tfvae.data.Images;

/** The prefix forms of the partial-observation calls of {@link TrainedVae}: the first m values as a mask. */
final class Prefixes {
  private Prefixes() {}

  /** @return the prefix mask of {@code observed.length} of {@code dim} values */
  static Mask mask(float[] observed, int dim) {
    if (observed.length < 1 || observed.length > dim)
      throw new BadDataException("observed has " + observed.length + " values; give the first m values of an example, 1 <= m <= " + dim);
    return Mask.prefix(dim, observed.length);
  }

  /** @return {@code observed} followed by zeros, {@code dim} values in all (the zeros are unobserved) */
  static float[] pad(float[] observed, int dim) {
    mask(observed, dim);
    return java.util.Arrays.copyOf(observed, dim);
  }

  /** @return each example's values followed by zeros, as vectors of {@code dim} values (the zeros are unobserved) */
  static Images pad(Images examples, int dim) {
    int n = examples.count(), m = examples.dim();
    float[] in = examples.pixels(), out = new float[n * dim];
    for (int i = 0; i < n; i++) System.arraycopy(in, i * m, out, i * dim, m);
    return Images.of(1, dim, out, examples.hasLabels() ? examples.labels() : null);
  }
}
