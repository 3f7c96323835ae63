package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tfvae.CheckpointPolicy;
import tfvae.Evidence;
import tfvae.Likelihood;
import tfvae.Mask;
import tfvae.MemoryLimitException;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.internal.Npy;

/** Issue 21, section 3: what a model and a call need is estimated first and refused in one line; large requests are chunked. */
class MemoryBudgetTest {
  @Test void theParameterCountIsTheSizeOfEveryParameterTheGraphHolds() {
    Vae spec = Vae.builder().dataDim(30).encoder(7, 5).decoder(6).latent(3).likelihood(Likelihood.GAUSSIAN).build();
    try (TfVae model = new TfVae(spec)) {
      Map<String, Npy.Array> vars = model.variables();
      long want = 0;
      for (String name : new VaeNetwork(spec).params()) want += vars.get(name).floats().length;
      // by hand: 30*7+7 + 7*5+5 + 5*6+6 + 3*6+6 + 6*30+30 + 6*30+30 (the log-std head)
      assertThat(want).isEqualTo(217 + 40 + 36 + 24 + 210 + 210);
      assertThat(MemoryBudget.parameters(spec)).isEqualTo(want);
    }
  }

  @Test void aModelTooLargeForTheLimitsIsRefusedNamingTheNeedAndTheLimit() {
    Vae big = Vae.builder().dataDim(784).encoder(8192, 8192).decoder(8192, 8192).build();
    long p = 784L * 8192 + 8192 + 8192L * 8192 + 8192 + 8192L * 4 + 4 + 2L * 8192 + 8192 + 8192L * 8192 + 8192 + 8192L * 784 + 784;
    assertThat(MemoryBudget.parameters(big)).isEqualTo(p);
    long gb = 1L << 30;
    assertThatThrownBy(() -> MemoryBudget.checkModel(big, gb, 16 * gb, 32 * gb)).isInstanceOf(MemoryLimitException.class)
        .hasMessage("the model's 147,145,492 parameters (encoder [8192, 8192], decoder [8192, 8192], dataDim 784) need about 3.3 GB"
            + " of Java heap to save a checkpoint (parameters and Adam's state copied out), above this JVM's limit of 1.0 GB (-Xmx);"
            + " use narrower or fewer hidden layers, or raise -Xmx (the scripts read TFVAE_JAVA_OPTS)");
    assertThatThrownBy(() -> MemoryBudget.checkModel(big, 16 * gb, gb, 2 * gb)).isInstanceOf(MemoryLimitException.class)
        .hasMessage("the model's 147,145,492 parameters (encoder [8192, 8192], decoder [8192, 8192], dataDim 784) need about 2.7 GB"
            + " of native memory with Adam's state, above the bound of 1.0 GB (half of this machine's 2.0 GB); use narrower or fewer"
            + " hidden layers");
    MemoryBudget.checkModel(big, 16 * gb, 16 * gb, 32 * gb); // fits
  }

  @Test void samplePriorOfMoreRowsThanTheHeapHoldsIsRefusedAndTheModelStaysUsable() {
    try (TrainedVae model = new TfVae(Fixtures.small())) {
      assertThatThrownBy(() -> model.samplePrior(Integer.MAX_VALUE, 1)).isInstanceOf(MemoryLimitException.class)
          .hasMessageStartingWith("samplePrior(2147483647) would return 2,147,483,647 rows of 2 values: about 64.0 GB of Java heap,"
              + " above the ").hasMessageEndingWith(" (-Xmx); ask for fewer rows per call, or raise -Xmx");
      assertThat(model.samplePrior(3, 1)).hasDimensions(3, 2);
    }
  }

  @Test void samplePriorBeyondOneRunIsTheFirstRunFollowedByFreshlySeededParts() {
    try (TrainedVae model = new TfVae(Fixtures.small())) {
      int n = TfVae.PRIOR_ROWS + 3;
      float[][] all = model.samplePrior(n, 5), first = model.samplePrior(TfVae.PRIOR_ROWS, 5);
      assertThat(all[TfVae.PRIOR_ROWS - 1]).containsExactly(first[TfVae.PRIOR_ROWS - 1]); // part 0 is the unchunked draw
      assertThat(all[TfVae.PRIOR_ROWS]).isNotEqualTo(first[0]); // part 1 has its own noise
      double sum = 0, sq = 0;
      for (float[] r : all) for (float v : r) { sum += v; sq += (double) v * v; }
      assertThat(sum / (2.0 * n)).isCloseTo(0, within(0.01)); // N(0, 1): 2 million values, standard error 7e-4
      assertThat(sq / (2.0 * n)).isCloseTo(1, within(0.01));
    }
  }

  /**
   * More draws than one run decodes: the parts combine into the estimate of all k draws. Oracle: the quadrature log p(x)
   * of a 2-D model, which the importance-weighted estimate approaches from below as k grows; 30000 draws on a model
   * trained 30 epochs come within a few tenths of a nat.
   */
  @Test void importanceWeightedWithMoreDrawsThanOneRunCombinesItsPartsTowardsTheQuadrature() {
    DataSplit data = Fixtures.mnist();
    try (TrainedVae model = Fixtures.small().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(30), CheckpointPolicy.REPLACE).model()) {
      Images two = data.test().slice(0, 2);
      int k = 3 * ImportanceWeighting.rowsPerRun(model.spec().dataDim()) + 7;
      double[] iw = model.importanceWeighted(two, k, 0), elbo = model.importanceWeighted(two, 1, 0);
      Evidence exact = model.logEvidence(two, Mask.all(two.dim()), 0.01);
      for (int i = 0; i < 2; i++) {
        assertThat(iw[i]).as("image %d", i).isCloseTo(exact.logP()[i], within(0.5)).isGreaterThan(elbo[i]);
      }
    }
  }
}
