package tfvae.runtime;

import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Mask;
import tfvae.Vae;
import tfvae.data.Images;

/** The checks of a model's query arguments against its spec, with one message shape for every query. */
final class Inputs {
  private final Vae spec;

  Inputs(Vae spec) { this.spec = spec; }

  /** @throws BadDataException if {@code v} does not have the latent dimension's values */
  void latent(String what, float[] v) {
    if (v == null) throw new BadDataException(what + " is null; pass " + spec.latent() + " values");
    if (v.length != spec.latent())
      throw new BadDataException(what + " has " + v.length + " values; this model's latent dimension is " + spec.latent());
  }

  /** @throws BadDataException if {@code z} or one of its rows is null, or a row does not have the latent dimension's values */
  void points(String what, float[][] z) {
    if (z == null) throw new BadDataException(what + " is null; pass rows of " + spec.latent() + " values");
    for (int i = 0; i < z.length; i++) {
      if (z[i] == null) throw new BadDataException(what + " row " + i + " is null; pass rows of " + spec.latent() + " values");
      if (z[i].length != spec.latent())
        throw new BadDataException(what + " row " + i + " has " + z[i].length + " values; this model's latent dimension is " + spec.latent());
    }
  }

  /**
   * @throws InvalidConfigException for a table model: {@code what} works on an image model's values under one pixel
   *     likelihood, and would give a table's encoded values meaningless numbers
   */
  void imagesOnly(String what) {
    if (spec.schema() != null)
      throw new InvalidConfigException(what + " is for image models; this is a table model (it has a schema): its missing cells are NaN in"
          + " its rows, and score, impute, encodeRows and sampleRows take them");
  }

  /** @throws BadDataException if the mask is not for the model's dataDim */
  void mask(Mask mask) {
    imagesOnly("a mask");
    if (mask == null)
      throw new BadDataException("the mask is null; pass a Mask of " + spec.dataDim() + " values (Mask.all(" + spec.dataDim() + ") for all of them)");
    if (mask.dim() != spec.dataDim())
      throw new BadDataException("the mask " + mask.name() + " is for " + mask.dim() + " values but the model's dataDim is " + spec.dataDim());
  }

  /** @return the example's observed values, checked against the mask's length and the likelihood */
  float[] observed(float[] example, Mask mask) {
    mask(mask);
    if (example == null) throw new BadDataException("the example is null; pass " + spec.dataDim() + " values");
    float[] obs = mask.observe(example);
    int[] cols = mask.observed();
    for (int k = 0; k < obs.length; k++)
      if (!spec.likelihood().accepts(obs[k]))
        throw new BadDataException("observed value " + cols[k] + " is " + obs[k] + "; the " + spec.likelihood() + " likelihood does not accept it");
    return obs;
  }

  /** @return the values each example's mask observes, example after example, checked against the likelihood */
  float[] observed(Images examples, Mask mask) {
    int n = examples.count(), m = mask.observedCount();
    float[] all = examples.pixels(), obs = new float[n * m];
    int[] cols = mask.observed();
    for (int i = 0; i < n; i++)
      for (int k = 0; k < m; k++) {
        float v = all[i * spec.dataDim() + cols[k]];
        if (!spec.likelihood().accepts(v))
          throw new BadDataException("examples: value " + cols[k] + " of example " + i + " is " + v + "; the " + spec.likelihood()
              + " likelihood does not accept it");
        obs[i * m + k] = v;
      }
    return obs;
  }

  /** @throws InvalidConfigException if the latent is not 2-D ({@code what} integrates over a grid) */
  void latent2(String what) {
    if (spec.latent() != 2)
      throw new InvalidConfigException(what + " integrates over a grid and needs latent = 2, got " + spec.latent());
  }

  /** @throws BadDataException if the images do not have dataDim values, or there are none */
  void dim(String what, Images images) {
    if (images == null) throw new BadDataException(what + " are null; pass Images of " + spec.dataDim() + " values each");
    if (images.dim() != spec.dataDim())
      throw new BadDataException(what + " have " + (images.hasImageShape() ? images.height() + "x" + images.width() + " = " : "")
          + images.dim() + (images.hasImageShape() ? " pixels" : " values") + " but the model's dataDim is " + spec.dataDim());
    if (images.count() == 0) throw new BadDataException(what + " are empty");
  }

  /** @throws BadDataException if a value is one the likelihood does not accept */
  void values(String what, Images images) {
    if (spec.schema() != null) spec.schema().check(what, images.toRows());
    else spec.likelihood().check(what, images);
  }

  /**
   * Checks examples and gives the rows the graph takes: the examples themselves, or a conditional model's [x | c] (the
   * condition from their labels or side columns, checked; {@link tfvae.Condition}).
   *
   * @param values whether to check the values against the likelihood too
   */
  Images rows(String what, Images images, boolean values) {
    tfvae.Condition c = spec.condition();
    Images x = c == null || images == null ? images : c.pixels(images, spec.dataDim());
    dim(what, x);
    if (values) values(what, x);
    return c == null ? images : tfvae.Condition.withColumns(x, c.values(images, spec.dataDim()));
  }

  /** @throws InvalidConfigException for a conditional model, naming the query it does not have yet */
  void unconditional(String query) {
    if (spec.condition() != null)
      throw new InvalidConfigException(query + " is not available for a conditional model (condition " + spec.condition() + ") yet;"
          + " encode, decodeMeans(z, condition), sampleImages(z, condition, seed), elboPerImage, importanceWeighted and logEvidence are");
  }

  /** @throws BadDataException for a conditional model's decoder called without a condition */
  void unconditionalDecoder() {
    if (spec.condition() != null)
      throw new BadDataException("this model is conditional (condition " + spec.condition() + "): pass one row of c per point, e.g."
          + " decodeMeans(z, condition) with Condition.oneHot(labels)");
  }

  /**
   * @return the condition rows of a conditional decoder query, checked against z's count
   * @throws BadDataException if the model has no condition or the rows are wrong
   */
  float[][] condition(float[][] z, float[][] condition) {
    if (spec.condition() == null)
      throw new BadDataException("this model has no condition; decode with decodeMeans(z) or sampleImages(z, seed)");
    return spec.condition().check("condition", condition, z == null ? 0 : z.length);
  }
}
