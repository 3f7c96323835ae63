package tfvae.examples.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.cli.Cli;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/** Seconds for part 4 and the exact evaluation on a trained checkpoint. Prints numbers; asserts nothing. */
@Command(name = "benchmark-part4", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Times SVI for p(z | top half) and the exact evaluation (quadrature and importance weighting).")
public final class Part4Benchmark implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "MNIST idx directory")
  Path data = Path.of("data/mnist");

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "a trained model (scripts/reproduce writes out/model.ckpt)")
  Path checkpoint = Path.of("out/model.ckpt");

  @Option(names = "--samples", paramLabel = "K", description = "SVI samples per iteration")
  int samples = 10_000;

  @Option(names = "--iterations", paramLabel = "N", description = "SVI iterations")
  int iterations = 1000;

  @Option(names = "--images", paramLabel = "N", description = "test images for the exact evaluation")
  int images = 1000;

  public static void main(String[] args) { Cli.run(new Part4Benchmark(), args); }

  @Override public Integer call() {
    Images test = DataSplit.assignment(data).binarize().test();
    try (TrainedVae model = Vae.load(checkpoint)) {
      float[] x = test.image(0);
      Mask top = Mask.topHalf(28, 28);
      PosteriorFit q = model.fitPosterior(x, top, SviOptions.builder().samples(samples).iterations(iterations).build());
      System.out.printf("SVI K=%d, %d iterations: %.1f s (%.1f ms per iteration), ELBO %.3f%n", samples, iterations, q.seconds(),
          1000 * q.seconds() / iterations, q.elbo());
      long t0 = System.nanoTime();
      GridPosterior exact = model.exactPosterior(x, top, q);
      System.out.printf("exact posterior of one top half: %.2f s, %d x %d grid, log p(top) %.3f, KL(q || p) %.4f%n",
          (System.nanoTime() - t0) / 1e9, exact.xs().length, exact.ys().length, exact.logEvidence(), exact.klFromQ());
      tfvae.EvaluationReport result = model.evaluate(test, tfvae.EvaluationOptions.defaults().withSubsetSize(images));
      for (tfvae.EvaluationReport.Row r : result.rows())
        System.out.printf("%-22s %6d images  mean %9.3f  %6.1f s%n", r.estimate(), r.images(), r.mean(), r.seconds());
      System.out.printf("quadrature grid: spacing %.4f, %d points, largest error estimate %.2e nats%n", result.subset().spacing(),
          (long) result.subset().points(), result.subset().maxError());
    }
    return 0;
  }
}
