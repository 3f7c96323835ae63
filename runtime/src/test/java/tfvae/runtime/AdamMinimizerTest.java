package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** The GradientTape-style Adam piece on its own, against a plain-Java Adam in double precision. */
class AdamMinimizerTest {
  private static final double[] C = {1.5, -2.0, 0.25};
  private static final double[] A = {1.0, 3.0, 0.5};

  /** loss(w) = sum_i a_i (w_i - c_i)^2, gradient 2 a_i (w_i - c_i). */
  @Test void everyStepMatchesPlainJavaAdamOnAQuadratic() {
    double lr = 0.1;
    try (TfFixture f = new TfFixture()) {
      var w = Variable.create(f.tf, "w", TFloat32.class, Shape.of(3), f.tf.withInitScope().constant(new float[] {0f, 0f, 0f}));
      AdamMinimizer adam = AdamMinimizer.build(f.tf, "opt", List.of(w), (tf, p, step) -> tf.reduceSum(
          tf.math.mul(tf.constant(new float[] {1f, 3f, 0.5f}), tf.math.square(tf.math.sub(p.get(0), tf.constant(new float[] {1.5f, -2f, 0.25f})))),
          tf.constant(0)), lr);
      f.session.initialize();
      double[] wj = new double[3], m = new double[3], v = new double[3];
      for (int t = 1; t <= 50; t++) {
        double lossJava = 0;
        for (int i = 0; i < 3; i++) lossJava += A[i] * (wj[i] - C[i]) * (wj[i] - C[i]);
        float loss = adam.step(f.session);
        assertThat((double) loss).as("loss before step %d", t).isCloseTo(lossJava, within(1e-4 * Math.max(1, lossJava)));
        for (int i = 0; i < 3; i++) {
          double g = 2 * A[i] * (wj[i] - C[i]);
          m[i] = AdamMinimizer.BETA1 * m[i] + (1 - AdamMinimizer.BETA1) * g;
          v[i] = AdamMinimizer.BETA2 * v[i] + (1 - AdamMinimizer.BETA2) * g * g;
          double alpha = lr * Math.sqrt(1 - Math.pow(AdamMinimizer.BETA2, t)) / (1 - Math.pow(AdamMinimizer.BETA1, t));
          wj[i] -= alpha * m[i] / (Math.sqrt(v[i]) + AdamMinimizer.EPSILON);
        }
        float[] wt = read(f, w);
        for (int i = 0; i < 3; i++) assertThat((double) wt[i]).as("w[%d] after step %d", i, t).isCloseTo(wj[i], within(2e-5));
      }
      try (Result r = f.session.runner().fetch(adam.step()).run()) {
        assertThat(((TInt64) r.get(0)).getLong()).isEqualTo(50L);
      }
    }
  }

  @Test void theFirstStepMovesEachWeightByTheLearningRate() {
    // Adam's first step is lr * sign(g) (bias-corrected m / sqrt(v) = g / |g|): the check that found framework's off-by-one
    try (TfFixture f = new TfFixture()) {
      var w = Variable.create(f.tf, "w", TFloat32.class, Shape.of(2), f.tf.withInitScope().constant(new float[] {0f, 0f}));
      AdamMinimizer adam = AdamMinimizer.build(f.tf, "opt", List.of(w),
          (tf, p, step) -> tf.reduceSum(tf.math.mul(p.get(0), tf.constant(new float[] {4f, -0.01f})), tf.constant(0)), 0.05);
      f.session.initialize();
      adam.step(f.session);
      // exactly lr * g / (|g| + eps / sqrt(1 - b2)): epsilon shows for the small gradient
      double small = 0.05 * 0.01 / (0.01 + AdamMinimizer.EPSILON / Math.sqrt(1 - AdamMinimizer.BETA2));
      assertThat(read(f, w)).containsExactly(new float[] {-0.05f, (float) small}, within(1e-7f));
      assertThat(small).isLessThan(0.05);
    }
  }

  @Test void theStepNumberSeenByTheLossCountsFromZero() {
    try (TfFixture f = new TfFixture()) {
      var w = Variable.create(f.tf, "w", TFloat32.class, Shape.of(1), f.tf.withInitScope().constant(new float[] {0f}));
      // the loss is step * w: its value before each update is step * w
      AdamMinimizer adam = AdamMinimizer.build(f.tf, "opt", List.of(w), (tf, p, step) -> tf.reduceSum(
          tf.math.mul(p.get(0), tf.dtypes.cast(tf.math.add(step, tf.constant(1L)), TFloat32.class)), tf.constant(0)), 0.5);
      f.session.initialize();
      adam.step(f.session); // step 0: loss 1 * 0, w -> -0.5
      assertThat(adam.step(f.session)).isCloseTo(2 * -0.5f, within(1e-6f)); // step 1: loss 2 * w
    }
  }

  private static float[] read(TfFixture f, Variable<TFloat32> w) {
    try (Result r = f.session.runner().fetch(w.read()).run()) {
      return Tensors.flat((TFloat32) r.get(0));
    }
  }
}
