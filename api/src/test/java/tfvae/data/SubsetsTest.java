package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tfvae.InvalidConfigException;

class SubsetsTest {
  @Test void aSubsetIsTheSeededShufflesFirstNSortedAndTheSameForTheSameSeed() {
    int[] a = Subsets.indices(1000, 50, 7), b = Subsets.indices(1000, 50, 7), c = Subsets.indices(1000, 50, 8);
    assertThat(a).hasSize(50).isSorted().doesNotHaveDuplicates().isEqualTo(b).isNotEqualTo(c);
    assertThat(Arrays.stream(a).allMatch(i -> i >= 0 && i < 1000)).isTrue();
    // the oracle: Fisher-Yates with the same SplittableRandom, written out here
    int[] all = new int[1000];
    Arrays.setAll(all, i -> i);
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 999; i > 0; i--) {
      int j = r.nextInt(i + 1), t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] want = Arrays.copyOf(all, 50);
    Arrays.sort(want);
    assertThat(a).isEqualTo(want);
  }

  @Test void askingForAtLeastAllGivesAllInOrder() {
    assertThat(Subsets.indices(5, 5, 0)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Subsets.indices(5, 9, 0)).containsExactly(0, 1, 2, 3, 4);
    Images images = Images.ofRows(new float[][] {{0, 1}, {1, 0}, {1, 1}}, 1, 2);
    assertThat(Subsets.of(images, 3, 0)).isSameAs(images);
  }

  @Test void ofSelectsTheIndices() {
    float[][] rows = new float[40][];
    for (int i = 0; i < 40; i++) rows[i] = new float[] {i, -i};
    Images images = Images.ofRows(rows, 1, 2);
    int[] idx = Subsets.indices(40, 10, 3);
    Images sub = Subsets.of(images, 10, 3);
    assertThat(sub.count()).isEqualTo(10);
    for (int k = 0; k < 10; k++) assertThat(sub.image(k)).containsExactly(idx[k], -idx[k]);
  }

  @Test void negativeSizesAreRefusedInOneLine() {
    assertThatThrownBy(() -> Subsets.indices(10, -1, 0)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("a subset of -1 of 10 images: both must be at least 0");
  }
}
