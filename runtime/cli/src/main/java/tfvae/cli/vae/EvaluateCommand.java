package tfvae.cli.vae;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tfvae.EvaluationOptions;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;
import tfvae.cli.Evaluation;
import tfvae.cli.ImageData;
import tfvae.cli.Report;
import tfvae.data.Images;

/** {@code scripts/vae evaluate}: the ELBO and log p(x) of an image model on test images, as scripts/reproduce measures them. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Measures an image model on the test images of --data: the single-sample ELBO and the importance-weighted"
        + " log p(x) for k = 10, 100 and 1000 on a seeded subset and, for a 2-D latent, log p(x) by quadrature on it; --full adds"
        + " k = 1, 10 and 100 and the quadrature over every test image. Prints one line per estimate (nats per image; theory"
        + " orders them: ELBO <= IW-k <= log p(x)); --out writes them as JSON, as scripts/reproduce's report.json has them.",
        "--data is read as scripts/vae train reads images; only its test images are used."})
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the model.ckpt of an image model (scripts/reproduce or scripts/vae train)")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE.npz|DIR", description = "images: a .npz or an idx directory")
  Path data;

  @Mixin ImageData imageData = ImageData.standard();

  @Option(names = "--subset", paramLabel = "N", description = "test images of the seeded subset (the IW and quadrature rows)")
  int subset = EvaluationOptions.DEFAULT_SUBSET;

  @Option(names = "--full", description = "also the rows over every test image (slow: the quadrature of 10000 images takes minutes)")
  boolean full;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the subset and of the estimates' noise")
  long seed;

  @Option(names = "--out", paramLabel = "FILE.json", description = "also write the rows and the quadrature's facts here")
  Path out;

  @Override public Integer call() {
    if (subset < 1) throw new InvalidConfigException("--subset must be at least 1, got " + subset);
    imageData.check();
    if (out != null) ModelIn.checkOut(out);
    EvaluationOptions options = EvaluationOptions.defaults().withSubsetSize(subset).withFull(full).withSeed(seed);
    try (TrainedVae m = ModelIn.load(model)) {
      if (m.spec().schema() != null)
        throw new InvalidConfigException("--model " + model + " is a table model; scripts/vae score gives each row's log p(x)");
      Images test = imageData.read(data, m.spec().likelihood()).test();
      Report report = Evaluation.run(m, test, options, false);
      if (out != null) report.write(out);
    }
    if (out != null) System.err.println("wrote " + out);
    return 0;
  }
}
