package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.Likelihood;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/**
 * Issue 21, section 5: scripts/check-npz computes the likelihood the npz's metadata names. Oracle: the model's own test
 * ELBO; both are single-sample means over the same 100 images with different noise, so they agree to about a nat (the
 * check's five draws spread by a few tenths). The old check scored a continuous-Bernoulli model as a Bernoulli one
 * (-490 nats for a model at +56). Needs a python3 with NumPy (skipped without one).
 */
class CheckNpzTest {
  @TempDir Path dir;

  private static boolean numpy() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private double checkNpz(Path weights) throws Exception {
    Process p = new ProcessBuilder(List.of(ReadmeExampleTest.ROOT.resolve("scripts/check-npz").toString(), "--weights", weights.toString(),
        "--data", ReadmeExampleTest.FIXTURE.toString(), "--train", "200", "--test", "100")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("5 draws: .* nats, mean (-?[0-9.]+),").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test void theContinuousBernoulliAndGaussianModelsAreScoredUnderTheirOwnLikelihoods() throws Exception {
    Assumptions.assumeTrue(numpy(), "python3 with NumPy");
    DataSplit gray = DataSplit.assignment(ReadmeExampleTest.FIXTURE, 200, 100); // as scripts/reproduce gives the continuous likelihoods
    for (Likelihood l : List.of(Likelihood.CONTINUOUS_BERNOULLI, Likelihood.GAUSSIAN)) {
      Vae spec = Vae.builder().dataDim(784).encoder(32, 16).decoder(16).likelihood(l).seed(1).build();
      try (TrainedVae model = spec.train(DataSplit.trainingOnly(gray.train()),
        TrainOptions.builder().epochs(3).batchSize(50).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model()) {
        Path w = dir.resolve(l.cliName() + ".npz");
        model.exportNpz(w);
        assertThat(checkNpz(w)).as(l.cliName()).isCloseTo(model.elbo(gray.test()), within(1.5));
      }
    }
  }
}
