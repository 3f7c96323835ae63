package tfvae.examples;

import java.util.ArrayList;
import java.util.List;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.charts.VaeFigures;
import tfvae.data.Images;

/** Figure 4(b), completions: five test digits of different classes, completed from their top halves. */
public final class Fig4bCompletion {
  private Fig4bCompletion() {}

  public static void main(String[] args) {
    Workspace ws = Workspace.fromEnv();
    try (TrainedVae model = ws.model()) {
      Images test = ws.data().test();
      int[] digits = VaeFigures.differentClasses(test, 5, ws.seed());
      List<PosteriorFit> fits = new ArrayList<>();
      for (int i : digits) fits.add(model.fitPosterior(test.topHalf().image(i), SviOptions.builder().samples(200).seed(ws.seed()).build()));
      ws.save(VaeFigures.completions(model, test, digits, fits, 1000, ws.seed()));
    }
  }
}
