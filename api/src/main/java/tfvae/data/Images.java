package tfvae.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;

/**
 * An immutable set of {@code count} examples of {@code dim} finite float values each, with optional integer labels.
 * Accessors copy, so no caller can change an {@code Images}.
 *
 * <p>Two kinds, told apart by {@link #hasImageShape()}:
 * <ul>
 *   <li><b>images</b> ({@link #of}, {@link #ofRows}): each example is {@code height x width} pixels, row-major, so
 *       figures can tile them and masks ({@link tfvae.Mask#topHalf(int, int)}) can cut them;
 *   <li><b>vectors</b> ({@link #vectors(float[], int, int[])}, {@link #vectors(float[][])}): plain vectors of
 *       {@code dim} values with no image shape, such as a CSV's rows. They work for everything except what needs
 *       a height and width ({@link #height()}, {@link #width()} and the image figures), which throw an
 *       {@link IllegalStateException} saying so. {@link #withImageShape(int, int)} gives vectors a shape.
 * </ul>
 * One word, one meaning: a <em>row</em> is an example ({@link #ofRows}, {@link #toRows()}); an image's pixel rows and
 * columns are its {@link #height()} and {@link #width()}.
 *
 * <p>Any finite value is held; NaN and infinities are refused, naming the first one. Which values a model accepts
 * (binary for Bernoulli, [0, 1] for the continuous Bernoulli, any finite value for the Gaussian) is checked by
 * {@link tfvae.Likelihood#check(String, Images)}; the transforms {@link #binarize()}, {@link #binarize(float)} and
 * {@link #binarizeStochastic(long)} make binary data.
 */
public final class Images {
  private final int count;
  /** Pixel rows and columns, both 0 for vectors. */
  private final int rows;
  private final int cols;
  private final int dim;
  private final float[] pixels;
  private final int @Nullable [] labels;

  private Images(int count, int rows, int cols, int dim, float[] pixels, int @Nullable [] labels) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.dim = dim;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Images of {@code height x width} pixels.
   *
   * @param height pixel rows per image
   * @param width pixel columns per image
   * @param pixels {@code count * height * width} finite values, image after image, row-major (copied)
   * @param labels one label per image, or null
   * @return the images
   * @throws BadDataException if the lengths disagree or a value is NaN or infinite
   */
  public static Images of(int height, int width, float[] pixels, int @Nullable [] labels) {
    if (height < 1 || width < 1) throw new BadDataException("image size must be at least 1x1, got " + height + "x" + width);
    if ((long) height * width > Integer.MAX_VALUE) throw new BadDataException("image size " + height + "x" + width + " is too large");
    int dim = height * width;
    if (pixels.length % dim != 0)
      throw new BadDataException("pixels has " + pixels.length + " values, not a multiple of " + height + "x" + width + " = " + dim);
    return checked(pixels.length / dim, height, width, dim, pixels.clone(), labels == null ? null : labels.clone());
  }

  /**
   * Vectors of {@code dim} values without an image shape.
   *
   * @param values {@code count * dim} finite values, vector after vector (copied)
   * @param dim values per vector, at least 1
   * @param labels one label per vector, or null
   * @return the vectors
   * @throws BadDataException if the lengths disagree or a value is NaN or infinite
   */
  public static Images vectors(float[] values, int dim, int @Nullable [] labels) {
    if (dim < 1) throw new BadDataException("dim must be at least 1, got " + dim);
    if (values.length % dim != 0) throw new BadDataException("values has " + values.length + " values, not a multiple of dim " + dim);
    return checked(values.length / dim, 0, 0, dim, values.clone(), labels == null ? null : labels.clone());
  }

  /**
   * @param rows one row per image (an example), each of {@code height * width} pixels
   * @param height pixel rows per image
   * @param width pixel columns per image
   * @return the images, without labels
   * @throws BadDataException if a row has the wrong length or a value is NaN or infinite
   */
  public static Images ofRows(float[][] rows, int height, int width) {
    int dim = height * width;
    float[] flat = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim)
        throw new BadDataException("row " + i + " has " + rows[i].length + " values, expected " + height + "x" + width + " = " + dim);
      System.arraycopy(rows[i], 0, flat, i * dim, dim);
    }
    return of(height, width, flat, null);
  }

  /**
   * @param rows one vector per row, all of the same length (at least 1)
   * @return the vectors, without labels and without an image shape
   * @throws BadDataException if there are no rows, the rows differ in length, or a value is NaN or infinite
   */
  public static Images vectors(float[][] rows) {
    if (rows.length == 0) throw new BadDataException("there are no rows to take the dimension from");
    int dim = rows[0].length;
    float[] flat = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim) throw new BadDataException("row " + i + " has " + rows[i].length + " values, but row 0 has " + dim);
      System.arraycopy(rows[i], 0, flat, i * dim, dim);
    }
    return vectors(flat, dim, null);
  }

  /**
   * A table's encoded rows, which may have missing cells: vectors like {@link #vectors(float[][])}, except that NaN is
   * held and means "missing" (a table model, {@link tfvae.Vae.Builder#schema}, sums its likelihood over the observed
   * cells only; an image model refuses NaN). Infinities are still refused.
   *
   * @param rows one row per example, all of the same length (at least 1), NaN for a missing value (copied)
   * @return the vectors, without labels and without an image shape
   * @throws BadDataException if there are no rows, the rows differ in length, or a value is infinite
   */
  public static Images withMissing(float[][] rows) {
    if (rows == null || rows.length == 0) throw new BadDataException("there are no rows to take the dimension from");
    int dim = rows[0].length;
    if (dim < 1) throw new BadDataException("row 0 has no values");
    float[] flat = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != dim)
        throw new BadDataException("row " + i + " has " + (rows[i] == null ? 0 : rows[i].length) + " values, but row 0 has " + dim);
      for (int d = 0; d < dim; d++)
        if (Float.isInfinite(rows[i][d]))
          throw new BadDataException("value " + d + " of row " + i + " is " + rows[i][d] + "; values must be finite or NaN (missing)");
      System.arraycopy(rows[i], 0, flat, i * dim, dim);
    }
    return new Images(rows.length, 0, 0, dim, flat, null);
  }

  /** Checks that every value is finite, then wraps the arrays, which no one else owns. */
  static Images checked(int count, int rows, int cols, int dim, float[] pixels, int @Nullable [] labels) {
    if (labels != null && labels.length != count)
      throw new BadDataException("there are " + count + (rows > 0 ? " images" : " vectors") + " but " + labels.length + " labels");
    for (int i = 0; i < pixels.length; i++) {
      if (!Float.isFinite(pixels[i]))
        throw new BadDataException((rows > 0 ? "pixel " : "value ") + (i % dim) + (rows > 0 ? " of image " : " of vector ") + (i / dim)
            + " is " + pixels[i] + "; values must be finite");
    }
    return new Images(count, rows, cols, dim, pixels, labels);
  }

  /** Wraps arrays of images that are already checked and owned by no one else. */
  static Images trusted(int count, int rows, int cols, float[] pixels, int @Nullable [] labels) {
    return new Images(count, rows, cols, rows * cols, pixels, labels);
  }

  /** Wraps arrays of vectors that are already checked and owned by no one else. */
  static Images trustedVectors(int count, int dim, float[] values, int @Nullable [] labels) {
    return new Images(count, 0, 0, dim, values, labels);
  }

  /** @return the same examples with {@code labels} (not copied), sharing the values */
  Images withLabels(int @Nullable [] labels) { return new Images(count, rows, cols, dim, pixels, labels); }

  /** @return the number of examples */
  public int count() { return count; }

  /** @return whether the examples are images with a {@link #height()} and {@link #width()}, not plain vectors */
  public boolean hasImageShape() { return rows > 0; }

  /**
   * @return the image height: pixel rows per image
   * @throws IllegalStateException if these are vectors without an image shape
   */
  public int height() {
    requireImageShape("height()");
    return rows;
  }

  /**
   * @return the image width: pixel columns per image
   * @throws IllegalStateException if these are vectors without an image shape
   */
  public int width() {
    requireImageShape("width()");
    return cols;
  }

  /** @return values per example: {@code height * width} for images */
  public int dim() { return dim; }

  /**
   * @param height pixel rows
   * @param width pixel columns
   * @return the same values and labels as images of {@code height x width}
   * @throws BadDataException if {@code height * width} is not {@link #dim()}
   */
  public Images withImageShape(int height, int width) {
    if (height < 1 || width < 1 || (long) height * width != dim)
      throw new BadDataException("an image shape of " + height + "x" + width + " does not fit examples of " + dim + " values");
    return new Images(count, height, width, dim, pixels, labels);
  }

  /** @return the same values and labels as vectors, without an image shape */
  public Images asVectors() { return new Images(count, 0, 0, dim, pixels, labels); }

  /** @return whether labels are present */
  public boolean hasLabels() { return labels != null; }

  /** @return a copy of all values, example after example (images row-major) */
  public float[] pixels() { return pixels.clone(); }

  /**
   * @param i example index in [0, count)
   * @return a copy of example i's values (images row-major)
   */
  public float[] image(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(pixels, i * dim, (i + 1) * dim);
  }

  /** @return one row of values per example (copies) */
  public float[][] toRows() {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) out[i] = image(i);
    return out;
  }

  /**
   * @param i example index in [0, count)
   * @return the label of example i
   * @throws IllegalStateException if there are no labels
   */
  public int label(int i) {
    checkIndex(i);
    return labelsOrThrow()[i];
  }

  /**
   * @return a copy of the labels
   * @throws IllegalStateException if there are no labels
   */
  public int[] labels() { return labelsOrThrow().clone(); }

  /**
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return examples {@code from .. to-1}
   * @throws IndexOutOfBoundsException if the range is not within [0, count]
   */
  public Images slice(int from, int to) {
    if (from < 0 || to > count || from > to)
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") is outside [0, " + count + ")");
    return new Images(to - from, rows, cols, dim, Arrays.copyOfRange(pixels, from * dim, to * dim),
        labels == null ? null : Arrays.copyOfRange(labels, from, to));
  }

  /**
   * @param other examples of the same dimension
   * @return these examples followed by {@code other}'s; with the image shape and the labels when both have them
   * @throws InvalidConfigException if the dimensions differ
   */
  public Images concat(Images other) {
    if (other.dim != dim) throw new InvalidConfigException("cannot concatenate examples of " + dim + " values with examples of " + other.dim);
    float[] out = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
    System.arraycopy(other.pixels, 0, out, pixels.length, other.pixels.length);
    int[] lab = labels == null || other.labels == null ? null : Arrays.copyOf(labels, count + other.count);
    if (lab != null) System.arraycopy(other.labels, 0, lab, count, other.count);
    boolean shaped = rows == other.rows && cols == other.cols;
    return new Images(count + other.count, shaped ? rows : 0, shaped ? cols : 0, dim, out, lab);
  }

  /**
   * @param indices the examples to take, in order (repeats allowed)
   * @return those examples
   * @throws IndexOutOfBoundsException if an index is outside [0, count)
   */
  public Images select(int... indices) {
    float[] out = new float[indices.length * dim];
    int[] lab = labels == null ? null : new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      checkIndex(indices[k]);
      System.arraycopy(pixels, indices[k] * dim, out, k * dim, dim);
      if (lab != null) lab[k] = labels[indices[k]];
    }
    return new Images(indices.length, rows, cols, dim, out, lab);
  }

  /**
   * @return these examples with every value set to 1 if it is above 0.5, else 0 (the assignment's binarization)
   * @throws BadDataException if a value is outside [0, 1] (raw 0..255 pixels, say), where 0.5 is no midpoint: scale
   *     the values into [0, 1] first, or give a threshold in the data's units ({@link #binarize(float)})
   */
  public Images binarize() {
    for (int i = 0; i < pixels.length; i++)
      if (!(pixels[i] >= 0f && pixels[i] <= 1f))
        throw new BadDataException("binarize() thresholds values in [0, 1] at 0.5, but " + where(i) + " is " + pixels[i]
            + "; scale the values into [0, 1] first (0..255 pixels: divide by 255), or pass a threshold in the data's own units"
            + " (binarize(127.5f))");
    return binarize(0.5f);
  }

  /** @return "pixel 152 of image 0" or "value 3 of example 7" for the flat index {@code i} */
  private String where(int i) {
    return rows > 0 ? "pixel " + (i % dim) + " of image " + (i / dim) : "value " + (i % dim) + " of example " + (i / dim);
  }

  /**
   * @param threshold values strictly above it become 1, the rest 0
   * @return the binarized examples
   */
  public Images binarize(float threshold) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = pixels[i] > threshold ? 1f : 0f;
    return new Images(count, rows, cols, dim, out, labels);
  }

  /**
   * Stochastic binarization: each value v becomes 1 with probability v (so values at or below 0 always become 0, at
   * or above 1 always 1), drawing one uniform double per value, in order, from {@code new SplittableRandom(seed)}.
   *
   * @param seed random seed; the same seed gives the same examples
   * @return the binarized examples
   */
  public Images binarizeStochastic(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = rnd.nextDouble() < pixels[i] ? 1f : 0f;
    return new Images(count, rows, cols, dim, out, labels);
  }

  /** @return whether every value is exactly 0 or 1 */
  public boolean isBinary() {
    for (float v : pixels) if (v != 0f && v != 1f) return false;
    return true;
  }

  /**
   * @return e.g. {@code Images[10000 images of 28x28, binary, labels 0..9]} or
   *     {@code Images[500 vectors of 64, values in [-1.5, 3.25], unlabelled]}
   */
  @Override public String toString() {
    StringBuilder s = new StringBuilder("Images[").append(count);
    if (rows > 0) s.append(count == 1 ? " image of " : " images of ").append(rows).append('x').append(cols);
    else s.append(count == 1 ? " vector of " : " vectors of ").append(dim);
    if (count > 0) {
      float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
      for (float v : pixels) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      s.append(isBinary() ? ", binary" : ", values in [" + number(lo) + ", " + number(hi) + "]");
    }
    if (labels == null) s.append(", unlabelled");
    else if (count > 0) s.append(", labels ").append(Arrays.stream(labels).min().orElseThrow()).append("..")
        .append(Arrays.stream(labels).max().orElseThrow());
    else s.append(", labelled");
    return s.append(']').toString();
  }

  /** @return v without a trailing ".0" when it is whole, e.g. 1 or 0.35 or -2.5E-4 */
  private static String number(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e7f ? String.format(Locale.ROOT, "%d", (long) v) : Float.toString(v);
  }

  private void requireImageShape(String what) {
    if (rows == 0)
      throw new IllegalStateException(what + " needs images with a height and width, but these are " + count + " vectors of "
          + dim + " values; give them a shape with withImageShape(height, width)");
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) throw new IndexOutOfBoundsException("image " + i + " is outside [0, " + count + ")");
  }

  private int[] labelsOrThrow() {
    if (labels == null) throw new IllegalStateException("these images have no labels");
    return labels;
  }
}
