package tfvae.examples;

import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;

/** Figure 3(a): z from the prior; Bernoulli means and a binary sample of each. Reuses out/model.ckpt when present (see {@link Workspace}). */
public final class Fig3aPriorSamples {
  private Fig3aPriorSamples() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      ws.save(VaeFigures.priorSamplesAndBinary(model, 10, ws.seed()));
    }
  }
}
