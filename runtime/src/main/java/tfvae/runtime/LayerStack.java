package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tfvae.Activation;
import tfvae.Init;
import tfvae.Layer;
import tfvae.Vae;
import tfvae.internal.LayerPlan;
import tfvae.internal.LayerPlan.Step;

/**
 * A network of {@link Layer}s (dense, convolution, transposed convolution, reshape, flatten) as graph ops, for every
 * spec that is not a plain MLP (which {@link VaeNetwork} builds as it always has, so its graph stays op for op the
 * same). NHWC, 'same' padding; the data row [B, D] is reshaped to the image before the first convolution and the
 * decoder's image output back to [B, D]. Parameters are named {@code encoder_w1, encoder_b1, ...} over the layers that
 * have weights, the heads last, as for an MLP.
 */
final class LayerStack {
  final List<Step> encoder;
  final List<Step> decoder;
  /**
   * A conditional model's join points: the index of each network's first dense step, whose input is widened by the
   * condition's values and takes [h | c] (after flatten in a convolutional encoder); -1 when unconditional.
   */
  final int encoderJoin;
  final int decoderJoin;

  LayerStack(Vae spec) {
    int c = spec.conditionDims();
    List<Step> enc = LayerPlan.encoder(spec), dec = LayerPlan.decoder(spec);
    this.encoderJoin = c == 0 ? -1 : firstDense(enc);
    this.decoderJoin = c == 0 ? -1 : firstDense(dec);
    if (c > 0 && decoderJoin < 0)
      throw new tfvae.InvalidConfigException("a conditional model's decoder needs a dense layer, where the condition joins z; its layers are "
          + Layer.toText(spec.decoder()));
    this.encoder = widened(enc, encoderJoin, c);
    this.decoder = widened(dec, decoderJoin, c);
  }

  private static int firstDense(List<Step> steps) {
    for (int i = 0; i < steps.size(); i++) if (steps.get(i).layer() instanceof Layer.Dense) return i;
    return -1;
  }

  private static List<Step> widened(List<Step> steps, int at, int c) {
    if (at < 0) return steps;
    List<Step> out = new ArrayList<>(steps);
    Step s = steps.get(at);
    out.set(at, new Step(s.layer(), new long[] {s.in()[0] + c}, s.out(), new long[] {s.weight()[0] + c, s.weight()[1]}, s.bias(),
        s.fanIn() + c, s.activation(), s.init(), s.toImage()));
    return List.copyOf(out);
  }

  /** @return [h | c] along the values, or h when c is null */
  static Operand<TFloat32> join(Ops tf, Operand<TFloat32> h, Operand<TFloat32> c) {
    return c == null ? h : tf.concat(List.of(h, c), tf.constant(1));
  }

  /** @return whether the decoder's output layer is a (transposed) convolution, whose output is an image */
  boolean spatialOutput() { return decoder.get(decoder.size() - 1).spatial(); }

  /** Appends the parameters of {@code steps}: names {@code prefix_w{i}}, {@code prefix_b{i}}, their shapes and initial stddevs. */
  static void addParams(String prefix, List<Step> steps, double initScale, List<String> names, List<long[]> shapes, List<Double> stddevs) {
    int i = 0;
    for (Step s : steps) {
      if (!s.parameterized()) continue;
      i++;
      boolean he = s.init() == Init.HE;
      names.add(prefix + "_w" + i);
      shapes.add(s.weight().clone());
      stddevs.add(he ? Math.sqrt(2.0 / s.fanIn()) : initScale);
      names.add(prefix + "_b" + i);
      shapes.add(s.bias().clone());
      stddevs.add(he ? 0.0 : initScale);
    }
  }

  /** @return the number of parameter arrays (w and b) of {@code steps} */
  static int paramCount(List<Step> steps) {
    int n = 0;
    for (Step s : steps) if (s.parameterized()) n += 2;
    return n;
  }

  /**
   * Applies {@code steps} to {@code in}, taking each parameterized step's (w, b) from {@code p} in order.
   *
   * @return the last step's output, [B, n] or [B, h, w, c]
   */
  static Operand<TFloat32> apply(Ops tf, List<Step> steps, List<Operand<TFloat32>> p, Operand<TFloat32> in) {
    return apply(tf, steps, p, in, null, -1);
  }

  /** As {@link #apply(Ops, List, List, Operand)}, with the condition c [B, C] joining the input of step {@code join}. */
  static Operand<TFloat32> apply(Ops tf, List<Step> steps, List<Operand<TFloat32>> p, Operand<TFloat32> in, Operand<TFloat32> c, int join) {
    Operand<TFloat32> h = in;
    int k = 0, i = 0;
    for (Step s : steps) {
      if (i++ == join) h = join(tf, h, c);
      if (s.toImage()) h = tf.reshape(h, tf.constant(new long[] {-1, s.in()[0], s.in()[1], s.in()[2]}));
      if (s.parameterized()) {
        h = layer(tf, s, h, p.get(k), p.get(k + 1));
        k += 2;
      } else {
        long[] out = s.out();
        h = tf.reshape(h, tf.constant(out.length == 1 ? new long[] {-1, out[0]} : new long[] {-1, out[0], out[1], out[2]}));
      }
      if (s.activation() != null) h = activation(tf, s.activation(), h);
    }
    return h;
  }

  /** @return the layer's linear part: h W + b, conv(h, K) + b or conv_transpose(h, K) + b */
  static Operand<TFloat32> layer(Ops tf, Step s, Operand<TFloat32> h, Operand<TFloat32> w, Operand<TFloat32> b) {
    Layer l = s.layer();
    if (l instanceof Layer.Conv c)
      return tf.nn.biasAdd(tf.nn.conv2d(h, w, List.of(1L, (long) c.stride(), (long) c.stride(), 1L), "SAME"), b);
    if (l instanceof Layer.ConvTranspose c) {
      Operand<TInt32> batch = tf.slice(tf.shape(h), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
      Operand<TInt32> outShape = tf.concat(List.of(batch, tf.constant(new int[] {(int) s.out()[0], (int) s.out()[1], (int) s.out()[2]})),
          tf.constant(0));
      return tf.nn.biasAdd(tf.nn.conv2dBackpropInput(outShape, w, h, List.of(1L, (long) c.stride(), (long) c.stride(), 1L), "SAME"), b);
    }
    return tf.nn.biasAdd(tf.linalg.matMul(h, w), b);
  }

  /** @return the decoder's output layer at its input h, as rows [B, D] */
  Operand<TFloat32> output(Ops tf, Operand<TFloat32> h, Operand<TFloat32> w, Operand<TFloat32> b) {
    Step out = decoder.get(decoder.size() - 1);
    Operand<TFloat32> y = layer(tf, out, h, w, b);
    return out.spatial() ? tf.reshape(y, tf.constant(new long[] {-1, out.out()[0] * out.out()[1] * out.out()[2]})) : y;
  }

  static Operand<TFloat32> activation(Ops tf, Activation fn, Operand<TFloat32> x) {
    return switch (fn) {
      case TANH -> tf.math.tanh(x);
      case RELU -> tf.nn.relu(x);
      case SIGMOID -> tf.math.sigmoid(x);
      case SOFTPLUS -> tf.math.softplus(x);
      case ELU -> tf.nn.elu(x);
      case IDENTITY -> x;
    };
  }

  /** @return the decoder's steps before its output layer */
  List<Step> decoderHidden() { return decoder.subList(0, decoder.size() - 1); }

  /** @return the encoder's steps before its head */
  List<Step> encoderHidden() { return encoder.subList(0, encoder.size() - 1); }

  /** @return each step's output size per example, summed over both networks: the activations a forward pass keeps */
  long activationsPerExample() {
    long n = 0;
    List<Step> all = new ArrayList<>(encoder);
    all.addAll(decoder);
    for (Step s : all) {
      long size = 1;
      for (long d : s.out()) size *= d;
      n += size;
    }
    return n;
  }
}
