package tfvae.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tfvae.EpochStats;
import tfvae.Evidence;
import tfvae.PosteriorKl;

/**
 * What a training run measured while it trained ({@link Study.CurveProbe}), read from its history, where the
 * checkpoint keeps it: per evaluation epoch, the exact held-out log p(x) and (for the gap-curve models) the exact mean
 * ELBO, log p(x) and KL on the test subset.
 */
final class StudyCurve {
  /** One evaluation epoch; NaN where a quantity was not measured at that epoch. */
  static final class Point {
    int epoch;
    double heldOutLogP = Double.NaN;
    double heldOutError = Double.NaN;
    int heldOutImages;
    double testElbo = Double.NaN;
    double testLogP = Double.NaN;
    double testKl = Double.NaN;
    double testKlError = Double.NaN;
    int testImages;
    double seconds;

    boolean hasHeldOut() { return !Double.isNaN(heldOutLogP); }

    boolean hasTest() { return !Double.isNaN(testKl); }

    GapPoint gapPoint(String model) { return new GapPoint(model, epoch, testElbo, testLogP, testKl, testKlError, testImages); }
  }

  /** One point of study.json's gap curve: the exact mean ELBO, log p(x) and KL of a test subset at an epoch. */
  record GapPoint(String model, int epoch, double meanElbo, double meanLogPX, double meanKlQToPosterior, double klErrorEstimate,
      int images) {}

  List<Point> points = new ArrayList<>();

  /** @return the points of the epochs of {@code history} that have measures */
  static StudyCurve of(List<EpochStats> history) {
    StudyCurve c = new StudyCurve();
    for (EpochStats e : history) if (!e.measures().isEmpty()) c.points.add(point(e));
    return c;
  }

  /** @return the measures of one evaluation: the held-out evidence, the test subset's (or null) and the seconds it took */
  static Map<String, Double> measures(Evidence heldOut, @Nullable PosteriorKl test, double seconds) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("held_out_log_p", heldOut.mean());
    m.put("held_out_error", heldOut.maxError());
    m.put("held_out_images", (double) heldOut.logP().length);
    if (test != null) {
      m.put("test_elbo", test.elbo());
      m.put("test_log_p", test.logP());
      m.put("test_kl", test.kl());
      m.put("test_kl_error", test.klError());
      m.put("test_images", (double) test.images());
    }
    m.put("seconds", seconds);
    return m;
  }

  /** @return the point of an epoch with measures */
  static Point point(EpochStats e) {
    Map<String, Double> m = e.measures();
    Point p = new Point();
    p.epoch = e.epoch();
    p.heldOutLogP = m.getOrDefault("held_out_log_p", Double.NaN);
    p.heldOutError = m.getOrDefault("held_out_error", Double.NaN);
    p.heldOutImages = m.getOrDefault("held_out_images", 0.0).intValue();
    p.testElbo = m.getOrDefault("test_elbo", Double.NaN);
    p.testLogP = m.getOrDefault("test_log_p", Double.NaN);
    p.testKl = m.getOrDefault("test_kl", Double.NaN);
    p.testKlError = m.getOrDefault("test_kl_error", Double.NaN);
    p.testImages = m.getOrDefault("test_images", 0.0).intValue();
    p.seconds = m.getOrDefault("seconds", 0.0);
    return p;
  }

  /** @return the point with the highest held-out log p(x), or null when none was measured */
  @Nullable Point bestHeldOut() {
    Point best = null;
    for (Point p : points) if (p.hasHeldOut() && (best == null || p.heldOutLogP > best.heldOutLogP)) best = p;
    return best;
  }

  /** @return the last point with a held-out value, or null */
  @Nullable Point lastHeldOut() {
    Point last = null;
    for (Point p : points) if (p.hasHeldOut()) last = p;
    return last;
  }

  /** @return the points with test-subset values, in epoch order */
  List<Point> testPoints() { return points.stream().filter(Point::hasTest).toList(); }

  /** @return consecutive test points (from, to) where the mean ELBO rose and the mean KL rose too */
  static List<PosteriorKl.Change> intervals(List<Point> test) {
    List<PosteriorKl.Change> out = new ArrayList<>();
    for (int i = 1; i < test.size(); i++) {
      Point a = test.get(i - 1), b = test.get(i);
      out.add(new PosteriorKl.Change(a.epoch, b.epoch, b.testElbo - a.testElbo, b.testKl - a.testKl, a.testKlError + b.testKlError));
    }
    return out;
  }
}
