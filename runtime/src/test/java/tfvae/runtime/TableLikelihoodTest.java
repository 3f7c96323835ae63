package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import tfvae.Schema;
import tfvae.Vae;

/**
 * The table likelihood's cells against plain-Java closed forms (Gaussian in the data's units, Bernoulli, categorical
 * log-softmax, Poisson with exact small factorials), missing cells contributing exactly 0, and the gradient of a table
 * model's ELBO against central finite differences with NaN cells in the data. Tolerances: float32 arithmetic on values
 * of order 10 gives about 1e-5 relative; the finite differences as in {@link ElboGradientTest}.
 */
class TableLikelihoodTest {
  static final Schema SCHEMA = new Schema(List.of(Schema.Column.numeric("age", 40, 12.5), Schema.Column.binary("smoker", "no", "yes"),
      Schema.Column.categorical("colour", List.of("red", "green", "blue")), Schema.Column.count("visits")));
  // decoder outputs: age mean, smoker logit, colour logits x3, visits log-rate, then age's raw log-std
  static final float[][] OUT = {{0.3f, -1.2f, 0.5f, 2.0f, -0.7f, 1.1f, -0.4f}, {-2.0f, 3.5f, -1.0f, -1.0f, 4.0f, -0.3f, 1.5f}};
  static final float[][] X = {{1.1f, 1f, 0f, 1f, 0f, 3f}, {-0.5f, 0f, 0f, 0f, 1f, 0f}};

  @Test void everyCellMatchesItsClosedForm() {
    try (TfFixture f = new TfFixture()) {
      float[] got = f.eval(tf -> TableLikelihood.perColumn(tf, SCHEMA, tf.constant(OUT), tf.constant(X)));
      for (int r = 0; r < 2; r++) {
        double[] want = oracle(OUT[r], X[r]);
        for (int c = 0; c < 4; c++) assertThat((double) got[r * 4 + c]).as("row %d column %d", r, c).isCloseTo(want[c], within(1e-5 * (1 + Math.abs(want[c]))));
      }
    }
  }

  /** Plain Java: the four densities, the numeric one per unit of the column (minus log 12.5). */
  static double[] oracle(float[] out, float[] x) {
    double logStd = -5 + Math.log1p(Math.exp(out[6] + 5));
    double u = (x[0] - out[0]) / Math.exp(logStd);
    double gauss = -0.5 * u * u - logStd - 0.5 * Math.log(2 * Math.PI) - Math.log(12.5);
    double bern = x[1] == 1 ? Math.log(1 / (1 + Math.exp(-out[1]))) : Math.log(1 - 1 / (1 + Math.exp(-out[1])));
    double z = Math.exp(out[2]) + Math.exp(out[3]) + Math.exp(out[4]);
    int level = x[2] == 1 ? 0 : x[3] == 1 ? 1 : 2;
    double cat = Math.log(Math.exp(out[2 + level]) / z);
    double rate = Math.exp(out[5]);
    int k = (int) x[5];
    double fact = 1;
    for (int i = 2; i <= k; i++) fact *= i;
    double pois = Math.log(Math.pow(rate, k) * Math.exp(-rate) / fact);
    return new double[] {gauss, bern, cat, pois};
  }

  @Test void aMissingCellContributesNothingAndTheOthersAreUnchanged() {
    float nan = Float.NaN;
    float[][] x = {{nan, 1f, nan, nan, nan, 3f}, {-0.5f, nan, 0f, 0f, 1f, nan}};
    try (TfFixture f = new TfFixture()) {
      float[] got = f.eval(tf -> TableLikelihood.perColumn(tf, SCHEMA, tf.constant(OUT), tf.constant(x)));
      double[] full0 = oracle(OUT[0], X[0]), full1 = oracle(OUT[1], X[1]);
      assertThat(got).containsExactly(new float[] {0f, (float) full0[1], 0f, (float) full0[3], (float) full1[0], 0f, (float) full1[2], 0f},
          org.assertj.core.data.Offset.offset(1e-4f));
      float[] sum = f.eval(tf -> TableLikelihood.logDensity(tf, SCHEMA, tf.constant(OUT), tf.constant(x)));
      assertThat((double) sum[0]).isCloseTo(full0[1] + full0[3], within(1e-4));
    }
  }

  @Test void tableParamsAreTheMeansInTheEncodedLayoutThenTheLogStds() {
    try (TfFixture f = new TfFixture()) {
      float[] got = f.eval(tf -> TableLikelihood.params(tf, SCHEMA, tf.constant(OUT)));
      float[] o = OUT[0];
      double z = Math.exp(o[2]) + Math.exp(o[3]) + Math.exp(o[4]);
      double[] want = {o[0], 1 / (1 + Math.exp(-o[1])), Math.exp(o[2]) / z, Math.exp(o[3]) / z, Math.exp(o[4]) / z, Math.exp(o[5]),
          -5 + Math.log1p(Math.exp(o[6] + 5))};
      for (int i = 0; i < want.length; i++) assertThat((double) got[i]).as("value %d", i).isCloseTo(want[i], within(1e-5));
    }
  }

  /** The ELBO of a table model with missing cells: finite, and its gradient equals central finite differences. */
  @Test void gradientsWithMissingCellsAreFiniteAndMatchFiniteDifferences() {
    Vae spec = Vae.builder().schema(SCHEMA).encoder(4, 3).decoder(3, 4).latent(2).build();
    VaeNetwork net = new VaeNetwork(spec);
    float nan = Float.NaN;
    float[][] x = {{1.1f, nan, 0f, 1f, 0f, 3f}, {nan, 0f, nan, nan, nan, 0f}, {-0.5f, 1f, 0f, 0f, 1f, nan}};
    try (TfFixture f = new TfFixture()) {
      NetworkGradients p = new NetworkGradients(f, net, 7);
      Operand<TFloat32> loss = f.tf.math.mean(net.elbo(f.tf, p.operands(), f.tf.constant(x), f.tf.constant(new long[] {9, 4})),
          f.tf.constant(0));
      p.assertMatchesFiniteDifferences(f, loss, name -> "d loss / d " + name);
    }
  }
}
