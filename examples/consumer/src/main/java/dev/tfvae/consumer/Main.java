package dev.tfvae.consumer;

import java.nio.file.Path;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/** Usage: {@code Main DATA_DIR [N_TRAIN N_TEST]}: trains the assignment's VAE for 2 epochs and prints the test ELBO. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    DataSplit data = args.length >= 3 ? DataSplit.assignment(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).binarize()
        : DataSplit.assignment(Path.of(args[0])).binarize();
    TrainOptions options = TrainOptions.builder().epochs(2).progress(false).build();
    try (TrainedVae model = Vae.builder().seed(0).build().train(data, options, CheckpointPolicy.REPLACE).model()) {
      System.out.printf(java.util.Locale.ROOT, "test ELBO %.2f nats%n", model.elbo(data.test()));
    }
  }
}
