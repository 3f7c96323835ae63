package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Subsets}' picks of images by label, for figures: properties checked over many seeds on the fixture. */
class SubsetsPicksTest {
  static Images train;

  @BeforeAll static void load() throws URISyntaxException {
    train = DataSplit.assignment(Path.of(SubsetsPicksTest.class.getResource("/mnist-fixture").toURI()), 500, 500).train();
  }

  /**
   * Every pair has two different labels, for many seeds; while there are label pairs left (45 for 10 digits), no
   * label pair is used twice; past that, pairs still have different labels. Indices are in range, and the same
   * seed gives the same pairs.
   */
  @Test void interpolationPairsHaveDifferentLabelsAndDistinctLabelPairs() {
    int[] labels = train.labels();
    for (long seed = 0; seed < 20; seed++) {
      for (int n : new int[] {3, 10, 45, 60}) {
        int[][] pairs = Subsets.interpolationPairs(train, n, seed);
        assertThat(pairs).hasNumberOfRows(n);
        assertThat(Subsets.interpolationPairs(train, n, seed)).isDeepEqualTo(pairs);
        Set<String> used = new HashSet<>();
        for (int[] p : pairs) {
          assertThat(p).hasSize(2);
          assertThat(p[0]).isBetween(0, labels.length - 1);
          assertThat(p[1]).isBetween(0, labels.length - 1);
          assertThat(labels[p[0]]).as("seed %d, %d pairs: labels of pair %s", seed, n, Arrays.toString(p)).isNotEqualTo(labels[p[1]]);
          String key = Math.min(labels[p[0]], labels[p[1]]) + "-" + Math.max(labels[p[0]], labels[p[1]]);
          if (n <= 45) assertThat(used.add(key)).as("seed %d, %d pairs: label pair %s used twice", seed, n, key).isTrue();
        }
      }
    }
  }

  /** n indices of n different labels, in range, the same for the same seed; more labels than there are is refused. */
  @Test void differentClassesPicksOneImageOfEachOfNLabels() {
    int[] labels = train.labels();
    for (long seed = 0; seed < 20; seed++) {
      int[] picked = Subsets.differentClasses(train, 10, seed);
      assertThat(Subsets.differentClasses(train, 10, seed)).containsExactly(picked);
      assertThat(Arrays.stream(picked).map(i -> labels[i]).distinct().count()).as("seed %d", seed).isEqualTo(10);
    }
    assertThatThrownBy(() -> Subsets.differentClasses(train, 11, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("differentClasses needs 11 distinct labels");
  }
}
