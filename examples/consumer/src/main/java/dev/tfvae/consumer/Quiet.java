package dev.tfvae.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/**
 * Usage: {@code Quiet DATA_DIR N_TRAIN N_TEST RESULT_FILE}: trains the default VAE for one epoch with the default
 * options, evaluates the test ELBO and writes it to RESULT_FILE, printing nothing itself. run.sh checks that the
 * library printed nothing either: a library call is quiet unless asked.
 */
public final class Quiet {
  private Quiet() {}

  public static void main(String[] args) throws IOException {
    DataSplit data = DataSplit.assignment(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).binarize();
    try (TrainedVae model = Vae.builder().build().train(data, TrainOptions.builder().epochs(1).build(), CheckpointPolicy.REPLACE).model()) {
      Files.writeString(Path.of(args[3]), String.format(Locale.ROOT, "%d epoch, test ELBO %.2f nats%n",
          model.history().size(), model.elbo(data.test())));
    }
  }
}
