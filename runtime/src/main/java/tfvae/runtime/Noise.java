package tfvae.runtime;

import org.tensorflow.types.TInt64;

/**
 * The model's named noise streams. Every random draw is stateless: its seed is a pair {a, b} fed to the graph, and
 * each stream keeps its pairs apart from the others'. Training builds its own pair {seed, step} inside the graph
 * (steps are at least 0); the query streams below use a negative second word, or a salted first word, so they never
 * meet it. The values are fixed: changing one changes every figure and number drawn from that stream.
 */
final class Noise {
  /** Added to the seed of evaluation draws (ELBO and importance weights), whose second word is the chunk index. */
  static final long EVAL_SALT = 0x9E3779B97F4A7C15L;
  private static final long PRIOR = -1, DECODE = -2, GAUSSIAN = -3;

  private Noise() {}

  /** @return the seed of z ~ N(0, I) draws ({@code samplePrior}) */
  static TInt64 prior(long seed) { return Tensors.seed(seed, PRIOR); }

  /**
   * @return the seed of part {@code part} of a large {@code samplePrior}: part 0 is {@link #prior(long)}; later parts
   *     use a mixed first word and the same negative second word
   */
  static TInt64 prior(long seed, int part) { return part == 0 ? prior(seed) : Tensors.seed(mix(seed, part), PRIOR); }

  /**
   * @return the seed of part {@code part} of the draws of one image (chunk {@code chunk}) when an importance-weighted
   *     estimate needs more draws than one run decodes: a mixed first word, so no part meets another stream
   */
  static TInt64 evaluationPart(long seed, int chunk, int part) { return Tensors.seed(mix(seed + EVAL_SALT, part + 1L), chunk); }

  /** @return the seed of binary images x ~ p(x|z) ({@code sampleImages}) */
  static TInt64 decode(long seed) { return Tensors.seed(seed, DECODE); }

  /** @return the seed of draws from a given diagonal Gaussian ({@code sampleGaussian}) */
  static TInt64 gaussian(long seed) { return Tensors.seed(seed, GAUSSIAN); }

  /** @return the seed of chunk {@code chunk} of an evaluation ({@code elboPerImage}, {@code importanceWeighted}) */
  static TInt64 evaluation(long seed, int chunk) { return Tensors.seed(seed + EVAL_SALT, chunk); }

  /** @return a 64-bit seed for a Java-side stream from two words (SplitMix64's finalizer of their combination) */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
