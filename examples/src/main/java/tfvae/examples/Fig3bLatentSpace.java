package tfvae.examples;

import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;

/** Figure 3(b): the encoder means of the training images, coloured by digit. Reuses out/model.ckpt when present (see {@link Workspace}). */
public final class Fig3bLatentSpace {
  private Fig3bLatentSpace() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      ws.save(VaeFigures.latentSpace(model, ws.data().train()));
    }
  }
}
