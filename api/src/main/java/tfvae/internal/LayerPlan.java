package tfvae.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.Activation;
import tfvae.ImageShape;
import tfvae.Init;
import tfvae.InvalidConfigException;
import tfvae.Layer;
import tfvae.Vae;

/**
 * The shapes through a spec's encoder and decoder, inferred once: each step's input and output shape ({n} for a row
 * of n values, {h, w, c} for an image), its weight and bias shapes, fan-in, activation and init. The encoder ends
 * with the dense [mean | log-std] head; the decoder's output is its last layer when that is a (transposed)
 * convolution, else a dense layer of dataDim units appended to it (as for an MLP). Not API.
 */
public final class LayerPlan {
  private LayerPlan() {}

  /**
   * One layer as the network applies it.
   *
   * @param layer the layer (the appended heads are dense layers too)
   * @param in input shape
   * @param out output shape
   * @param weight the weight's shape, or null for a reshape or flatten
   * @param bias the bias's shape, or null
   * @param fanIn inputs per output unit
   * @param activation the nonlinearity after it, or null for none (the outputs, reshape, flatten)
   * @param init how its weights start
   * @param toImage whether its input is the data row, reshaped to the image first
   */
  public record Step(Layer layer, long[] in, long[] out, long @Nullable [] weight, long @Nullable [] bias, long fanIn,
      @Nullable Activation activation, Init init, boolean toImage) {
    /** @return whether the step has weights */
    public boolean parameterized() { return weight != null; }

    /** @return whether the output is an image (height, width, channels) */
    public boolean spatial() { return out.length == 3; }
  }

  /**
   * @param spec a spec whose dataDim is known
   * @return the encoder's steps, ending with the [mean | log-std] head
   * @throws InvalidConfigException naming the layer whose input does not fit it, and what to do
   */
  public static List<Step> encoder(Vae spec) {
    return encoder(spec.encoder(), spec.dataDim(), spec.latent(), spec.activation(), spec.image());
  }

  /**
   * @param layers the encoder's layers
   * @param dataDim values per example
   * @param latent dimension of z
   * @param act the spec's activation
   * @param image the images' shape, or null
   * @return the encoder's steps, ending with the [mean | log-std] head
   * @throws InvalidConfigException naming the layer whose input does not fit it, and what to do
   */
  public static List<Step> encoder(List<Layer> layers, int dataDim, int latent, Activation act, @Nullable ImageShape image) {
    List<Step> steps = walk("encoder", layers, new long[] {dataDim}, image, act);
    long[] last = steps.isEmpty() ? new long[] {dataDim} : steps.get(steps.size() - 1).out();
    if (last.length == 3)
      throw new InvalidConfigException("the encoder ends with a " + shape(last) + " output; end it with flatten (the mean and"
          + " log-std head is a dense layer)");
    steps.add(dense(Layer.dense(2 * latent), last, null));
    return steps;
  }

  /**
   * @param spec a spec whose dataDim is known
   * @return the decoder's steps; the last is the output layer (logits, or the Gaussian's mean)
   * @throws InvalidConfigException naming the layer whose input does not fit it, and what to do
   */
  public static List<Step> decoder(Vae spec) {
    return decoder(spec.decoder(), spec.dataDim(), spec.latent(), spec.activation(), spec.image());
  }

  /**
   * @param layers the decoder's layers
   * @param dataDim values per example
   * @param latent dimension of z
   * @param act the spec's activation
   * @param image the images' shape, or null
   * @return the decoder's steps; the last is the output layer (logits, or the Gaussian's mean)
   * @throws InvalidConfigException naming the layer whose input does not fit it, and what to do
   */
  public static List<Step> decoder(List<Layer> layers, int dataDim, int latent, Activation act, @Nullable ImageShape image) {
    Layer lastLayer = layers.get(layers.size() - 1);
    boolean convOut = lastLayer instanceof Layer.Conv || lastLayer instanceof Layer.ConvTranspose;
    List<Step> steps = walk("decoder", convOut ? layers.subList(0, layers.size() - 1) : layers, new long[] {latent}, null, act);
    long[] last = steps.isEmpty() ? new long[] {latent} : steps.get(steps.size() - 1).out();
    if (!convOut) {
      if (last.length == 3)
        throw new InvalidConfigException("the decoder ends with a " + shape(last) + " output; end it with flatten (then a dense output"
            + " layer of dataDim units follows) or with a (transposed) convolution whose output is the image");
      steps.add(dense(Layer.dense(dataDim), last, null));
      return steps;
    }
    if (activationOf(lastLayer) != null)
      throw new InvalidConfigException("the decoder's last layer " + lastLayer + " is its output layer (the likelihood's parameters) and"
          + " takes no activation; write it without /" + activationOf(lastLayer).cliName());
    if (last.length == 1)
      throw new InvalidConfigException("decoder layer " + layers.size() + " (" + lastLayer + ") needs an image input, but its input is a"
          + " row of " + last[0] + " values; put reshape:HxWxC before it");
    Step out = conv("decoder", layers.size(), lastLayer, last, false, null);
    long size = out.out()[0] * out.out()[1] * out.out()[2];
    if (size != dataDim || image != null && !Arrays.equals(out.out(), new long[] {image.height(), image.width(), image.channels()}))
      throw new InvalidConfigException("the decoder's output is " + shape(out.out()) + " = " + size + " values, but the data "
          + (image != null ? "are " + image + " images" : "have " + dataDim + " values per example")
          + "; change its layers so that the last one gives the image's shape");
    steps.add(out);
    return steps;
  }

  /** @return whether an encoder layer needs the image's shape (a convolution before any reshape) */
  public static boolean needsImage(List<Layer> encoder) {
    for (Layer l : encoder) {
      if (l instanceof Layer.Reshape || l instanceof Layer.Dense || l instanceof Layer.Flatten) return false;
      if (l instanceof Layer.Conv || l instanceof Layer.ConvTranspose) return true;
    }
    return false;
  }

  private static List<Step> walk(String net, List<Layer> layers, long[] input, @Nullable ImageShape image, Activation act) {
    List<Step> steps = new ArrayList<>();
    long[] cur = input;
    boolean atInput = true;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String which = net + " layer " + (i + 1) + " (" + l + ")";
      Step s;
      if (l instanceof Layer.Dense d) {
        if (cur.length == 3)
          throw new InvalidConfigException(which + " is dense but its input is " + shape(cur) + "; put flatten before it");
        s = dense(d, cur, d.activation() == null ? act : d.activation());
      } else if (l instanceof Layer.Reshape r) {
        long n = size(cur), m = (long) r.height() * r.width() * r.channels();
        if (n != m)
          throw new InvalidConfigException(which + " gives " + m + " values, but its input is " + shape(cur) + " = " + n + " values;"
              + " make height x width x channels equal " + n);
        s = new Step(l, cur, new long[] {r.height(), r.width(), r.channels()}, null, null, 0, null, Init.SCALE, false);
      } else if (l instanceof Layer.Flatten) {
        s = new Step(l, cur, new long[] {size(cur)}, null, null, 0, null, Init.SCALE, false);
      } else {
        boolean toImage = false;
        if (cur.length == 1) {
          if (!atInput || image == null)
            throw new InvalidConfigException(which + " needs an image input, but its input is a row of " + cur[0] + " values; "
                + (net.equals("encoder") && atInput
                    ? "train on images with a height and width, or call Vae.builder().image(height, width, channels)"
                    : "put reshape:HxWxC before it"));
          if (image.size() != cur[0])
            throw new InvalidConfigException(which + " takes " + image + " images, but the data have " + cur[0] + " values per example");
          cur = new long[] {image.height(), image.width(), image.channels()};
          toImage = true;
        }
        Activation fn = activationOf(l);
        s = conv(net, i + 1, l, cur, toImage, fn == null ? act : fn);
      }
      steps.add(s);
      cur = s.out();
      atInput = false;
    }
    return steps;
  }

  private static Step dense(Layer.Dense d, long[] in, @Nullable Activation fn) {
    return new Step(d, in, new long[] {d.units()}, new long[] {in[0], d.units()}, new long[] {d.units()}, in[0], fn, d.init(), false);
  }

  private static Step conv(String net, int index, Layer l, long[] in, boolean toImage, @Nullable Activation fn) {
    long h = in[0], w = in[1], c = in[2];
    if (l instanceof Layer.Conv k) {
      long[] out = {(h + k.stride() - 1) / k.stride(), (w + k.stride() - 1) / k.stride(), k.filters()};
      return new Step(l, in, out, new long[] {k.kernel(), k.kernel(), c, k.filters()}, new long[] {k.filters()},
          (long) k.kernel() * k.kernel() * c, fn, k.init(), toImage);
    }
    Layer.ConvTranspose k = (Layer.ConvTranspose) l;
    long[] out = {h * k.stride(), w * k.stride(), k.filters()};
    if (out[0] > Layer.MAX_UNITS || out[1] > Layer.MAX_UNITS)
      throw new InvalidConfigException(net + " layer " + index + " (" + l + ") gives " + shape(out) + " images, larger than "
          + Layer.MAX_UNITS + " a side");
    return new Step(l, in, out, new long[] {k.kernel(), k.kernel(), k.filters(), c}, new long[] {k.filters()},
        (long) k.kernel() * k.kernel() * c, fn, k.init(), toImage);
  }

  private static @Nullable Activation activationOf(Layer l) {
    if (l instanceof Layer.Conv c) return c.activation();
    if (l instanceof Layer.ConvTranspose c) return c.activation();
    if (l instanceof Layer.Dense d) return d.activation();
    return null;
  }

  private static long size(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  /** @return {@code 7x7x64} or {@code 3136} */
  public static String shape(long[] s) {
    StringBuilder b = new StringBuilder();
    for (long d : s) b.append(b.length() == 0 ? "" : "x").append(d);
    return b.toString();
  }
}
