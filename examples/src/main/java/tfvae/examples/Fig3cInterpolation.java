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
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * Figure 3(c): interpolation between the encodings of 3 pairs of training images of different digits, chosen
 * by the seed.
 *
 * <p>The same library calls as {@code scripts/fig-3c-interpolation.jsh}: load the data, reuse {@code out/model.ckpt} or train
 * by the assignment's protocol (and save it there), draw, save as PNG and SVG.
 */
public final class Fig3cInterpolation {
  private Fig3cInterpolation() {}

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
      Images train = data.train();
      int[][] pairs = VaeFigures.interpolationPairs(train, 3, seed);
      for (int[] p : pairs) System.out.printf("pair: image %d (a %d) and image %d (b %d)%n", p[0], train.label(p[0]), p[1], train.label(p[1]));
      Figure figure = VaeFigures.interpolation(model, train, pairs, 10);
      System.out.println("wrote " + figure.save(out));
    }
  }
}
