package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tfvae.CheckpointPolicy;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.data.DataSplit;

/** {@link SviOptions#listener()}: q's path, step by step, as the fit itself reports it, without changing the fit. */
class SviListenerTest {
  record Call(int iteration, float[] mean, float[] logStd, double elbo) {}

  @Test void theListenerSeesEveryStepsStartingPointAndItsElboThenTheFit() {
    DataSplit data = Fixtures.mnist();
    try (TrainedVae model = Fixtures.small().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      float[] x = data.test().image(0);
      Mask top = Mask.topHalf(28, 28);
      List<Call> calls = new ArrayList<>();
      SviOptions.Builder options = SviOptions.builder().samples(50).iterations(30).learningRate(0.05).seed(4);
      PosteriorFit watched = model.fitPosterior(x, top, options.listener((i, m, s, e) -> calls.add(new Call(i, m, s, e))).build());
      PosteriorFit plain = model.fitPosterior(x, top, options.listener(null).build());

      assertThat(watched.mean()).as("watching does not change the fit").containsExactly(plain.mean());
      assertThat(watched.logStd()).containsExactly(plain.logStd());
      assertThat(calls).extracting(Call::iteration).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 30).boxed().toList());
      assertThat(calls.get(0).mean()).containsExactly(0f, 0f); // q starts at the prior
      assertThat(calls.get(0).logStd()).containsExactly(0f, 0f);
      double[] trace = watched.elboTrace();
      for (int i = 0; i < 30; i++) assertThat(calls.get(i).elbo()).as("step %d", i).isEqualTo(trace[i]);
      for (int i = 1; i < 30; i++) assertThat(calls.get(i).mean()).as("q moves at step %d", i).isNotEqualTo(calls.get(i - 1).mean());
      Call last = calls.get(30);
      assertThat(last.mean()).containsExactly(watched.mean());
      assertThat(last.logStd()).containsExactly(watched.logStd());
      assertThat(last.elbo()).isEqualTo(watched.elbo());
    }
  }
}
