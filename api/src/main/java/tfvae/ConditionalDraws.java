package tfvae;

import tfvae.internal.Check;

/**
 * What a conditional model with a label condition generates, for its figures: samples from p(x | z, c) with z from the
 * prior, one row per class, and a style grid (the same z decoded under every class, so that a column keeps its style,
 * z, and a row its class, c). Plain compositions of {@link TrainedVae} queries.
 */
public final class ConditionalDraws {
  /** Mixed into the seed of the style grid's z, so that they differ from {@link #perClass}'s for the same seed. */
  public static final long STYLE_SEED_SALT = 0x57E1E57E1E57E1EL;

  private ConditionalDraws() {}

  /**
   * @param model a model with a label condition of K classes
   * @param perClass samples per class, in [1, 1000]
   * @param seed seed of the prior draws
   * @return K * perClass rows of dataDim means: row k * perClass + j is E[x | z_kj, c = k], every z_kj ~ N(0, I) its own
   * @throws InvalidConfigException if the model has no label condition or perClass is out of range
   */
  public static float[][] perClass(TrainedVae model, int perClass, long seed) {
    Condition c = labelCondition(model);
    Check.range("perClass", perClass, 1, 1000);
    int n = c.dims() * perClass;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = i / perClass;
    return model.decodeMeans(model.samplePrior(n, seed), c.oneHot(labels));
  }

  /**
   * @param model a model with a label condition of K classes
   * @param styles how many z, in [1, 1000]
   * @param seed seed of the prior draws (salted with {@link #STYLE_SEED_SALT})
   * @return K * styles rows of dataDim means: row k * styles + j is E[x | z_j, c = k], the same z_j for every class
   * @throws InvalidConfigException if the model has no label condition or styles is out of range
   */
  public static float[][] styleGrid(TrainedVae model, int styles, long seed) {
    Condition c = labelCondition(model);
    Check.range("styles", styles, 1, 1000);
    float[][] z = model.samplePrior(styles, seed ^ STYLE_SEED_SALT), all = new float[c.dims() * styles][];
    int[] labels = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = z[i % styles];
      labels[i] = i / styles;
    }
    return model.decodeMeans(all, c.oneHot(labels));
  }

  private static Condition labelCondition(TrainedVae model) {
    Condition c = model.spec().condition();
    if (c == null || c.kind() != Condition.Kind.LABEL)
      throw new InvalidConfigException("the model's condition is " + (c == null ? "none" : c.toString()) + "; draws per class need a label"
          + " condition (Condition.label(K))");
    return c;
  }
}
