package tfvae.examples;

import static tfvae.examples.Env.env;
import static tfvae.examples.Env.envInts;

import java.nio.file.Path;
import tfvae.CheckpointPolicy;
import tfvae.Device;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.charts.VaeFigures;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * Figure 4(b), contours: q(z) fitted by SVI to p(z | top half of a test image chosen by the seed), against the
 * exact posterior on a grid; the bottom pixels are unobserved and integrate out.
 *
 * <p>The same library calls as {@code scripts/fig-4b-contours.jsh}: load the data, reuse {@code out/model.ckpt} or train
 * by the assignment's protocol (and save it there), draw, save as PNG and SVG.
 */
public final class Fig4bContours {
  private Fig4bContours() {}

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
      Images test = data.test();
      int i = VaeFigures.differentClasses(test, 1, seed)[0];
      PosteriorFit q = model.fitPosterior(test.image(i), Mask.topHalf(28, 28), SviOptions.builder().seed(seed).build());   // K = 1000, 1000 steps
      GridPosterior exact = model.exactPosterior(test.image(i), Mask.topHalf(28, 28), q);
      Figure figure = VaeFigures.posteriorContours(exact, "test image " + i + " (a " + test.label(i) + ")");
      System.out.println("wrote " + figure.save(out));
      System.out.printf("KL(q || p) %.3f nats; log p(top) %.3f, ELBO(q) %.3f%n", exact.klFromQ(), exact.logEvidence(), q.elbo());
    }
  }
}
