package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import tfvae.Mask;
import tfvae.data.Images;

/**
 * Completions of partially observed images under several masks: for each image and mask, what was observed (the
 * unobserved pixels drawn mid-gray) and the posterior predictive mean E[x_d | x_obs] filled in where nothing was
 * observed ({@link tfvae.TrainedVae#completion}: exact with a 2-D latent, else over draws from an SVI fit). The figure
 * only draws: the completions are computed before, by the library ({@link tfvae.Completions}).
 */
public final class MaskCompletions {
  /** How unobserved pixels are shown in the "observed" tiles. */
  public static final float UNOBSERVED_GRAY = 0.5f;

  private MaskCompletions() {}

  /** @return the masks of the figure for images of this size: left half, a random half (seeded), a centred square missing */
  public static List<Mask> standardMasks(int rows, int cols, long seed) {
    return List.of(Mask.leftHalf(rows, cols), Mask.random(rows * cols, 0.5, seed), Mask.centredSquareMissing(rows, cols, rows / 2));
  }

  /** @return a column caption short enough for a tile: "left half", "random 392 of 784", "14x14 square missing" */
  static String caption(Mask m) {
    return m.name().startsWith("centred ") ? m.name().substring("centred ".length()) : m.name().startsWith("random ")
        ? m.name() + " of " + m.dim() : m.name();
  }

  /**
   * Draws the completions (computed beforehand, e.g. by {@link tfvae.Completions#of}): per image the original, then
   * per mask what was observed (unobserved pixels mid-gray) and the completion.
   *
   * <pre>{@code
   * List<Mask> masks = MaskCompletions.standardMasks(28, 28, 0);
   * float[][][] done = Completions.of(model, test, indices, masks, 1000, 0);
   * MaskCompletions.figure(test, indices, masks, done, "the exact posterior's predictive mean (2-D grid)").save(out);
   * }</pre>
   *
   * @param images labelled or unlabelled images with an image shape
   * @param indices the images completed, one figure row each
   * @param masks the masks, two columns each
   * @param completed the completions, [index][mask][value]
   * @param method how they were computed, for the title
   * @return {@code fig-4d-mask-completions}
   */
  public static Figure figure(Images images, int[] indices, List<Mask> masks, float[][][] completed, String method) {
    if (completed.length != indices.length)
      throw new IllegalArgumentException("completed has " + completed.length + " rows for " + indices.length + " images; pass one per image");
    float[][] tiles = new float[indices.length * (1 + 2 * masks.size())][];
    List<String> rowCaptions = new ArrayList<>(), colCaptions = new ArrayList<>(List.of("original"));
    for (Mask m : masks) {
      colCaptions.add(caption(m));
      colCaptions.add("completed");
    }
    int t = 0;
    for (int r = 0; r < indices.length; r++) {
      float[] x = images.image(indices[r]);
      tiles[t++] = x;
      for (int k = 0; k < masks.size(); k++) {
        Mask m = masks.get(k);
        float[] shown = x.clone();
        for (int d = 0; d < x.length; d++) if (!m.isObserved(d)) shown[d] = UNOBSERVED_GRAY;
        tiles[t++] = shown;
        tiles[t++] = completed[r][k];
      }
      rowCaptions.add(images.hasLabels() ? "label " + images.label(indices[r]) : "image " + indices[r]);
    }
    return new Figure("fig-4d-mask-completions", ImageGrid.chart(ImageGrid.dataset(tiles, indices.length, 1 + 2 * masks.size(),
        images.height(), images.width()), "Completions under other masks: observed pixels (gray = unobserved) and " + method, rowCaptions,
        colCaptions), 180 + 150 * (1 + 2 * masks.size()), 140 + 140 * indices.length);
  }

  /**
   * @param latent the model's latent dimension
   * @param samples draws from q per completion when it is not 2
   * @return how {@link tfvae.TrainedVae#completion} computes a completion, for the figure's title
   */
  public static String method(int latent, int samples) {
    return latent == 2 ? "the exact posterior's predictive mean (2-D grid)" : "the mean over " + samples + " z ~ q from SVI";
  }
}
