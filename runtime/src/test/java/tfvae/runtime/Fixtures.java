package tfvae.runtime;

import java.nio.file.Path;
import tfvae.TrainOptions;
import tfvae.Vae;
import tfvae.data.Mnist;
import tfvae.data.DataSplit;

/** The committed MNIST fixture (api's test resources) and a small, fast model. */
final class Fixtures {
  static final Path MNIST = Path.of("..", "api", "src", "test", "resources", "mnist-fixture");

  private Fixtures() {}

  /** 500 training and 500 test images of the fixture's 1000, binarized. */
  static DataSplit mnist() { return Mnist.load(MNIST, 500, 500); }

  static Vae small() { return Vae.builder().dataDim(784).hidden(64).seed(3).build(); }

  static TrainOptions quick(int epochs) { return TrainOptions.builder().epochs(epochs).progress(false).build(); }
}
