package tfvae;

import java.util.List;
import tfvae.data.Images;

/**
 * Completions of several images under several masks, for a figure or a table: each image's unobserved values
 * replaced by their posterior predictive mean ({@link TrainedVae#completion}).
 *
 * <pre>{@code
 * List<Mask> masks = List.of(Mask.leftHalf(28, 28), Mask.topHalf(28, 28));
 * float[][][] done = Completions.of(model, test, new int[] {0, 1, 2}, masks, 1000, 0);   // [image][mask][value]
 * }</pre>
 */
public final class Completions {
  private Completions() {}

  /**
   * @param model the trained model
   * @param images the images
   * @param indices the images to complete
   * @param masks the masks: what is observed of each image
   * @param samples draws from q per completion when the latent is not 2-D
   * @param seed the seed of image r's completions is {@code seed + r}
   * @return the completed images, [index][mask][value]
   */
  public static float[][][] of(TrainedVae model, Images images, int[] indices, List<Mask> masks, int samples, long seed) {
    float[][][] out = new float[indices.length][masks.size()][];
    for (int r = 0; r < indices.length; r++) {
      float[] x = images.image(indices[r]);
      for (int k = 0; k < masks.size(); k++) out[r][k] = model.completion(x, masks.get(k), samples, seed + r).values();
    }
    return out;
  }
}
