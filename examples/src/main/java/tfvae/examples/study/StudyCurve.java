package tfvae.examples.study;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.PosteriorKl;
import tfvae.io.AtomicFiles;

/**
 * What a training run measured while it trained, which a reused checkpoint cannot give again: per evaluation epoch,
 * the exact held-out log p(x) and (for the gap-curve models) the exact mean ELBO, log p(x) and KL on the test subset.
 * Stored beside the checkpoint as {@code curve.json} with a key naming the run and the evaluation settings, so that a
 * second study run reuses both only when both match.
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

  String key;
  List<Point> points = new ArrayList<>();

  StudyCurve(String key) { this.key = key; }

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

  /** @return the stored curve of {@code file} when its key is {@code key}, else null (missing, other key, unreadable) */
  static @Nullable StudyCurve read(Path file, String key) {
    if (!Files.isRegularFile(file)) return null;
    try {
      StudyCurve c = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StudyCurve.class);
      return c != null && key.equals(c.key) && c.points != null ? c : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void write(Path file) {
    String json = GSON.toJson(this) + "\n";
    AtomicFiles.writeString(file, json);
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
