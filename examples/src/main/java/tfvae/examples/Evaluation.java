package tfvae.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tfvae.Evidence;
import tfvae.Mask;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * The exact evaluation a 2-D latent allows, side by side with the bounds: the single-sample ELBO, the
 * importance-weighted estimates of log p(x) for growing k, and log p(x) by quadrature, all on the same images.
 * Theory orders them: ELBO &lt;= IW_k (rising with k, in expectation) &lt;= log p(x).
 */
final class Evaluation {
  /** Rows of the results: what, on how many images, the mean in nats, and the seconds it took. */
  record Row(String estimate, int images, double mean, double seconds) {}

  /**
   * The rows, and the quadrature of the subset (its grid, error estimates and whether it met its tolerance), or null
   * when the latent is not 2-D and there is no quadrature.
   */
  record Result(List<Row> rows, @org.jspecify.annotations.Nullable Evidence subset) {}

  private Evaluation() {}

  /** A seeded subset of {@code n} of the images (all of them when n &gt;= count), in index order. */
  static Images subset(Images images, int n, long seed) {
    return n >= images.count() ? images : images.select(subsetIndices(images.count(), n, seed));
  }

  /** The indices of {@link #subset}: a seeded Fisher-Yates shuffle of 0..count-1, its first n, sorted (all when n &gt;= count). */
  static int[] subsetIndices(int count, int n, long seed) {
    int[] all = new int[count];
    Arrays.setAll(all, i -> i);
    if (n >= count) return all;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = all.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1), t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] pick = Arrays.copyOf(all, n);
    Arrays.sort(pick);
    return pick;
  }

  /**
   * @param subsetSize images for the IW and quadrature rows (the ELBO row also covers them)
   * @param full also run k = 1, 10, 100 and the quadrature on all images, and k = 10000 on 100 of them
   */
  static Result run(TrainedVae model, Images test, int subsetSize, boolean full, long seed) {
    List<Row> rows = new ArrayList<>();
    Images sub = subset(test, subsetSize, seed);
    rows.add(timed("ELBO (k = 1)", sub, () -> model.importanceWeighted(sub, 1, seed)));
    for (int k : new int[] {10, 100, 1000}) rows.add(timed("IW k = " + k, sub, () -> model.importanceWeighted(sub, k, seed)));
    if (model.spec().latent() != 2) {
      if (full && sub.count() < test.count())
        for (int k : new int[] {1, 10, 100}) rows.add(timed(k == 1 ? "ELBO (k = 1)" : "IW k = " + k, test, () -> model.importanceWeighted(test, k, seed)));
      return new Result(rows, null);
    }
    // The Gaussian's posteriors are so narrow that one grid over all 1000 images' mass needs millions of points (one run
    // did not finish in 7 minutes on 2 cores): its quadrature row covers the first 100 of them
    Images quad = model.spec().likelihood() == tfvae.Likelihood.GAUSSIAN ? sub.slice(0, Math.min(100, sub.count())) : sub;
    long t0 = System.nanoTime();
    Evidence ev = model.logEvidence(quad, Mask.all(model.spec().dataDim()), 0.01);
    rows.add(new Row("quadrature log p(x)", quad.count(), ev.mean(), (System.nanoTime() - t0) / 1e9));
    if (full && sub.count() < test.count()) {
      Images hundred = subset(test, 100, seed);
      rows.add(timed("IW k = 10000", hundred, () -> model.importanceWeighted(hundred, 10000, seed)));
      for (int k : new int[] {1, 10, 100}) rows.add(timed(k == 1 ? "ELBO (k = 1)" : "IW k = " + k, test, () -> model.importanceWeighted(test, k, seed)));
      long t1 = System.nanoTime();
      Evidence all = model.logEvidence(test, Mask.all(model.spec().dataDim()), 0.01);
      rows.add(new Row("quadrature log p(x)", test.count(), all.mean(), (System.nanoTime() - t1) / 1e9));
    }
    return new Result(rows, ev);
  }

  static List<Map<String, Object>> toReport(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("estimate", r.estimate());
      m.put("images", r.images());
      m.put("mean_log_p", r.mean());
      m.put("seconds", r.seconds());
      out.add(m);
    }
    return out;
  }

  private static Row timed(String name, Images images, java.util.function.Supplier<double[]> f) {
    long t0 = System.nanoTime();
    double mean = Arrays.stream(f.get()).average().orElse(Double.NaN);
    return new Row(name, images.count(), mean, (System.nanoTime() - t0) / 1e9);
  }
}
