package tfvae.examples.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.EpochStats;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figures;
import tfvae.cli.Cli;
import tfvae.charts.ImageGrid;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * The reference program: a variational autoencoder on binarized MNIST, from the data to a saved model, in public
 * library calls read top to bottom, as PyTorch's {@code examples/vae/main.py} is. The steps: data, model, train,
 * evaluate, sample, save. Each setting is an option whose help gives its default; the defaults are the model of
 * Kingma and Welling (2013): a 2-D latent, one tanh layer of 500 units each way, Bernoulli pixels, the single-sample
 * ELBO, Adam 1e-3 on batches of 100.
 *
 * <p>Run it with {@code scripts/vae-example} (after {@code scripts/fetch-mnist}). It writes {@code model.ckpt},
 * {@code samples.png} and {@code reconstructions.png} (and their SVGs) into {@code --out}.
 */
@Command(name = "vae-example", sortOptions = false,
    description = "Trains a VAE on MNIST, evaluates it, draws samples and reconstructions, and saves it.")
public final class VaeExample implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print the options and their defaults, and exit")
  boolean help;
  @Option(names = "--data", description = "directory of the MNIST idx files (default: ${DEFAULT-VALUE})")
  Path dataDir = Path.of("data/mnist");
  @Option(names = "--out", description = "where to write the model and the figures (default: ${DEFAULT-VALUE})")
  Path out = Path.of("out/example");
  @Option(names = "--train", description = "training images: the first N of the training file (default: ${DEFAULT-VALUE})")
  int nTrain = 10_000;
  @Option(names = "--test", description = "test images: the N after them (default: ${DEFAULT-VALUE})")
  int nTest = 10_000;
  @Option(names = "--epochs", description = "passes over the training images (default: ${DEFAULT-VALUE})")
  int epochs = 10;
  @Option(names = "--batch-size", description = "images per Adam step (default: ${DEFAULT-VALUE})")
  int batchSize = 100;
  @Option(names = "--learning-rate", description = "Adam's step size (default: ${DEFAULT-VALUE})")
  double learningRate = 1e-3;
  @Option(names = "--latent", description = "dimensions of z (default: ${DEFAULT-VALUE})")
  int latent = 2;
  @Option(names = "--hidden", description = "tanh units of the encoder's and the decoder's layer (default: ${DEFAULT-VALUE})")
  int hidden = 500;
  @Option(names = "--k", description = "importance samples per test image for the IW bound (default: ${DEFAULT-VALUE})")
  int k = 100;
  @Option(names = "--seed", description = "seed of the initial weights and of all noise (default: ${DEFAULT-VALUE})")
  long seed = 0;

  @Override
  public Integer call() throws IOException {
    // 1. Data: binarized MNIST, the first nTrain images of the training file to train on and the next nTest to test.
    DataSplit data = DataSplit.assignment(dataDir, nTrain, nTest).binarize();
    Images test = data.test();
    System.out.printf("data: %d training and %d test images of %d pixels%n",
        data.train().count(), test.count(), test.dim());

    // 2. Model: q(z|x) and p(x|z) as MLPs, p(z) = N(0, I).
    Vae vae = Vae.builder().latent(latent).hidden(hidden).seed(seed).build();
    System.out.println("model: latent " + vae.latent() + ", layers " + vae.layersText());

    // 3. Train afresh with Adam, one line per epoch. The model owns TensorFlow's graph and session; closing the run
    //    closes it.
    TrainOptions options = TrainOptions.builder()
        .epochs(epochs).batchSize(batchSize).learningRate(learningRate)
        .listener(VaeExample::printEpoch)
        .build();
    Files.createDirectories(out);
    try (TrainingRun run = vae.train(data, options, CheckpointPolicy.REPLACE)) {
      TrainedVae model = run.model();

      // 4. Evaluate: the ELBO and the tighter importance-weighted bound on log p(x), in nats per test image.
      double elbo = model.elbo(test);
      double iw = mean(model.importanceWeighted(test, k, seed));
      System.out.printf("test ELBO %.2f nats, IW k = %d %.2f nats (%d test images)%n", elbo, k, iw, test.count());

      // 5. Sample: 64 digits from the prior, and 8 test digits above their reconstructions (the means of p(x|z)).
      float[][] samples = model.decodeMeans(model.samplePrior(64, seed));
      save(samples, 8, 8, "64 samples from the prior", "samples");
      Images first = test.slice(0, 8);
      Images reconstructions = Images.ofRows(model.reconstruct(first), first.height(), first.width());
      save(first.concat(reconstructions).toRows(), 2, 8, "test digits (top) and their reconstructions", "reconstructions");

      // 6. Save: a checkpoint that Vae.load reads back (architecture, parameters, Adam's state, history).
      Path checkpoint = out.resolve("model.ckpt");
      model.save(checkpoint);
      System.out.println("wrote " + checkpoint + ", " + out.resolve("samples.png") + ", "
          + out.resolve("reconstructions.png"));
    }
    return 0;
  }

  /** One line per epoch: the train ELBO is the mean over the epoch's batches, the test ELBO over all test images. */
  static void printEpoch(EpochStats s) {
    System.out.printf("epoch %3d  train ELBO %8.2f  test ELBO %8.2f nats  %5.1f s%n",
        s.epoch(), s.trainElbo(), s.testElbo(), s.seconds());
  }

  /** A grid of images in three steps: dataset, chart, files ({@code out/NAME.png} and {@code .svg}). */
  void save(float[][] images, int rows, int cols, String title, String name) {
    var dataset = ImageGrid.dataset(images, rows, cols);
    var chart = ImageGrid.chart(dataset, title);
    Figures.save(chart, out.resolve(name), 100 * cols, 60 + 100 * rows);
  }

  static double mean(double[] values) { return Arrays.stream(values).average().orElse(Double.NaN); }

  /** Bad input (an unknown option, a missing data directory, a value out of range) ends with one line and status 2. */
  public static void main(String[] args) { Cli.run(new VaeExample(), args); }
}
