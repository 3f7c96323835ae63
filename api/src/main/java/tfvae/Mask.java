package tfvae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which values of an example are observed, for inference from a partial observation ({@link
 * TrainedVae#fitPosterior(float[], Mask, SviOptions)}, {@link TrainedVae#exactPosterior(float[], Mask, PosteriorFit)},
 * {@link TrainedVae#logEvidence(tfvae.data.Images, Mask, double)}, {@link TrainedVae#logJointObserved(float[], Mask,
 * float[][])}). The unobserved values integrate out of p(x|z) exactly, so they are neither scored nor computed. An
 * immutable value over {@code dim} values; image masks index pixels row-major.
 *
 * <pre>{@code
 * Mask top = Mask.topHalf(28, 28);                 // the assignment's part 4: pixels 0..391 of 784
 * Mask left = Mask.leftHalf(28, 28);
 * Mask hole = Mask.centredSquareMissing(28, 28, 14);
 * Mask some = Mask.random(784, 0.5, 0);             // a random half of the pixels, seeded
 * }</pre>
 */
public final class Mask {
  private final String name;
  private final int dim;
  private final int[] observed;

  private Mask(String name, int dim, int[] observed) {
    if (observed.length == 0)
      throw new BadDataException("the mask " + name + " observes no value; a mask must observe at least one");
    this.name = name;
    this.dim = dim;
    this.observed = observed;
  }

  /**
   * @param observed one flag per value: true where the value is observed
   * @return the mask
   * @throws BadDataException if no value is observed
   */
  public static Mask of(boolean[] observed) {
    List<Integer> idx = new ArrayList<>();
    for (int d = 0; d < observed.length; d++) if (observed[d]) idx.add(d);
    return new Mask("given", observed.length, idx.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * @param dim values per example, at least 1
   * @return the mask that observes every value (whole examples)
   * @throws BadDataException if {@code dim} is below 1
   */
  public static Mask all(int dim) { return prefix(dim, dim); }

  /**
   * @param dim values per example, at least 1
   * @param m how many leading values are observed, in [1, dim]
   * @return the mask observing values 0..m-1
   * @throws BadDataException if m is outside [1, dim]
   */
  public static Mask prefix(int dim, int m) {
    if (dim < 1) throw new BadDataException("a mask needs at least 1 value, got dim " + dim);
    if (m < 1 || m > dim) throw new BadDataException("a prefix mask of " + dim + " values observes 1 to " + dim + " of them, got " + m);
    return new Mask("first " + m, dim, range(0, m));
  }

  /**
   * @param rows pixel rows, at least 2
   * @param cols pixel columns, at least 1
   * @return the first rows / 2 rows observed (the assignment's top half: 392 of 784 pixels)
   */
  public static Mask topHalf(int rows, int cols) { return rect("top half", rows, cols, 0, rows / 2, 0, cols, true); }

  /**
   * @param rows pixel rows, at least 2
   * @param cols pixel columns, at least 1
   * @return the last rows - rows / 2 rows observed
   */
  public static Mask bottomHalf(int rows, int cols) { return rect("bottom half", rows, cols, rows / 2, rows, 0, cols, true); }

  /**
   * @param rows pixel rows, at least 1
   * @param cols pixel columns, at least 2
   * @return the first cols / 2 columns of every row observed
   */
  public static Mask leftHalf(int rows, int cols) { return rect("left half", rows, cols, 0, rows, 0, cols / 2, true); }

  /**
   * @param rows pixel rows, at least 1
   * @param cols pixel columns, at least 2
   * @return the last cols - cols / 2 columns of every row observed
   */
  public static Mask rightHalf(int rows, int cols) { return rect("right half", rows, cols, 0, rows, cols / 2, cols, true); }

  /**
   * @param rows pixel rows
   * @param cols pixel columns
   * @param side the missing square's side, in [1, min(rows, cols) - 1]
   * @return every pixel observed except a centred side x side square
   */
  public static Mask centredSquareMissing(int rows, int cols, int side) {
    if (side < 1 || side >= Math.min(rows, cols))
      throw new BadDataException("the missing square's side must be in [1, " + (Math.min(rows, cols) - 1) + "] for " + rows + "x" + cols
          + " images, got " + side);
    int r0 = (rows - side) / 2, c0 = (cols - side) / 2;
    return rect("centred " + side + "x" + side + " square missing", rows, cols, r0, r0 + side, c0, c0 + side, false);
  }

  /**
   * @param dim values per example
   * @param fraction the share observed, in (0, 1]: round(fraction * dim) values, at least 1
   * @param seed the same seed gives the same mask
   * @return a uniformly random subset of the values observed
   */
  public static Mask random(int dim, double fraction, long seed) {
    if (dim < 1) throw new BadDataException("a mask needs at least 1 value, got dim " + dim);
    if (!(fraction > 0 && fraction <= 1)) throw new BadDataException("the observed fraction must be in (0, 1], got " + fraction);
    int m = Math.max(1, (int) Math.round(fraction * dim));
    int[] all = range(0, dim);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) { // a partial Fisher-Yates shuffle: the first m are a uniform m-subset
      int j = i + rnd.nextInt(dim - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, m);
    Arrays.sort(chosen);
    return new Mask("random " + m, dim, chosen);
  }

  private static Mask rect(String name, int rows, int cols, int r0, int r1, int c0, int c1, boolean inside) {
    if (rows < 1 || cols < 1) throw new BadDataException("a mask needs an image of at least 1x1 pixels, got " + rows + "x" + cols);
    List<Integer> idx = new ArrayList<>();
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++) {
        boolean in = r >= r0 && r < r1 && c >= c0 && c < c1;
        if (in == inside) idx.add(r * cols + c);
      }
    return new Mask(name, rows * cols, idx.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) out[i] = from + i;
    return out;
  }

  /** @return the number of values of an example this mask is for */
  public int dim() { return dim; }

  /** @return how many values are observed */
  public int observedCount() { return observed.length; }

  /** @return the observed values' indices, ascending (a copy) */
  public int[] observed() { return observed.clone(); }

  /**
   * @param d a value's index
   * @return whether it is observed
   */
  public boolean isObserved(int d) { return Arrays.binarySearch(observed, d) >= 0; }

  /** @return whether the observed values are exactly 0..m-1 */
  public boolean isPrefix() { return observed[observed.length - 1] == observed.length - 1; }

  /**
   * @param example one example's {@code dim} values
   * @return its observed values, in index order
   * @throws BadDataException if the example does not have {@code dim} values
   */
  public float[] observe(float[] example) {
    if (example.length != dim)
      throw new BadDataException("the example has " + example.length + " values but the mask " + name + " is for " + dim);
    float[] out = new float[observed.length];
    for (int i = 0; i < observed.length; i++) out[i] = example[observed[i]];
    return out;
  }

  /** @return for example {@code Mask[top half, 392 of 784 observed]} */
  @Override public String toString() { return "Mask[" + name + ", " + observed.length + " of " + dim + " observed]"; }

  /** @return a short name: {@code top half}, {@code left half}, {@code random 392}, ... */
  public String name() { return name; }

  @Override public boolean equals(Object o) { return o instanceof Mask m && m.dim == dim && Arrays.equals(m.observed, observed); }

  @Override public int hashCode() { return 31 * dim + Arrays.hashCode(observed); }
}
