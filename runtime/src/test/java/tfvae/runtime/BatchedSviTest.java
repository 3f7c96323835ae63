package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.BadDataException;
import tfvae.CheckpointPolicy;
import tfvae.Encoding;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * {@link TrainedVae#fitPosteriors}: many images' SVI in one graph. Each image's fit must not depend on the others,
 * must reach what the one-image SVI reaches, and must be judged by the exact posterior, not by its own estimate.
 */
class BatchedSviTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    data = Fixtures.mnist();
    model = Fixtures.small().train(DataSplit.trainingOnly(data.train()), tfvae.TrainOptions.builder().epochs(300).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  private static final SviOptions OPTIONS = SviOptions.builder().samples(64).iterations(300).learningRate(0.05).seed(3).build();

  @Test void anImagesFitDoesNotDependOnTheOtherImagesOfTheBatch() {
    Images three = data.test().slice(0, 3);
    List<PosteriorFit> together = model.fitPosteriors(three, null, OPTIONS);
    // image 0 alone: its noise is the first K rows of the batch's noise (stateless Philox), so its path is the same
    List<PosteriorFit> alone = model.fitPosteriors(three.slice(0, 1), null, OPTIONS);
    assertThat(together).hasSize(3);
    assertThat(alone.get(0).mean()).containsExactly(together.get(0).mean(), org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(alone.get(0).logStd()).containsExactly(together.get(0).logStd(), org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(alone.get(0).elboTrace()[OPTIONS.iterations() - 1]).isCloseTo(together.get(0).elboTrace()[OPTIONS.iterations() - 1], within(1e-3));
    // and the three images do not share one answer
    assertThat(together.get(1).mean()[0]).isNotEqualTo(together.get(0).mean()[0]);
  }

  @Test void theBatchedFitIsAsGoodAsTheOneImageSviByTheExactPosterior() {
    // two images: the first on the one-image SVI's own noise, the second on other rows of the batch's noise
    Images two = data.test().slice(4, 6);
    SviOptions o = SviOptions.builder().samples(500).iterations(400).learningRate(0.05).seed(1).build();
    List<PosteriorFit> fits = model.fitPosteriors(two, null, o);
    Mask all = Mask.prefix(784, 784);
    for (int i = 0; i < two.count(); i++) {
      PosteriorFit single = model.fitPosterior(two.image(i), all, o);
      GridPosterior exactBatched = model.exactPosterior(two.image(i), all, fits.get(i));
      GridPosterior exactSingle = model.exactPosterior(two.image(i), all, single);
      // KL(q || p(z|x)) on the grid: no Monte Carlo in the comparison
      if (i == 0) { // the same noise as the one-image SVI (the batch's first K rows), so the same path to float precision
        assertThat(fits.get(0).mean()).containsExactly(single.mean(), org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(fits.get(0).logStd()).containsExactly(single.logStd(), org.assertj.core.data.Offset.offset(1e-4f));
      }
      assertThat(exactBatched.klFromQ()).as("image %d", i).isGreaterThanOrEqualTo(0).isLessThan(exactSingle.klFromQ() + 0.02);
      // its own final estimate (1000 fresh draws) is an ELBO: log p(x) - KL, to its Monte Carlo noise
      assertThat(fits.get(i).elbo()).as("image %d", i).isCloseTo(exactBatched.logEvidence() - exactBatched.klFromQ(), within(0.1));
    }
  }

  @Test void startingAtTheEncodersQGivesAnElboNoWorseThanTheEncoders() {
    Images five = data.test().slice(8, 13);
    Encoding enc = model.encode(five);
    List<PosteriorFit> fits = model.fitPosteriors(five, enc, OPTIONS);
    Mask all = Mask.prefix(784, 784);
    for (int i = 0; i < five.count(); i++) {
      PosteriorFit encoderQ = new PosteriorFit(enc.mean()[i], enc.logStd()[i], new double[0], 0, 0);
      double klEncoder = model.exactPosterior(five.image(i), all, encoderQ).klFromQ();
      double klFit = model.exactPosterior(five.image(i), all, fits.get(i)).klFromQ();
      assertThat(klFit).as("image %d", i).isLessThanOrEqualTo(klEncoder + 1e-3);
      // the trace starts at the encoder's q: its first estimate is the encoder's ELBO, to the noise of 64 draws
      assertThat(fits.get(i).elboTrace()[0]).isCloseTo(model.exactPosterior(five.image(i), all, encoderQ).logEvidence() - klEncoder, within(3.0));
    }
  }

  @Test void badImagesAndStartsAreRefused() {
    assertThatThrownBy(() -> model.fitPosteriors(Images.vectors(new float[10], 10, null), null, OPTIONS))
        .isInstanceOf(BadDataException.class);
    Images two = data.test().slice(0, 2);
    assertThatThrownBy(() -> model.fitPosteriors(two, model.encode(data.test().slice(0, 3)), OPTIONS))
        .isInstanceOf(BadDataException.class).hasMessage("start has 3 rows for 2 images");
  }
}
