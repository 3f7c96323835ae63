package tfvae.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import tfvae.InvalidConfigException;

/**
 * Seeded evaluation subsets: the same seed gives the same images, so two programs (or two runs) that evaluate "a
 * seeded subset of 1000 test images" measure the same ones.
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
}
