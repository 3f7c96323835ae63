package tfvae.examples;

import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;

/** Figure 3(c): interpolation between the encodings of 3 pairs of training images. Reuses out/model.ckpt when present. */
public final class Fig3cInterpolation {
  private Fig3cInterpolation() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      int[][] pairs = VaeFigures.interpolationPairs(ws.data().train(), 3, ws.seed());
      ws.save(VaeFigures.interpolation(model, ws.data().train(), pairs, 10));
    }
  }
}
