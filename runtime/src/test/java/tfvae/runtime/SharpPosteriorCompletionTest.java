package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tfvae.CheckpointPolicy;
import tfvae.GridPosterior;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * Issue 21, section 6: a Gaussian model on an unscaled table (columns up to a few thousand, like scikit-learn's
 * breast-cancer table) has a sharp exact posterior whose grid does not converge; completing a row with column 3 hidden
 * used to copy the whole grid once per grid point and did not return. The timeout is a hang guard, not a speed claim.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharpPosteriorCompletionTest {
  /** 120 rows of 30 columns: column c has scale 10^(c % 4) (1 to 1000), values up to a few thousand, correlated through a row factor. */
  static Images table() {
    SplittableRandom rnd = new SplittableRandom(21);
    int n = 120, d = 30;
    float[] v = new float[n * d];
    for (int i = 0; i < n; i++) {
      double f = 1 + rnd.nextDouble();
      for (int c = 0; c < d; c++) v[i * d + c] = (float) (Math.pow(10, c % 4) * (f + 0.1 * rnd.nextDouble()) * (1 + c % 3));
    }
    return Images.vectors(v, d, null);
  }

  @Test void completingARowOfASharpUnconvergedPosteriorReturnsAndSaysTheGridDidNotConverge() {
    Images rows = table();
    Vae spec = Vae.builder().dataDim(30).hidden(32).likelihood(Likelihood.GAUSSIAN).seed(0).build();
    try (TrainedVae model = spec.train(DataSplit.trainingOnly(rows), TrainOptions.builder().epochs(2).batchSize(25).testEvery(0).progress(false).build(),
        CheckpointPolicy.REPLACE).model()) {
      boolean[] obs = new boolean[30];
      java.util.Arrays.fill(obs, true);
      obs[3] = false;
      Mask mask = Mask.of(obs);
      float[] x = rows.image(0);
      GridPosterior exact = model.exactPosterior(x, mask, null);
      assertThat(exact.converged()).as("the case: a sharp posterior whose grid stops at its largest size").isFalse();
      tfvae.Completed c = model.completion(x, mask, 1, 0);
      assertThat(c.converged()).isEqualTo(exact.converged());
      assertThat(c.gridError()).isEqualTo(exact.error());
      float[] done = c.values();
      for (int k = 0; k < 30; k++) if (k != 3) assertThat(done[k]).isEqualTo(x[k]);
      assertThat(done[3]).isFinite();
      assertThat(model.completion(x, mask, 1, 0).values()).containsExactly(done);
      // samples below 1 are refused whatever the latent (a 2-D latent used to ignore them)
      assertThatThrownBy(() -> model.completion(x, mask, 0, 0)).isInstanceOf(InvalidConfigException.class)
          .hasMessage("samples must be at least 1, got 0 (the draws from q when the latent is not 2-D)");
    }
  }
}
