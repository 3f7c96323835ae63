package tfvae.examples;

import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;

/** Figure 2(e) as a curve: train and test ELBO per epoch. Reuses out/model.ckpt when present (see {@link Workspace}). */
public final class Fig2eElboCurve {
  private Fig2eElboCurve() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      ws.save(VaeFigures.elboCurve(model.history()));
    }
  }
}
