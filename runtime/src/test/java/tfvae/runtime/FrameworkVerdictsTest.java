package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Probes of the TensorFlow Framework parts the runtime does not use, re-run on the framework version the build pins
 * (1.1.0). Each asserts today's verdict (docs/decisions.md, "TensorFlow Framework 1.1.0"): a test that fails here means
 * a new framework version changed that part, so re-check the verdict before using it or dropping our replacement.
 */
class FrameworkVerdictsTest {
  /** log sum exp of each row by hand in double precision: max + log sum exp(x - max). */
  private static double logSumExp(double... row) {
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (double v : row) max = Math.max(max, v);
    for (double v : row) sum += Math.exp(v - max);
    return max + Math.log(sum);
  }

  @Test void reduceLogSumExpWithoutKeepDimsIsStillWrong() {
    try (TfFixture f = new TfFixture()) {
      float[][] rows = {{1, 2}, {3, 1000}};
      float[] got = f.eval(tf -> FrameworkOps.create(tf).math.reduceLogSumExp(tf.constant(rows), new int[] {1}, false));
      double[] right = {logSumExp(1, 2), logSumExp(3, 1000)}; // 2.3133, 1000.0
      assertThat(right[0]).isCloseTo(2.3133, within(1e-4));
      // the max is not kept, so input - max broadcasts along the wrong axis: [1.0, 1001.313] on 1.0.0 and on 1.1.0
      assertThat(got[0]).as("row 0: a fixed reduceLogSumExp would give %s", right[0]).isCloseTo(1.0f, within(1e-3f));
      assertThat(got[1]).as("row 1: a fixed reduceLogSumExp would give %s", right[1]).isCloseTo(1001.313f, within(1e-2f));
    }
  }

  @Test void theFrameworksOptimizersStillIgnoreResourceVariables() {
    try (TfFixture f = new TfFixture()) {
      Ops tf = f.tf;
      Variable<TFloat32> w = Variable.create(tf, "w", TFloat32.class, Shape.of(1), tf.constant(new float[] {3f}));
      Op step = new GradientDescent(f.graph, 0.25f).minimize(tf.math.square(w.read()));
      f.session.initialize();
      for (int i = 0; i < 3; i++) {
        try (Result r = f.session.runner().addTarget(step).run()) {
          // one gradient step, if the optimizer found the variable: w <- w - 0.25 * 2w = w / 2
        }
      }
      // a working optimizer would give 3 / 2^3 = 0.375; the framework differentiates only w.r.t. VariableV2 (ref)
      // variables, finds none here, and trains nothing, without an error
      assertThat(f.eval(t -> w.read())).containsExactly(3f);
    }
  }
}
