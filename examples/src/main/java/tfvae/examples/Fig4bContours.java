package tfvae.examples;

import tfvae.GridPosterior;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;
import tfvae.data.Images;

/**
 * Figure 4(b), contours: SVI for p(z | top half) of a test image chosen by the seed, drawn against the exact posterior
 * on a grid. Reuses out/model.ckpt when present.
 */
public final class Fig4bContours {
  private Fig4bContours() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      Images test = ws.data().test();
      int i = VaeFigures.differentClasses(test, 1, ws.seed())[0];
      PosteriorFit q = model.fitPosterior(test.topHalf().image(i), SviOptions.builder().seed(ws.seed()).build());
      GridPosterior exact = model.exactPosterior(test.topHalf().image(i), q);
      ws.save(VaeFigures.posteriorContours(exact, "test image " + i + " (a " + test.label(i) + ")"));
      System.out.printf("KL(q || p) %.3f nats; log p(top) %.3f, ELBO(q) %.3f%n", exact.klFromQ(), exact.logEvidence(), q.elbo());
    }
  }
}
