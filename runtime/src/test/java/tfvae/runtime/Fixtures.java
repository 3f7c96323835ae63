package tfvae.runtime;

import java.nio.file.Path;
import tfvae.Device;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.spi.Backends;

/** The committed MNIST fixture (api's test resources) and a small, fast model. */
final class Fixtures {
  static final Path MNIST = Path.of("..", "api", "src", "test", "resources", "mnist-fixture");

  private Fixtures() {}

  /** 500 training and 500 test images of the fixture's 1000, binarized. */
  static DataSplit mnist() { return DataSplit.assignment(MNIST, 500, 500).binarize(); }

  static Vae small() { return Vae.builder().dataDim(784).hidden(64).seed(3).build(); }

  /** A model with {@code spec}'s initial (untrained) parameters on the CPU (784 values when {@code dataDim} is unset). */
  static TrainedVae untrained(Vae spec) {
    return Backends.get().create(spec.dataDim() == Vae.FROM_DATA ? spec.toBuilder().dataDim(Vae.DEFAULT_DATA_DIM).build() : spec, Device.CPU);
  }

  static TrainOptions quick(int epochs) { return TrainOptions.builder().epochs(epochs).progress(false).build(); }
}
