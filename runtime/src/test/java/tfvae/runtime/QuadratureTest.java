package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.Evidence;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * The evidence quadrature against plain-Java double sums of the model's own joint values, and its report of whether
 * it met the tolerance. A small model trained briefly on the fixture (its posteriors are narrower than the prior).
 */
class QuadratureTest {
  static DataSplit data;
  static TfVae model;

  @BeforeAll static void train() {
    data = Fixtures.mnist();
    model = (TfVae) Fixtures.small().train(data.train(), tfvae.TrainOptions.builder().epochs(20).testEvery(0).progress(false).build());
  }

  @AfterAll static void close() { model.close(); }

  /** Plain Java log sum_k exp(v_k + w_k) in double, -inf for an empty sum. */
  private static double logSumExp(double[] v, float[] w) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v.length; k++) max = Math.max(max, v[k] + w[k]);
    if (max == Double.NEGATIVE_INFINITY) return max;
    double sum = 0;
    for (int k = 0; k < v.length; k++) sum += Math.exp(v[k] + w[k] - max);
    return max + Math.log(sum);
  }

  @Test void logSumJointIsTheDoubleLogSumExpOfTheJointAndMinusInfinityWhereEveryWeightIs() {
    Images few = data.test().slice(0, 3);
    int points = GridKernels.GRID_CHUNK + 1000; // two chunks of points
    float[] z = new float[2 * points];
    for (int k = 0; k < points; k++) {
      z[2 * k] = -3f + 6f * (k % 100) / 99;
      z[2 * k + 1] = -3f + 6f * (k / 100) / (points / 100);
    }
    float[] spread = new float[points], firstChunkEmpty = new float[points], empty = new float[points];
    for (int k = 0; k < points; k++) {
      spread[k] = (float) Math.log(1 + k % 7);
      firstChunkEmpty[k] = k < GridKernels.GRID_CHUNK || k % 2 == 1 ? Float.NEGATIVE_INFINITY : 0f; // a chunk inside an odd row
      empty[k] = Float.NEGATIVE_INFINITY;
    }
    double[][] joint = model.grid().logJoint(few.pixels(), few.count(), cols(few.dim()), z);
    double[][] got = model.grid().logSumJoint(few.pixels(), few.count(), cols(few.dim()), z, spread, firstChunkEmpty);
    double[][] none = model.grid().logSumJoint(few.pixels(), few.count(), cols(few.dim()), z, spread, empty);
    for (int i = 0; i < few.count(); i++) {
      // float32 sums near -150 nats would be off by up to 1e-5; double sums agree to rounding
      assertThat(got[0][i]).as("image %d", i).isCloseTo(logSumExp(joint[i], spread), within(1e-10));
      assertThat(got[1][i]).as("image %d", i).isCloseTo(logSumExp(joint[i], firstChunkEmpty), within(1e-10));
      assertThat(none[0][i]).isEqualTo(got[0][i]);
      assertThat(none[1][i]).isEqualTo(Double.NEGATIVE_INFINITY);
    }
  }

  @Test void evidenceAndItsErrorEstimateAreTheDoubleSumsOverTheFinalGridAndItsEverySecondPoint() {
    Images few = data.test().slice(0, 4);
    Evidence ev = model.logEvidence(few, 0.01);
    assertThat(ev.converged()).isTrue();
    // the final grid, rebuilt from the documented rule: spacing h from the mass box's low corner, odd counts per axis
    double[] box = Quadrature.massBox(model.grid(), few.pixels(), few.count(), cols(few.dim()));
    double h = ev.spacing();
    int nx = odd((int) Math.ceil((box[1] - box[0]) / h) + 1), ny = odd((int) Math.ceil((box[3] - box[2]) / h) + 1);
    assertThat(ev.points()).isEqualTo(nx * ny);
    float[] z = new float[2 * nx * ny];
    for (int j = 0; j < ny; j++)
      for (int i = 0; i < nx; i++) {
        z[2 * (j * nx + i)] = (float) (box[0] + (box[0] + (nx - 1) * h - box[0]) * i / (nx - 1));
        z[2 * (j * nx + i) + 1] = (float) (box[2] + (box[2] + (ny - 1) * h - box[2]) * j / (ny - 1));
      }
    double[][] joint = model.grid().logJoint(few.pixels(), few.count(), cols(few.dim()), z);
    for (int k = 0; k < few.count(); k++) {
      double fine = Double.NEGATIVE_INFINITY, coarse = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
          fine = GridKernels.logAddExp(fine, joint[k][j * nx + i]);
          if (i % 2 == 0 && j % 2 == 0) coarse = GridKernels.logAddExp(coarse, joint[k][j * nx + i]);
        }
      fine += Math.log(h * h);
      coarse += Math.log(4 * h * h);
      assertThat(ev.logP()[k]).as("image %d", k).isCloseTo(fine, within(1e-9));
      // the estimate resolves far below one float32 ulp of log p(x) (1.5e-5 nats at -156): it is not quantised
      assertThat(ev.errors()[k]).as("image %d", k).isCloseTo(Math.abs(fine - coarse), within(1e-9));
    }
  }

  @Test void aMetToleranceIsReportedAsConverged() {
    Evidence ev = model.logEvidence(data.test().slice(0, 2), 0.01);
    assertThat(ev.converged()).isTrue();
    assertThat(ev.stoppedBy()).isEqualTo(Evidence.Stop.TOLERANCE_MET);
    assertThat(ev.maxError()).isLessThan(0.01);
    assertThat(ev.tolerance()).isEqualTo(0.01);
    assertThat(ev.summary()).isEqualTo(String.format(Locale.ROOT,
        "quadrature converged: largest error estimate %.2g nats, tolerance 0.0100, spacing %.3g, %d points", ev.maxError(),
        ev.spacing(), ev.points()));
  }

  @Test void hittingTheSmallestSpacingBeforeTheToleranceIsReportedAsStoppedEarly() {
    Images two = data.test().slice(0, 2);
    Evidence ev = Quadrature.evidence(model.grid(), two.pixels(), two.count(), cols(two.dim()), 1e-15, 0.03, Quadrature.MAX_EVIDENCE_POINTS);
    assertThat(ev.converged()).isFalse();
    assertThat(ev.stoppedBy()).isEqualTo(Evidence.Stop.MIN_SPACING);
    assertThat(ev.spacing()).isEqualTo(0.05); // 0.025 would be finer than 0.03
    assertThat(ev.maxError()).isGreaterThanOrEqualTo(1e-15);
    assertThat(ev.summary()).isEqualTo(String.format(Locale.ROOT, "quadrature stopped early at the smallest spacing: largest error"
        + " estimate %.2g nats, above the tolerance 1.00e-15, spacing 0.0500, %d points", ev.maxError(), ev.points()));
  }

  @Test void hittingTheLargestGridBeforeTheToleranceIsReportedAsStoppedEarly() {
    Images two = data.test().slice(0, 2);
    Evidence first = Quadrature.evidence(model.grid(), two.pixels(), two.count(), cols(two.dim()), 1e-15, 0.03, Quadrature.MAX_EVIDENCE_POINTS);
    Evidence ev = Quadrature.evidence(model.grid(), two.pixels(), two.count(), cols(two.dim()), 1e-15, Quadrature.MIN_SPACING, first.points() * 3);
    assertThat(ev.converged()).isFalse();
    assertThat(ev.stoppedBy()).isEqualTo(Evidence.Stop.MAX_POINTS);
    assertThat(ev.points()).isEqualTo(first.points()); // halving the spacing gives about 4x the points
    assertThat(ev.logP()).isEqualTo(first.logP());
    assertThat(ev.summary()).startsWith("quadrature stopped early at the largest grid: largest error estimate ");
  }

  @Test void theDefaultLimitsStopARefinementThatCannotMeetAToleranceOfZero() {
    Images one = data.test().slice(0, 1).topHalf();
    Evidence ev = model.logEvidence(one, Double.MIN_VALUE);
    assertThat(ev.converged()).isFalse();
    assertThat(ev.stoppedBy()).isIn(Evidence.Stop.MIN_SPACING, Evidence.Stop.MAX_POINTS);
    assertThat(Arrays.stream(ev.logP()).allMatch(Double::isFinite)).isTrue();
  }

  private static int odd(int v) { return v % 2 == 1 ? v : v + 1; }

  private static int[] cols(int m) { return java.util.stream.IntStream.range(0, m).toArray(); }
}
