package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.CheckpointPolicy;
import tfvae.Evidence;
import tfvae.Mask;
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
    model = (TfVae) Fixtures.small().train(DataSplit.trainingOnly(data.train()), tfvae.TrainOptions.builder().epochs(20).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model();
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

  @Test void foldLogSumJointAddsEachFoldOfPointsToItsImagesInDoubleAndMinusInfinityWhereEveryWeightIs() {
    Images few = data.test().slice(0, 3);
    int points = GridKernels.GRID_CHUNK + 1000, split = 1500; // two chunks of points, folded in two calls
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
    GridKernels.LogSums sums = new GridKernels.LogSums(3), none = new GridKernels.LogSums(3);
    // the first fold has images 2, 0 and 1; the second only 0 and 2, so image 1 sums the first 1500 points alone
    model.grid().foldLogSumJoint(few.pixels(), new int[] {2, 0, 1}, cols(few.dim()), Arrays.copyOfRange(z, 0, 2 * split),
        Arrays.copyOfRange(spread, 0, split), Arrays.copyOfRange(firstChunkEmpty, 0, split), sums);
    model.grid().foldLogSumJoint(few.pixels(), new int[] {0, 2}, cols(few.dim()), Arrays.copyOfRange(z, 2 * split, 2 * points),
        Arrays.copyOfRange(spread, split, points), Arrays.copyOfRange(firstChunkEmpty, split, points), sums);
    model.grid().foldLogSumJoint(few.pixels(), new int[] {0, 1, 2}, cols(few.dim()), z, spread, empty, none);
    double[][] got = sums.result(), nothing = none.result();
    for (int i = 0; i < few.count(); i++) {
      int to = i == 1 ? split : points;
      double[] mine = Arrays.copyOf(joint[i], to);
      // float32 sums near -150 nats would be off by up to 1e-5; double sums agree to rounding
      assertThat(got[0][i]).as("image %d", i).isCloseTo(logSumExp(mine, Arrays.copyOf(spread, to)), within(1e-10));
      if (i == 1) assertThat(got[1][i]).isEqualTo(Double.NEGATIVE_INFINITY); // its points all weigh -infinity there
      else assertThat(got[1][i]).as("image %d", i).isCloseTo(logSumExp(mine, firstChunkEmpty), within(1e-10));
      assertThat(nothing[0][i]).isCloseTo(logSumExp(joint[i], spread), within(1e-10));
      assertThat(nothing[1][i]).isEqualTo(Double.NEGATIVE_INFINITY);
    }
  }

  @Test void evidenceAndItsErrorEstimateAreTheDoubleSumsOverTheFinalGridAndItsEverySecondPoint() {
    Images few = data.test().slice(0, 40);
    Evidence ev = model.logEvidence(few, Mask.all(784), 0.01);
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

  @Test void eachImageIsSummedOverTheTilesOfTheGridThatMeetItsBox() {
    Images few = data.test().slice(0, 3);
    int tile = Quadrature.TILE;
    // given boxes: the whole union [-3, 3]^2 (spacing 0.05: 121 points, 4 tiles a side), one point, and a strip
    double[][] boxes = {{-3, 3, -3, 3}, {0.01, 0.01, 0.01, 0.01}, {-3, -2, -1, 2.5}};
    Evidence ev = Quadrature.evidence(model.grid(), few.pixels(), cols(few.dim()), boxes, Double.MAX_VALUE, Quadrature.MIN_SPACING,
        Quadrature.MAX_EVIDENCE_POINTS);
    double h = 0.05;
    assertThat(ev.spacing()).isEqualTo(h);
    assertThat(ev.points()).isEqualTo(121 * 121);
    // tiles a side are points 0..31, 32..63, 64..95, 96..120: the point at 0.01 is point 60 (tile 1), the strip's
    // x from -3 to -2 is points 0..20 (tile 0) and its y from -1 to 2.5 points 40..110 (tiles 1 to 3)
    int[][] tiles = {{0, 3, 0, 3}, {1, 1, 1, 1}, {0, 0, 1, 3}};
    double[][] joint = model.grid().logJoint(few.pixels(), few.count(), cols(few.dim()), Quadrature.grid(Quadrature.linspace(-3, 3, 121),
        Quadrature.linspace(-3, 3, 121)));
    for (int k = 0; k < 3; k++) {
      double fine = Double.NEGATIVE_INFINITY, coarse = Double.NEGATIVE_INFINITY;
      for (int j = tiles[k][2] * tile; j < Math.min(121, (tiles[k][3] + 1) * tile); j++)
        for (int i = tiles[k][0] * tile; i < Math.min(121, (tiles[k][1] + 1) * tile); i++) {
          fine = GridKernels.logAddExp(fine, joint[k][j * 121 + i]);
          if (i % 2 == 0 && j % 2 == 0) coarse = GridKernels.logAddExp(coarse, joint[k][j * 121 + i]);
        }
      // the graph's float32 joint of a point depends on how many images share its run (1.5e-5 nats is one float32 ulp
      // at -220): the sums agree to well under that, and a tile more or less moves them by far more
      assertThat(ev.logP()[k]).as("image %d", k).isCloseTo(fine + Math.log(h * h), within(1e-5));
      assertThat(ev.errors()[k]).as("image %d", k).isCloseTo(Math.abs(fine + Math.log(h * h) - coarse - Math.log(4 * h * h)), within(1e-5));
    }
  }

  @Test void aMetToleranceIsReportedAsConverged() {
    Evidence ev = model.logEvidence(data.test().slice(0, 2), Mask.all(784), 0.01);
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
    Evidence ev = model.logEvidence(data.test().slice(0, 1), Mask.topHalf(28, 28), Double.MIN_VALUE);
    assertThat(ev.converged()).isFalse();
    assertThat(ev.stoppedBy()).isIn(Evidence.Stop.MIN_SPACING, Evidence.Stop.MAX_POINTS);
    assertThat(Arrays.stream(ev.logP()).allMatch(Double::isFinite)).isTrue();
  }

  private static int odd(int v) { return v % 2 == 1 ? v : v + 1; }

  private static int[] cols(int m) { return java.util.stream.IntStream.range(0, m).toArray(); }
}
