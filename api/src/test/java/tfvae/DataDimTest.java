package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tfvae.data.Images;

/** A spec that takes its dataDim from the data says what is wrong with data too wide for a model: the data, not a field. */
class DataDimTest {
  @Test void dataWiderThanAModelTakesIsABadDataExceptionAboutTheData() {
    Images wide = Images.vectors(new float[Vae.MAX_DATA_DIM + 1], Vae.MAX_DATA_DIM + 1, null);
    assertThatThrownBy(() -> Vae.builder().build().resolvedFor(wide)).isInstanceOf(BadDataException.class)
        .hasMessage("the data has 65537 values per example, more than the 65536 a model takes (dataDim); reduce the examples'"
            + " dimension first (e.g. downsample the images)");
    assertThat(Vae.builder().build().resolvedFor(Images.vectors(new float[3], 3, null)).dataDim()).isEqualTo(3);
  }
}
