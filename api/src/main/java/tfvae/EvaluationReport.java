package tfvae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.data.Subsets;

/**
 * What {@link TrainedVae#evaluate} measured: the single-sample ELBO, the importance-weighted estimates of log p(x) for
 * growing k, and log p(x) by quadrature (2-D latent), all on the same images. Theory orders them: ELBO &lt;= IW_k
 * (rising with k, in expectation) &lt;= log p(x).
 *
 * @param rows the estimates in the order measured
 * @param subset the quadrature of the subset (its grid, error estimates and whether it met its tolerance), or null
 *     when the latent is not 2-D and there is no quadrature
 */
public record EvaluationReport(List<Row> rows, @Nullable Evidence subset) {
  /**
   * One estimate.
   *
   * @param estimate what: "ELBO (k = 1)", "IW k = 100", "quadrature log p(x)" ("quadrature log p(x | c)" for a conditional model)
   * @param images on how many images
   * @param mean its mean over them, in nats per image
   * @param seconds the seconds it took
   */
  public record Row(String estimate, int images, double mean, double seconds) {}

  /**
   * @param rows the estimates in the order measured (copied)
   * @param subset the quadrature of the subset, or null without one
   */
  public EvaluationReport {
    rows = List.copyOf(rows);
  }

  /** The one implementation of {@link TrainedVae#evaluate}. */
  static EvaluationReport of(TrainedVae model, Images test, EvaluationOptions o) {
    long seed = o.seed();
    List<Row> rows = new ArrayList<>();
    Images sub = Subsets.of(test, o.subsetSize(), seed);
    rows.add(timed("ELBO (k = 1)", sub, () -> model.importanceWeighted(sub, 1, seed)));
    for (int k : new int[] {10, 100, 1000}) rows.add(timed("IW k = " + k, sub, () -> model.importanceWeighted(sub, k, seed)));
    if (model.spec().latent() != 2) {
      if (o.full() && sub.count() < test.count())
        for (int k : new int[] {1, 10, 100}) rows.add(timed(k == 1 ? "ELBO (k = 1)" : "IW k = " + k, test, () -> model.importanceWeighted(test, k, seed)));
      return new EvaluationReport(rows, null);
    }
    // The Gaussian's posteriors are so narrow that one grid over all 1000 images' mass needs millions of points (one run
    // did not finish in 7 minutes on 2 cores): its quadrature row covers the first 100 of them
    Images quad = model.spec().likelihood() == Likelihood.GAUSSIAN ? sub.slice(0, Math.min(100, sub.count())) : sub;
    long t0 = System.nanoTime();
    Evidence ev = model.logEvidence(quad, Mask.all(model.spec().dataDim()), o.tolerance());
    String exact = model.spec().condition() == null ? "quadrature log p(x)" : "quadrature log p(x | c)";   // a conditional model's
    rows.add(new Row(exact, quad.count(), ev.mean(), (System.nanoTime() - t0) / 1e9));
    if (o.full() && sub.count() < test.count()) {
      Images hundred = Subsets.of(test, 100, seed);
      rows.add(timed("IW k = 10000", hundred, () -> model.importanceWeighted(hundred, 10000, seed)));
      for (int k : new int[] {1, 10, 100}) rows.add(timed(k == 1 ? "ELBO (k = 1)" : "IW k = " + k, test, () -> model.importanceWeighted(test, k, seed)));
      long t1 = System.nanoTime();
      Evidence all = model.logEvidence(test, Mask.all(model.spec().dataDim()), o.tolerance());
      rows.add(new Row(exact, test.count(), all.mean(), (System.nanoTime() - t1) / 1e9));
    }
    return new EvaluationReport(rows, ev);
  }

  private static Row timed(String name, Images images, Supplier<double[]> f) {
    long t0 = System.nanoTime();
    double mean = Arrays.stream(f.get()).average().orElse(Double.NaN);
    return new Row(name, images.count(), mean, (System.nanoTime() - t0) / 1e9);
  }
}
