package tfvae.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import tfvae.InvalidConfigException;

/**
 * Seeded picks of images: evaluation subsets (the same seed gives the same images, so two programs, or two runs, that
 * evaluate "a seeded subset of 1000 test images" measure the same ones), and images of different labels for figures.
 *
 * <pre>{@code
 * Images sub = Subsets.of(split.test(), 1000, 0);   // 1000 of the test images, seed 0, in index order
 * }</pre>
 */
public final class Subsets {
  private Subsets() {}

  /**
   * @param images the images
   * @param n how many to pick (all of them when n &gt;= count)
   * @param seed the seed of the shuffle
   * @return a seeded subset of {@code n} of the images, in index order: {@code images.select(indices(count, n, seed))}
   */
  public static Images of(Images images, int n, long seed) {
    return n >= images.count() ? images : images.select(indices(images.count(), n, seed));
  }

  /**
   * @param count how many there are
   * @param n how many to pick
   * @param seed the seed of the shuffle
   * @return a seeded Fisher-Yates shuffle of 0..count-1, its first n, sorted (all of them when n &gt;= count)
   * @throws InvalidConfigException if count or n is negative
   */
  public static int[] indices(int count, int n, long seed) {
    if (count < 0 || n < 0) throw new InvalidConfigException("a subset of " + n + " of " + count + " images: both must be at least 0");
    int[] all = new int[count];
    Arrays.setAll(all, i -> i);
    if (n >= count) return all;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = all.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1), t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] pick = Arrays.copyOf(all, n);
    Arrays.sort(pick);
    return pick;
  }

  /**
   * Picks {@code n} images of {@code n} different labels, by seed (for example the digits of a figure's rows).
   *
   * @param images labelled images
   * @param n how many, at most the number of distinct labels
   * @param seed the seed
   * @return the indices, in the order drawn
   * @throws IllegalArgumentException if there are fewer than {@code n} labels
   */
  public static int[] differentClasses(Images images, int n, long seed) {
    int[] labels = images.labels();
    if (Arrays.stream(labels).distinct().count() < n)
      throw new IllegalArgumentException("differentClasses needs " + n + " distinct labels");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> seen = new ArrayList<>();
    int[] out = new int[n];
    for (int k = 0; k < n; ) {
      int i = rnd.nextInt(labels.length);
      if (seen.contains(labels[i])) continue;
      seen.add(labels[i]);
      out[k++] = i;
    }
    return out;
  }

  /**
   * Picks {@code pairs} pairs of images of different labels, each pair of a different label pair while there are
   * label pairs left, by seed (for example the ends of a latent interpolation).
   *
   * @param images labelled images
   * @param pairs how many pairs
   * @param seed the seed
   * @return {@code pairs} rows of two indices {a, b}
   * @throws IllegalArgumentException if the images have no labels or fewer than two classes
   */
  public static int[][] interpolationPairs(Images images, int pairs, long seed) {
    if (!images.hasLabels()) throw new IllegalArgumentException("interpolationPairs needs labelled images");
    int[] labels = images.labels();
    if (Arrays.stream(labels).distinct().count() < 2) throw new IllegalArgumentException("interpolationPairs needs two classes");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<int[]> out = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (int tries = 0; out.size() < pairs; tries++) {
      int a = rnd.nextInt(labels.length), b = rnd.nextInt(labels.length);
      String key = Math.min(labels[a], labels[b]) + "-" + Math.max(labels[a], labels[b]);
      if (labels[a] == labels[b] || (used.contains(key) && tries < 1000)) continue;
      used.add(key);
      out.add(new int[] {a, b});
    }
    return out.toArray(new int[0][]);
  }
}
