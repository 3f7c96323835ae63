package tfvae.examples;

import static tfvae.examples.Env.env;
import static tfvae.examples.Env.envInts;

import java.nio.file.Path;
import tfvae.CheckpointPolicy;
import tfvae.Device;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.charts.VaeFigures;
import tfvae.data.DataSplit;

/**
 * Figure 3(a): 10 z drawn from the prior N(0, I) (not from q(z|x)); the Bernoulli means of p(x|z) and a binary
 * image sampled from each.
 *
 * <p>The same library calls as {@code scripts/fig-3a-prior-samples.jsh}: load the data, reuse {@code out/model.ckpt} or train
 * by the assignment's protocol (and save it there), draw, save as PNG and SVG.
 */
public final class Fig3aPriorSamples {
  private Fig3aPriorSamples() {}

  public static void main(String[] args) {
    Path out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (see Env)
    int[] split = envInts("TFVAE_SPLIT", 10_000, 10_000);   // training images 0..9999, test images 10000..19999
    DataSplit data = DataSplit.assignment(Path.of(env("TFVAE_DATA", "data/mnist")), split[0], split[1]).binarize();
    long seed = env("TFVAE_SEED", 0);
    Vae vae = Vae.builder().latent(2).hidden(env("TFVAE_HIDDEN", 500)).seed(seed).build();
    Device device = Device.parse(env("TFVAE_DEVICE", "cpu"));
    TrainOptions options = TrainOptions.builder().epochs(env("TFVAE_EPOCHS", 100)).device(device).progress(true).checkpoint(out.resolve("model.ckpt")).build();
    try (TrainingRun run = vae.train(data, options, CheckpointPolicy.REUSE)) {   // reuses it if it holds this run (batch 100, Adam 1e-3, ...)
      System.out.println(run.outcome() + " " + options.checkpoint() + (run.note() == null ? "" : " (" + run.note() + ")"));
      TrainedVae model = run.model();
      Figure figure = VaeFigures.priorSamplesAndBinary(model, 10, seed);
      System.out.println("wrote " + figure.save(out));
    }
  }
}
