package tfvae;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.internal.Check;

/**
 * One layer of an encoder or decoder, as a value: {@link Dense}, {@link Conv} (2-D convolution), {@link ConvTranspose}
 * (transposed 2-D convolution), {@link Reshape} (to height x width x channels) and {@link Flatten}. Convolutions use
 * 'same' padding on NHWC images: a stride-s convolution maps h x w to ceil(h / s) x ceil(w / s), a stride-s transposed
 * one h x w to (h s) x (w s). A layer without its own activation uses the spec's ({@link Vae#activation()}); its
 * weights start by its {@link Init}.
 *
 * <pre>{@code
 * import static tfvae.Layer.*;
 * var vae = Vae.builder()
 *     .encoder(conv(32, 3, 2).with(Activation.RELU), conv(64, 3, 2).with(Activation.RELU), flatten(), dense(16).with(Activation.RELU))
 *     .decoder(dense(7 * 7 * 64).with(Activation.RELU), reshape(7, 7, 64), convTranspose(64, 3, 2).with(Activation.RELU),
 *         convTranspose(32, 3, 2).with(Activation.RELU), convTranspose(1, 3, 1))
 *     .build();
 * }</pre>
 *
 * <p>Text form (the CLI's {@code --encoder} and {@code --decoder}, {@link #parseList} and {@link #toText}): layers
 * separated by commas; a dense layer is its width ({@code 512}, or a product such as {@code 64*7*7}); then
 * {@code conv:FILTERS:KERNEL:STRIDE}, {@code tconv:FILTERS:KERNEL:STRIDE}, {@code reshape:HxWxC}, {@code flatten}; a
 * layer with weights may end with {@code /ACTIVATION} ({@code tanh}, {@code relu}, {@code sigmoid}, {@code softplus},
 * {@code elu}, {@code identity}) and {@code /he} or {@code /scale} when its init is not the one that suits its
 * activation. Example: {@code conv:32:3:2/relu,conv:64:3:2/relu,flatten,16/relu}.
 */
public sealed interface Layer {
  /** The largest width, filter count or reshape side. */
  int MAX_UNITS = 8192;
  /** The largest kernel side. */
  int MAX_KERNEL = 15;
  /** The largest stride. */
  int MAX_STRIDE = 8;

  /**
   * @param units output width
   * @return a dense layer with the spec's activation, initialized by {@link Init#SCALE}
   * @throws InvalidConfigException if units is not in [1, 8192]
   */
  static Dense dense(int units) { return new Dense(units, null, Init.SCALE); }

  /**
   * @param filters output channels
   * @param kernel kernel side (square)
   * @param stride stride along height and width
   * @return a 'same'-padded 2-D convolution with the spec's activation, initialized by {@link Init#SCALE}
   * @throws InvalidConfigException if a value is out of range
   */
  static Conv conv(int filters, int kernel, int stride) { return new Conv(filters, kernel, stride, null, Init.SCALE); }

  /**
   * @param filters output channels
   * @param kernel kernel side (square)
   * @param stride upsampling factor along height and width
   * @return a 'same'-padded transposed 2-D convolution with the spec's activation, initialized by {@link Init#SCALE}
   * @throws InvalidConfigException if a value is out of range
   */
  static ConvTranspose convTranspose(int filters, int kernel, int stride) {
    return new ConvTranspose(filters, kernel, stride, null, Init.SCALE);
  }

  /**
   * @param height rows
   * @param width columns
   * @param channels channels
   * @return a reshape of each example to height x width x channels (the same number of values)
   */
  static Reshape reshape(int height, int width, int channels) { return new Reshape(height, width, channels); }

  /** @return a flatten of each example to one row */
  static Flatten flatten() { return new Flatten(); }

  /**
   * A fully connected layer: act(h W + b), W [in, units].
   *
   * @param units output width, in [1, 8192]
   * @param activation its nonlinearity, or null for the spec's
   * @param init how its weights start
   */
  record Dense(int units, @Nullable Activation activation, Init init) implements Layer {
    /**
     * @param units output width, in [1, 8192]
     * @param activation its nonlinearity, or null for the spec's
     * @param init how its weights start
     * @throws InvalidConfigException if units is out of range or init is null
     */
    public Dense {
      Check.range("dense layer units", units, 1, MAX_UNITS);
      Check.notNull("init", init);
    }

    /**
     * @param fn the nonlinearity
     * @return this layer with that activation and the init that suits it ({@link Init#suiting})
     */
    public Dense with(Activation fn) { return new Dense(units, Check.notNull("activation", fn), Init.suiting(fn)); }

    /**
     * @param how the init
     * @return this layer with that init
     */
    public Dense with(Init how) { return new Dense(units, activation, Check.notNull("init", how)); }

    @Override public String toString() { return units + suffix(activation, init); }
  }

  /**
   * A 2-D convolution with 'same' padding: act(conv(h, K) + b), K [kernel, kernel, in channels, filters].
   *
   * @param filters output channels, in [1, 8192]
   * @param kernel kernel side, in [1, 15]
   * @param stride stride, in [1, 8]
   * @param activation its nonlinearity, or null for the spec's
   * @param init how its weights start
   */
  record Conv(int filters, int kernel, int stride, @Nullable Activation activation, Init init) implements Layer {
    /**
     * @param filters output channels, in [1, 8192]
     * @param kernel kernel side, in [1, 15]
     * @param stride stride, in [1, 8]
     * @param activation its nonlinearity, or null for the spec's
     * @param init how its weights start
     * @throws InvalidConfigException if a value is out of range or init is null
     */
    public Conv {
      Check.range("conv filters", filters, 1, MAX_UNITS);
      Check.range("conv kernel", kernel, 1, MAX_KERNEL);
      Check.range("conv stride", stride, 1, MAX_STRIDE);
      Check.notNull("init", init);
    }

    /**
     * @param fn the nonlinearity
     * @return this layer with that activation and the init that suits it ({@link Init#suiting})
     */
    public Conv with(Activation fn) { return new Conv(filters, kernel, stride, Check.notNull("activation", fn), Init.suiting(fn)); }

    /**
     * @param how the init
     * @return this layer with that init
     */
    public Conv with(Init how) { return new Conv(filters, kernel, stride, activation, Check.notNull("init", how)); }

    @Override public String toString() { return "conv:" + filters + ":" + kernel + ":" + stride + suffix(activation, init); }
  }

  /**
   * A transposed 2-D convolution with 'same' padding (the gradient of a convolution with respect to its input):
   * output (h stride) x (w stride) x filters, kernel [kernel, kernel, filters, in channels].
   *
   * @param filters output channels, in [1, 8192]
   * @param kernel kernel side, in [1, 15]
   * @param stride upsampling factor, in [1, 8]
   * @param activation its nonlinearity, or null for the spec's
   * @param init how its weights start
   */
  record ConvTranspose(int filters, int kernel, int stride, @Nullable Activation activation, Init init) implements Layer {
    /**
     * @param filters output channels, in [1, 8192]
     * @param kernel kernel side, in [1, 15]
     * @param stride upsampling factor, in [1, 8]
     * @param activation its nonlinearity, or null for the spec's
     * @param init how its weights start
     * @throws InvalidConfigException if a value is out of range or init is null
     */
    public ConvTranspose {
      Check.range("tconv filters", filters, 1, MAX_UNITS);
      Check.range("tconv kernel", kernel, 1, MAX_KERNEL);
      Check.range("tconv stride", stride, 1, MAX_STRIDE);
      Check.notNull("init", init);
    }

    /**
     * @param fn the nonlinearity
     * @return this layer with that activation and the init that suits it ({@link Init#suiting})
     */
    public ConvTranspose with(Activation fn) {
      return new ConvTranspose(filters, kernel, stride, Check.notNull("activation", fn), Init.suiting(fn));
    }

    /**
     * @param how the init
     * @return this layer with that init
     */
    public ConvTranspose with(Init how) { return new ConvTranspose(filters, kernel, stride, activation, Check.notNull("init", how)); }

    @Override public String toString() { return "tconv:" + filters + ":" + kernel + ":" + stride + suffix(activation, init); }
  }

  /**
   * Each example's values, in order, as a height x width x channels image.
   *
   * @param height rows, in [1, 8192]
   * @param width columns, in [1, 8192]
   * @param channels channels, in [1, 8192]
   */
  record Reshape(int height, int width, int channels) implements Layer {
    /**
     * @param height rows, in [1, 8192]
     * @param width columns, in [1, 8192]
     * @param channels channels, in [1, 8192]
     * @throws InvalidConfigException if a side is out of range
     */
    public Reshape {
      Check.range("reshape height", height, 1, MAX_UNITS);
      Check.range("reshape width", width, 1, MAX_UNITS);
      Check.range("reshape channels", channels, 1, MAX_UNITS);
    }

    @Override public String toString() { return "reshape:" + height + "x" + width + "x" + channels; }
  }

  /** Each example's values, in order, as one row. */
  record Flatten() implements Layer {
    @Override public String toString() { return "flatten"; }
  }

  private static String suffix(@Nullable Activation fn, Init init) {
    String s = fn == null ? "" : "/" + fn.cliName();
    return init == (fn == null ? Init.SCALE : Init.suiting(fn)) ? s : s + "/" + init.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * @param layers layers
   * @return their text form, comma-separated; {@link #parseList} reads it back to equal layers
   */
  static String toText(List<Layer> layers) {
    StringBuilder s = new StringBuilder();
    for (Layer l : layers) s.append(s.length() == 0 ? "" : ",").append(l);
    return s.toString();
  }

  /**
   * @param text layers in the text form, comma-separated, e.g. {@code conv:32:3:2/relu,flatten,16/relu} or {@code 512,256}
   * @return the layers
   * @throws InvalidConfigException naming the layer that is not in the text form and the form it should take
   */
  static List<Layer> parseList(String text) {
    Check.notNull("layers", text);
    List<Layer> out = new ArrayList<>();
    for (String part : text.split(",", -1)) out.add(parse(part.trim()));
    return List.copyOf(out);
  }

  /**
   * @param text one layer in the text form, e.g. {@code conv:32:3:2/relu}
   * @return the layer
   * @throws InvalidConfigException naming the text and the form it should take
   */
  static Layer parse(String text) {
    Check.notNull("layer", text);
    String[] parts = text.split("/", -1);
    String head = parts[0];
    Activation fn = null;
    Init init = null;
    try {
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i];
        if (p.equalsIgnoreCase("he") || p.equalsIgnoreCase("scale")) {
          if (init != null) throw new IllegalArgumentException("two inits");
          init = p.equalsIgnoreCase("he") ? Init.HE : Init.SCALE;
        } else {
          if (fn != null || init != null) throw new IllegalArgumentException("activation after init");
          fn = Activation.parse(p);
        }
      }
      Init how = init != null ? init : fn == null ? Init.SCALE : Init.suiting(fn);
      String[] f = head.split(":", -1);
      switch (f[0]) {
        case "conv", "tconv" -> {
          if (f.length != 4) throw new IllegalArgumentException("fields");
          int filters = Integer.parseInt(f[1]), kernel = Integer.parseInt(f[2]), stride = Integer.parseInt(f[3]);
          return f[0].equals("conv") ? new Conv(filters, kernel, stride, fn, how) : new ConvTranspose(filters, kernel, stride, fn, how);
        }
        case "reshape" -> {
          String[] d = f.length == 2 ? f[1].split("x", -1) : new String[0];
          if (d.length != 3 || parts.length > 1) throw new IllegalArgumentException("fields");
          return new Reshape(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]));
        }
        case "flatten" -> {
          if (f.length != 1 || parts.length > 1) throw new IllegalArgumentException("fields");
          return new Flatten();
        }
        default -> {
          if (f.length != 1) throw new IllegalArgumentException("fields");
          long units = 1;
          for (String factor : head.split("\\*", -1)) units = Math.multiplyExact(units, Integer.parseInt(factor.trim()));
          return new Dense((int) Math.min(units, Integer.MAX_VALUE), fn, how);
        }
      }
    } catch (IllegalArgumentException | ArithmeticException | InvalidConfigException e) {
      String why = e instanceof InvalidConfigException ? " (" + e.getMessage() + ")" : "";
      throw new InvalidConfigException("layer '" + text + "' is not in the layer text form" + why + "; write UNITS (e.g. 512 or 64*7*7),"
          + " conv:FILTERS:KERNEL:STRIDE, tconv:FILTERS:KERNEL:STRIDE, reshape:HxWxC or flatten, a layer with weights optionally"
          + " followed by /ACTIVATION (tanh, relu, sigmoid, softplus, elu, identity) and /he or /scale");
    }
  }
}
