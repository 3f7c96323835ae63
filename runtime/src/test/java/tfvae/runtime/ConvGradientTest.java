package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.types.TFloat32;

/**
 * One-op gradient checks for the ops a convolutional VAE needs (issue 22, section 4): Conv2D (stride 1 and 2,
 * SAME, NHWC), Conv2DBackpropInput (the transposed convolution, 7 -> 14 -> 28 as in the Keras example's decoder),
 * BiasAdd, Reshape (both ways), Relu, Elu and Softplus. Each graph is the op alone on placeholders; its
 * vector-Jacobian product r^T J is taken with {@code addGradients} (initial gradient r, fixed random) exactly as the
 * training step takes its gradients, and compared with central finite differences of sum(r * op(inputs)) computed
 * in float64 by a plain-Java oracle of the op, whose forward values are checked against TensorFlow's first.
 *
 * <p>Tolerances: TensorFlow works in float32 and each output or gradient entry here sums at most a few hundred
 * products of values below 1 in magnitude, so its rounding error stays below about 1e-5; the finite differences
 * (h = 1e-4 in float64, inputs kept 0.1 or more away from Relu's and Elu's kink) are exact for the linear ops and
 * accurate to about 1e-8 for the others. Forward values must agree within 1e-5 (plus 1e-5 relative), gradients
 * within 1e-4 (plus 1e-4 relative).
 */
class ConvGradientTest {
  /**
   * One op: the shapes of its differentiated inputs (fed as placeholders; Conv2DBackpropInput's output size is a
   * constant of the graph), its output's shape, the graph, and the float64 oracle.
   */
  private record OneOp(List<long[]> inputs, long[] output, BiFunction<Ops, List<Operand<TFloat32>>, Operand<TFloat32>> graph,
      Function<List<double[]>, double[]> oracle) {}

  static Stream<Arguments> ops() {
    return Stream.of(
        arguments("Conv2D stride 2, 28x28x1 -> 14x14x2", conv(2, 28, 1, 3, 2, 2)),
        arguments("Conv2D stride 2, 14x14x2 -> 7x7x3", conv(2, 14, 2, 3, 3, 2)),
        arguments("Conv2D stride 2, 7x7x2 -> 4x4x2 (one row and column of padding before)", conv(2, 7, 2, 3, 2, 2)),
        arguments("Conv2D stride 1, 7x7x2 -> 7x7x3", conv(2, 7, 2, 3, 3, 1)),
        arguments("Conv2DBackpropInput stride 2, 7x7x3 -> 14x14x2", transposed(2, 7, 3, 3, 2, 2)),
        arguments("Conv2DBackpropInput stride 2, 14x14x2 -> 28x28x2", transposed(2, 14, 2, 3, 2, 2)),
        arguments("Conv2DBackpropInput stride 1, 28x28x2 -> 28x28x1", transposed(2, 28, 2, 3, 1, 1)),
        arguments("BiasAdd NHWC, 7x7x3 + 3", new OneOp(List.of(new long[] {2, 7, 7, 3}, new long[] {3}), new long[] {2, 7, 7, 3},
            (tf, in) -> tf.nn.biasAdd(in.get(0), in.get(1), BiasAdd.dataFormat("NHWC")), in -> biasAdd(in.get(0), in.get(1)))),
        arguments("Reshape 147 -> 7x7x3", new OneOp(List.of(new long[] {2, 147}), new long[] {2, 7, 7, 3},
            (tf, in) -> tf.reshape(in.get(0), tf.constant(new long[] {-1, 7, 7, 3})), in -> in.get(0).clone())),
        arguments("Reshape (flatten) 7x7x3 -> 147", new OneOp(List.of(new long[] {2, 7, 7, 3}), new long[] {2, 147},
            (tf, in) -> tf.reshape(in.get(0), tf.constant(new long[] {-1, 147})), in -> in.get(0).clone())),
        arguments("Relu", elementwise((tf, x) -> tf.nn.relu(x), v -> Math.max(v, 0))),
        arguments("Elu", elementwise((tf, x) -> tf.nn.elu(x), v -> v > 0 ? v : Math.expm1(v))),
        arguments("Softplus", elementwise((tf, x) -> tf.math.softplus(x), v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))))));
  }

  @ParameterizedTest(name = "{0}") @MethodSource("ops")
  void gradientThroughAddGradientsMatchesFiniteDifferencesOfThePlainJavaOracle(String name, OneOp op) {
    SplittableRandom rnd = new SplittableRandom(22);
    List<double[]> values = new ArrayList<>();
    for (long[] shape : op.inputs()) values.add(awayFromZero(rnd, (int) Shape.of(shape).size()));
    double[] r = new double[(int) Shape.of(op.output()).size()];
    for (int k = 0; k < r.length; k++) r[k] = (float) rnd.nextDouble(-1, 1);

    float[] forward;
    List<float[]> grads = new ArrayList<>();
    try (TfFixture f = new TfFixture()) {
      List<Placeholder<TFloat32>> ps = new ArrayList<>();
      for (long[] shape : op.inputs()) ps.add(f.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape))));
      Operand<TFloat32> out = op.graph().apply(f.tf, new ArrayList<>(ps));
      assertThat(out.shape().asArray()).as("%s: static output shape", name).containsExactly(op.output());
      Operand<TFloat32> upstream = f.tf.constant(Shape.of(op.output()), DataBuffers.of(toFloats(r), true, false));
      Gradients g = f.tf.gradients(out, new ArrayList<Operand<?>>(ps), Gradients.dx(List.of(upstream)));
      List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(out));
      for (int i = 0; i < ps.size(); i++) fetches.add(g.dy(i));
      List<float[]> got = run(f.session, ps, values, fetches);
      forward = got.get(0);
      grads.addAll(got.subList(1, got.size()));
    }

    double[] oracle = op.oracle().apply(values);
    assertThat(oracle).hasSize(forward.length);
    for (int k = 0; k < oracle.length; k++)
      assertThat((double) forward[k]).as("%s: output[%d]", name, k).isCloseTo(oracle[k], within(1e-5 + 1e-5 * Math.abs(oracle[k])));
    double h = 1e-4;
    for (int i = 0; i < values.size(); i++) {
      double[] v = values.get(i);
      for (int k = 0; k < v.length; k++) {
        double saved = v[k];
        v[k] = saved + h;
        double up = dot(r, op.oracle().apply(values));
        v[k] = saved - h;
        double down = dot(r, op.oracle().apply(values));
        v[k] = saved;
        double fd = (up - down) / (2 * h);
        assertThat((double) grads.get(i)[k]).as("%s: d(r . out) / d input%d[%d]", name, i, k).isCloseTo(fd, within(1e-4 + 1e-4 * Math.abs(fd)));
      }
    }
  }

  /** The transposed-convolution oracle is the adjoint of the convolution oracle: (conv(x), y) = (x, convT(y)). */
  @Test void transposedConvolutionOracleIsTheAdjointOfTheConvolutionOracle() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int[] c : new int[][] {{28, 1, 2, 2}, {14, 2, 3, 2}, {7, 2, 2, 2}, {7, 3, 2, 1}}) {
      int size = c[0], ci = c[1], co = c[2], s = c[3], k = 3, out = (size + s - 1) / s;
      double[] x = awayFromZero(rnd, 2 * size * size * ci), f = awayFromZero(rnd, k * k * ci * co), y = awayFromZero(rnd, 2 * out * out * co);
      double left = dot(conv2d(x, 2, size, ci, f, k, co, s), y);
      double right = dot(x, conv2dTranspose(y, 2, out, co, f, k, ci, s, size));
      assertThat(right).as("%dx%dx%d stride %d", size, size, ci, s).isCloseTo(left, within(1e-9 * (1 + Math.abs(left))));
    }
  }

  /** Conv2D of x [n, size, size, ci] with a k x k filter [k, k, ci, co], stride s, SAME padding. */
  private static OneOp conv(int n, int size, int ci, int k, int co, int s) {
    int out = (size + s - 1) / s;
    return new OneOp(List.of(new long[] {n, size, size, ci}, new long[] {k, k, ci, co}), new long[] {n, out, out, co},
        (tf, in) -> tf.nn.conv2d(in.get(0), in.get(1), List.of(1L, (long) s, (long) s, 1L), "SAME"),
        in -> conv2d(in.get(0), n, size, ci, in.get(1), k, co, s));
  }

  /**
   * The transposed convolution of y [n, size, size, ci] to [n, size * s, size * s, co] with a filter [k, k, co, ci]
   * (Conv2DBackpropInput's layout: the gradient of a Conv2D from co to ci channels), stride s, SAME padding.
   */
  private static OneOp transposed(int n, int size, int ci, int k, int co, int s) {
    int out = size * s;
    return new OneOp(List.of(new long[] {k, k, co, ci}, new long[] {n, size, size, ci}), new long[] {n, out, out, co},
        (tf, in) -> tf.nn.conv2dBackpropInput(tf.constant(new int[] {n, out, out, co}), in.get(0), in.get(1),
            List.of(1L, (long) s, (long) s, 1L), "SAME"),
        in -> conv2dTranspose(in.get(1), n, size, ci, in.get(0), k, co, s, out));
  }

  private static OneOp elementwise(BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op, java.util.function.DoubleUnaryOperator oracle) {
    return new OneOp(List.of(new long[] {3, 10}), new long[] {3, 10}, (tf, in) -> op.apply(tf, in.get(0)), in -> {
      double[] x = in.get(0), y = new double[x.length];
      for (int i = 0; i < x.length; i++) y[i] = oracle.applyAsDouble(x[i]);
      return y;
    });
  }

  /** TensorFlow's SAME padding before the first row (or column): half the total, rounded down. */
  private static int padBefore(int in, int out, int k, int s) { return Math.max((out - 1) * s + k - in, 0) / 2; }

  /** out[b, oy, ox, o] = sum over ky, kx, c of x[b, oy s + ky - pad, ox s + kx - pad, c] f[ky, kx, c, o] (NHWC, HWIO). */
  static double[] conv2d(double[] x, int n, int size, int ci, double[] f, int k, int co, int s) {
    int out = (size + s - 1) / s, pad = padBefore(size, out, k, s);
    double[] y = new double[n * out * out * co];
    for (int b = 0; b < n; b++)
      for (int oy = 0; oy < out; oy++)
        for (int ox = 0; ox < out; ox++)
          for (int o = 0; o < co; o++) {
            double sum = 0;
            for (int ky = 0; ky < k; ky++)
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * s + ky - pad, ix = ox * s + kx - pad;
                if (iy < 0 || iy >= size || ix < 0 || ix >= size) continue;
                for (int c = 0; c < ci; c++) sum += x[((b * size + iy) * size + ix) * ci + c] * f[((ky * k + kx) * ci + c) * co + o];
              }
            y[((b * out + oy) * out + ox) * co + o] = sum;
          }
    return y;
  }

  /**
   * The transposed convolution by scattering: each input pixel y[b, iy, ix, c] adds y f[ky, kx, o, c] to the output
   * pixel (iy s + ky - pad, ix s + kx - pad, o) of an out x out map, pad from SAME padding of a conv from out to size.
   */
  static double[] conv2dTranspose(double[] y, int n, int size, int ci, double[] f, int k, int co, int s, int out) {
    int pad = padBefore(out, size, k, s);
    double[] x = new double[n * out * out * co];
    for (int b = 0; b < n; b++)
      for (int iy = 0; iy < size; iy++)
        for (int ix = 0; ix < size; ix++)
          for (int c = 0; c < ci; c++) {
            double v = y[((b * size + iy) * size + ix) * ci + c];
            for (int ky = 0; ky < k; ky++)
              for (int kx = 0; kx < k; kx++) {
                int oy = iy * s + ky - pad, ox = ix * s + kx - pad;
                if (oy < 0 || oy >= out || ox < 0 || ox >= out) continue;
                for (int o = 0; o < co; o++) x[((b * out + oy) * out + ox) * co + o] += v * f[((ky * k + kx) * co + o) * ci + c];
              }
          }
    return x;
  }

  private static double[] biasAdd(double[] x, double[] bias) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] + bias[i % bias.length];
    return y;
  }

  /** Values in +-[0.1, 1), rounded to float32 so that TensorFlow and the oracle see the same numbers. */
  private static double[] awayFromZero(SplittableRandom rnd, int size) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) v[i] = (float) ((rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble(0.1, 1));
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  private static List<float[]> run(Session s, List<Placeholder<TFloat32>> ps, List<double[]> values, List<Operand<TFloat32>> outs) {
    List<TFloat32> feeds = new ArrayList<>();
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < ps.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(ps.get(i).shape(), DataBuffers.of(toFloats(values.get(i)), true, false));
        feeds.add(t);
        r.feed(ps.get(i), t);
      }
      outs.forEach(r::fetch);
      try (Result res = r.run()) {
        List<float[]> got = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) got.add(Tensors.flat((TFloat32) res.get(i)));
        return got;
      }
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }
}
