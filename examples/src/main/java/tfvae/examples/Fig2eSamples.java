package tfvae.examples;

import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;

/** Figure 2(e): 20 samples from the prior, as Bernoulli means. Reuses out/model.ckpt when present (see {@link Workspace}). */
public final class Fig2eSamples {
  private Fig2eSamples() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      ws.save(VaeFigures.priorSamples(model, 20, ws.seed()));
    }
  }
}
