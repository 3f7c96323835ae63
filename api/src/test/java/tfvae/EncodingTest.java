package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncodingTest {
  @Test void itIsAValueThatCopiesComparesAndPrintsByContent() {
    float[][] mean = {{0.125f, -1.3f}, {2f, 0f}}, logStd = {{-2.1f, -1.95f}, {0f, 0.5f}};
    Encoding e = new Encoding(mean, logStd);
    mean[0][0] = 99f; // the caller's array is not the encoding's
    assertThat(e.mean()[0][0]).isEqualTo(0.125f);
    e.mean()[0][0] = 99f; // nor is the array it hands out
    assertThat(e.mean()[0][0]).isEqualTo(0.125f);
    Encoding same = new Encoding(new float[][] {{0.125f, -1.3f}, {2f, 0f}}, new float[][] {{-2.1f, -1.95f}, {0f, 0.5f}});
    assertThat(e).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(e).isNotEqualTo(new Encoding(new float[][] {{0.125f, -1.3f}, {2f, 0.1f}}, logStd));
    assertThat(e.count()).isEqualTo(2);
    assertThat(e).hasToString("Encoding[2 images, latent 2: mean (0.13, -1.30) log-std (-2.10, -1.95); mean (2.00, 0.00) log-std (0.00, 0.50)]");
  }

  @Test void mismatchedShapesAreRefused() {
    assertThatThrownBy(() -> new Encoding(new float[][] {{1f, 2f}}, new float[][] {{1f}})).isInstanceOf(InvalidConfigException.class)
        .hasMessage("row 0 of the encoding has 2 means and 1 log-stds; every row needs 2 of each");
    assertThatThrownBy(() -> new Encoding(new float[2][2], new float[3][2])).isInstanceOf(InvalidConfigException.class)
        .hasMessage("mean has 2 rows but logStd has 3");
  }
}
