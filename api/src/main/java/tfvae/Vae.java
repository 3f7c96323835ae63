package tfvae;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Check;
import tfvae.internal.LayerPlan;
import tfvae.spi.Backends;

/**
 * A variational autoencoder's architecture, training objective and random seed: a prior N(0, I) on a
 * {@code latent}-dimensional z; a decoder MLP z -> {@code decoder} hidden layers -> the parameters of
 * p(x|z) over {@code dataDim} values (by {@code likelihood}); an encoder MLP x -> {@code encoder} hidden layers ->
 * (mean, log-std) of a diagonal Gaussian q(z|x) (Kingma and Welling 2013, appendix C.2). Every weight and bias
 * starts as {@code initScale} * N(0, 1). The defaults are the assignment's: 784 pixels, latent 2, one tanh layer of
 * 500 units in each network, Bernoulli pixels, the single-sample ELBO.
 *
 * <p>An immutable value; make one with {@link #builder()}:
 * <pre>{@code
 * var data = DataSplit.assignment(Path.of("data/mnist")).binarize();
 * var vae = Vae.builder().latent(2).hidden(500).seed(0).build();
 * try (TrainedVae model = vae.train(data, TrainOptions.defaults(), CheckpointPolicy.REPLACE).model()) {
 *   System.out.println("test ELBO " + model.elbo(data.test()));
 * }
 * }</pre>
 *
 * @param dataDim values per example (784 for MNIST), in [1, 65536]; 0 means "the training data's"
 * @param latent dimension of z; in [1, 64]; default 2
 * @param encoder the encoder's layers, input side first, before its dense [mean | log-std] head; 1 to 8 layers;
 *     default one dense layer of 500 (see {@link Layer})
 * @param decoder the decoder's layers, latent side first; 1 to 8 layers; default one dense layer of 500. A dense
 *     output layer of dataDim units follows them, unless the last is a (transposed) convolution, which is then the
 *     output layer and must give the image
 * @param activation the nonlinearity of every layer that does not name its own; default {@link Activation#TANH}
 * @param likelihood the decoder's distribution over each value; default {@link Likelihood#BERNOULLI}
 * @param initScale standard deviation of the initial weights and biases; in (0, 1]; default 0.01, which suits tanh
 *     layers of a few hundred units (the assignment's); for ReLU layers a He-style scale sqrt(2 / fan-in), about
 *     0.05 for 784 inputs, keeps the activations from vanishing
 * @param seed seed of the initial weights and of every noise draw in training; any long; default 0
 * @param objective the training objective; default {@link Objective#elbo()}
 * @param image the images' height, width and channels, which convolution layers need; null when the layers need none
 *     (an MLP) or to take it from the training data ({@link #resolvedFor})
 * @param schema for a table model, its columns, each with its own likelihood (dataDim is then {@link Schema#width()}
 *     and {@code likelihood} is not used); null (the default) for an image model, every value under {@code likelihood}
 * @param condition a conditional model's condition c (a label or side columns; see {@link Condition}), which enters
 *     the encoder and the decoder; null (the default) for an unconditional model
 */
public record Vae(int dataDim, int latent, List<Layer> encoder, List<Layer> decoder, Activation activation,
    Likelihood likelihood, double initScale, long seed, Objective objective, @Nullable ImageShape image, @Nullable Schema schema,
    @Nullable Condition condition) {

  /** Pixels per image of MNIST (28 x 28). */
  public static final int DEFAULT_DATA_DIM = 784;
  /** {@link #dataDim()} of a spec that takes its dimension from the training data. */
  public static final int FROM_DATA = 0;
  /** Default latent dimension (the assignment's). */
  public static final int DEFAULT_LATENT = 2;
  /** Default hidden units (the assignment's). */
  public static final int DEFAULT_HIDDEN = 500;
  /** Default initial standard deviation (the assignment's). */
  public static final double DEFAULT_INIT_SCALE = 0.01;
  /** The most hidden layers per network. */
  public static final int MAX_LAYERS = 8;
  /** The largest {@link #dataDim()}: values per example a model takes. */
  public static final int MAX_DATA_DIM = 65536;

  /** @return whether this is a table model (it has a {@link #schema()}) */
  public boolean isTable() { return schema != null; }

  /**
   * Checks every component; the same checks run for a spec built by hand and one read from a checkpoint.
   *
   * @param dataDim values per example, in [1, 65536], or {@link #FROM_DATA}
   * @param latent dimension of z, in [1, 64]
   * @param encoder the encoder's layers (copied)
   * @param decoder the decoder's layers (copied)
   * @param activation the hidden nonlinearity
   * @param likelihood the decoder's distribution
   * @param initScale standard deviation of the initial weights and biases, in (0, 1]
   * @param seed seed of the initial weights and of every noise draw in training
   * @param objective the training objective
   * @param image the images' shape, or null
   * @param schema a table model's columns, or null for an image model
   * @param condition the condition of a conditional model, or null
   * @throws InvalidConfigException if a value is out of range or null, naming the field, the layers do not fit the
   *     data's shape (naming the layer), dataDim is not the schema's width, or a table model has a condition
   */
  public Vae {
    if (schema != null && condition != null)
      throw new InvalidConfigException("a table model takes no condition; add the side columns to its schema instead");
    if (schema != null) {
      if (dataDim != FROM_DATA && dataDim != schema.width())
        throw new InvalidConfigException("dataDim must be the schema's width " + schema.width() + ", got " + dataDim
            + "; leave dataDim unset for a table model");
      dataDim = schema.width();
    }
    if (dataDim != FROM_DATA) Check.range("dataDim", dataDim, 1, MAX_DATA_DIM);
    Check.range("latent", latent, 1, 64);
    encoder = layers("encoder", encoder);
    decoder = layers("decoder", decoder);
    Check.notNull("activation", activation);
    Check.notNull("likelihood", likelihood);
    Check.positive("initScale", initScale, 1.0);
    Check.notNull("objective", objective);
    if (image != null && dataDim != FROM_DATA && image.size() != dataDim)
      throw new InvalidConfigException("image " + image + " has " + image.size() + " values, but dataDim is " + dataDim
          + "; give the one shape the data have");
    if (schema != null && (image != null || LayerPlan.needsImage(encoder) || LayerPlan.needsImage(decoder)))
      throw new InvalidConfigException("a table model takes dense layers only: a row has no image shape for convolution"
          + " or reshape layers");
    if (dataDim != FROM_DATA && (image != null || !LayerPlan.needsImage(encoder))) {
      LayerPlan.encoder(encoder, dataDim, latent, activation, image);
      LayerPlan.decoder(decoder, dataDim, latent, activation, image);
    }
  }

  /**
   * An unconditional spec (the canonical constructor's before conditions existed).
   *
   * @param dataDim values per example, or {@link #FROM_DATA}
   * @param latent dimension of z
   * @param encoder the encoder's layers
   * @param decoder the decoder's layers
   * @param activation the hidden nonlinearity
   * @param likelihood the decoder's distribution
   * @param initScale standard deviation of the initial weights and biases
   * @param seed the seed
   * @param objective the training objective
   * @param image the images' shape, or null
   * @param schema a table model's columns, or null
   */
  public Vae(int dataDim, int latent, List<Layer> encoder, List<Layer> decoder, Activation activation, Likelihood likelihood,
      double initScale, long seed, Objective objective, @Nullable ImageShape image, @Nullable Schema schema) {
    this(dataDim, latent, encoder, decoder, activation, likelihood, initScale, seed, objective, image, schema, null);
  }

  /** @return the values of c a conditional model's networks take (0 when unconditional) */
  public int conditionDims() { return condition == null ? 0 : condition.dims(); }

  private static List<Layer> layers(String field, @Nullable List<? extends Layer> given) {
    Check.notNull(field, given);
    if (given.isEmpty() || given.size() > MAX_LAYERS)
      throw new InvalidConfigException(field + " must have 1 to " + MAX_LAYERS + " hidden layers, got " + given.size());
    for (Layer l : given) if (l == null) throw new InvalidConfigException(field + " has a null layer");
    return List.copyOf(given);
  }

  /**
   * @return the hidden width when both networks have one dense layer of the same width, the spec's activation and
   *     init (the assignment's shape), else -1
   */
  public int hidden() {
    return encoder.size() == 1 && encoder.equals(decoder) && plain(encoder.get(0)) ? ((Layer.Dense) encoder.get(0)).units() : -1;
  }

  private static boolean plain(Layer l) { return l instanceof Layer.Dense d && d.activation() == null && d.init() == Init.SCALE; }

  /**
   * @return the layers in words: {@code 500} for the assignment's shape, else {@code encoder 512,256 decoder 256,512}
   *     (each in {@link Layer}'s text form)
   */
  public String layersText() {
    if (hidden() > 0) return Integer.toString(hidden());
    return "encoder " + Layer.toText(encoder) + " decoder " + Layer.toText(decoder);
  }

  /** @return whether every layer is dense with the spec's activation and init (an MLP as tfvae built it before conv layers) */
  public boolean isPlainMlp() {
    for (Layer l : encoder) if (!plain(l)) return false;
    for (Layer l : decoder) if (!plain(l)) return false;
    return image == null;
  }

  /**
   * @param images the training data
   * @return this spec with {@code dataDim} taken from the data when it is {@link #FROM_DATA}, else this spec
   * @throws BadDataException if the spec takes its dataDim from the data and the data has more than 65536 values per example
   */
  public Vae resolvedFor(Images images) {
    if (condition != null) images = condition.pixels(images, dataDim == FROM_DATA ? images.dim() - condition.dims() : dataDim);
    if (dataDim == FROM_DATA && images.dim() > MAX_DATA_DIM)
      throw new BadDataException("the data has " + images.dim() + " values per example, more than the " + MAX_DATA_DIM
          + " a model takes (dataDim); reduce the examples' dimension first (e.g. downsample the images)");
    Vae v = dataDim == FROM_DATA ? toBuilder().dataDim(images.dim()).build() : this;
    if (v.image == null && LayerPlan.needsImage(encoder)) {
      if (!images.hasImageShape() || (long) images.height() * images.width() != v.dataDim)
        throw new BadDataException("the encoder's first layer " + encoder.get(0) + " needs images with a height and width, but the data"
            + " are rows of " + images.dim() + " values; give them a shape (Images.withImageShape(height, width)) or call"
            + " Vae.builder().image(height, width, channels)");
      Builder b = v.toBuilder();
      b.image = new ImageShape(images.height(), images.width(), 1);
      v = b.build();
    }
    return v;
  }

  /**
   * @return whether the spec can be built into a network as it is: its dataDim is known, and its image shape when a
   *     layer needs one
   */
  public boolean isResolved() { return dataDim != FROM_DATA && (image != null || !LayerPlan.needsImage(encoder)); }

  /** @return a builder with the assignment's defaults */
  public static Builder builder() { return new Builder(); }

  /** @return a builder that starts from this spec's values */
  public Builder toBuilder() {
    Builder b = new Builder().latent(latent).activation(activation).likelihood(likelihood).initScale(initScale).seed(seed)
        .objective(objective);
    b.encoder = encoder;
    b.decoder = decoder;
    b.dataDim = schema == null ? dataDim : FROM_DATA;
    b.image = image;
    b.schema = schema;
    b.condition = condition;
    return b;
  }

  /**
   * The one way to train a model: trains, reuses or resumes by {@code policy}, and says which it did. With
   * {@link CheckpointPolicy#REPLACE} it trains afresh, writing checkpoints to {@code options.checkpoint()} as it goes
   * when that is set (none when it is null); {@link CheckpointPolicy#REUSE} and {@link CheckpointPolicy#RESUME} look
   * for an earlier run at {@code options.checkpoint()}, which must then be set. A run never replaces a checkpoint it
   * did not start from before its last epoch is done. A resumed run continues exactly as if it had never stopped: the
   * noise of step t is a function of (seed, t) and step t trains on batch t mod (images / batch size), so with the same
   * data, batch size and thread settings its losses and parameters equal those of an unbroken run.
   *
   * <pre>{@code
   * var options = TrainOptions.builder().epochs(100).checkpoint(Path.of("out/model.ckpt")).build();
   * try (TrainingRun run = vae.train(data, options, CheckpointPolicy.REUSE)) {
   *   if (run.note() != null) System.out.println(run.note());   // why the checkpoint was not reused
   *   TrainedVae model = run.model();
   * }
   * }</pre>
   *
   * @param data training and test images (binary for the Bernoulli likelihood); an empty test set means none (no
   *     test ELBO in the history)
   * @param options how to train; {@code epochs} is the total the model must have
   * @param policy what to do with an existing checkpoint: {@link CheckpointPolicy#REPLACE} to train afresh
   * @return the model and how it was obtained; the caller owns it and must close it (closing the run closes it)
   * @throws InvalidConfigException if {@code options.checkpoint()} is null under REUSE or RESUME, or the batch size is
   *     larger than the training set
   * @throws BadDataException if the images do not have {@link #dataDim()} values or are not values the likelihood accepts
   * @throws CheckpointException if an existing checkpoint is damaged, or under {@link CheckpointPolicy#RESUME} holds
   *     another run (the message names the first field that differs)
   * @throws TrainingDivergedException if the loss becomes NaN or infinite (the message says what is on disk)
   */
  public TrainingRun train(DataSplit data, TrainOptions options, CheckpointPolicy policy) {
    return Training.run(this, data, options, policy);
  }

  /**
   * Loads a model saved by training or by {@link TrainedVae#save(Path)} to run on the CPU; its architecture comes from
   * the checkpoint. (To run a checkpoint on the GPU, train with {@link CheckpointPolicy#REUSE} and
   * {@link TrainOptions#device()} set.)
   *
   * @param checkpoint the checkpoint file
   * @return the model; the caller owns it and must close it
   * @throws CheckpointException if the file is missing, damaged or of an unknown format
   */
  public static TrainedVae load(Path checkpoint) { return Backends.get().load(Check.notNull("checkpoint", checkpoint), Device.CPU); }

  /** Mutable builder with the assignment's defaults; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private int dataDim = FROM_DATA;
    private int latent = DEFAULT_LATENT;
    private List<Layer> encoder = List.of(Layer.dense(DEFAULT_HIDDEN));
    private List<Layer> decoder = List.of(Layer.dense(DEFAULT_HIDDEN));
    private @Nullable ImageShape image;
    private Activation activation = Activation.TANH;
    private Likelihood likelihood = Likelihood.BERNOULLI;
    private double initScale = DEFAULT_INIT_SCALE;
    private long seed;
    private Objective objective = Objective.elbo();
    private @Nullable Schema schema;
    private @Nullable Condition condition;

    private Builder() {}

    /**
     * @param values values per example, in [1, 65536]; by default the training data's (784 for MNIST)
     * @return this builder
     */
    public Builder dataDim(int values) { this.dataDim = Check.range("dataDim", values, 1, 65536); return this; }

    /**
     * @param dims latent dimension, in [1, 64]; default 2
     * @return this builder
     */
    public Builder latent(int dims) { this.latent = Check.range("latent", dims, 1, 64); return this; }

    /**
     * One hidden layer of {@code units} in both the encoder and the decoder (the assignment's shape).
     *
     * @param units hidden units, in [1, 8192]; default 500
     * @return this builder
     */
    public Builder hidden(int units) {
      List<Layer> one = layers("hidden", List.of(Layer.dense(Check.range("hidden layer width", units, 1, 8192))));
      this.encoder = one;
      this.decoder = one;
      return this;
    }

    /**
     * @param widths the encoder's hidden-layer widths, input side first (e.g. {@code encoder(512, 256)}); 1 to 8
     *     layers, each in [1, 8192]; default one layer of 500
     * @return this builder
     */
    public Builder encoder(int... widths) { this.encoder = layers("encoder", dense("encoder", widths)); return this; }

    /**
     * @param layers the encoder's layers, input side first, e.g. {@code encoder(conv(32, 3, 2), conv(64, 3, 2), flatten(),
     *     dense(16))}; 1 to 8 (see {@link Layer}); its dense [mean | log-std] head follows them
     * @return this builder
     */
    public Builder encoder(Layer... layers) { this.encoder = layers("encoder", Arrays.asList(Check.notNull("layers", layers))); return this; }

    /**
     * @param layers the encoder's layers, input side first
     * @return this builder
     */
    public Builder encoder(List<? extends Layer> layers) { this.encoder = layers("encoder", layers); return this; }

    /**
     * @param widths the decoder's hidden-layer widths, latent side first (e.g. {@code decoder(256, 512)}); 1 to 8
     *     layers, each in [1, 8192]; default one layer of 500
     * @return this builder
     */
    public Builder decoder(int... widths) { this.decoder = layers("decoder", dense("decoder", widths)); return this; }

    /**
     * @param layers the decoder's layers, latent side first, e.g. {@code decoder(dense(3136), reshape(7, 7, 64),
     *     convTranspose(32, 3, 4), convTranspose(1, 3, 1))}; 1 to 8 (see {@link Layer}); when the last is not a
     *     (transposed) convolution, a dense output layer of dataDim units follows them
     * @return this builder
     */
    public Builder decoder(Layer... layers) { this.decoder = layers("decoder", Arrays.asList(Check.notNull("layers", layers))); return this; }

    /**
     * @param layers the decoder's layers, latent side first
     * @return this builder
     */
    public Builder decoder(List<? extends Layer> layers) { this.decoder = layers("decoder", layers); return this; }

    private static List<Layer> dense(String field, int[] widths) {
      Check.notNull("widths", widths);
      List<Layer> out = new java.util.ArrayList<>();
      for (int w : widths) out.add(Layer.dense(Check.range(field + " layer width", w, 1, 8192)));
      return out;
    }

    /**
     * The images' shape, which convolution layers need (by default the training data's height and width, 1 channel);
     * also sets dataDim to height * width * channels.
     *
     * @param height rows, in [1, 4096]
     * @param width columns, in [1, 4096]
     * @param channels values per pixel, in [1, 64]
     * @return this builder
     */
    public Builder image(int height, int width, int channels) {
      ImageShape s = new ImageShape(height, width, channels);
      this.dataDim = (int) Check.range("image size", s.size(), 1, MAX_DATA_DIM);
      this.image = s;
      return this;
    }

    /**
     * @param fn hidden nonlinearity; default tanh
     * @return this builder
     */
    public Builder activation(Activation fn) { this.activation = Check.notNull("activation", fn); return this; }

    /**
     * @param likelihood the decoder's distribution over each value; default Bernoulli (binary data)
     * @return this builder
     */
    public Builder likelihood(Likelihood likelihood) { this.likelihood = Check.notNull("likelihood", likelihood); return this; }

    /**
     * @param stddev initial weight and bias standard deviation, in (0, 1]; default 0.01 (suits tanh; see
     *     {@link Vae#initScale()} for ReLU)
     * @return this builder
     */
    public Builder initScale(double stddev) { this.initScale = Check.positive("initScale", stddev, 1.0); return this; }

    /**
     * @param seed seed of the initial weights and the training noise; default 0
     * @return this builder
     */
    public Builder seed(long seed) { this.seed = seed; return this; }

    /**
     * @param objective the training objective; default {@link Objective#elbo()}
     * @return this builder
     */
    public Builder objective(Objective objective) { this.objective = Check.notNull("objective", objective); return this; }

    /**
     * Makes this a table model: each column of the schema gets its own likelihood (numeric Gaussian, binary Bernoulli,
     * categorical softmax, count Poisson) and dataDim becomes {@link Schema#width()}; train it on
     * {@link Images#withMissing(float[][])} of the schema's {@link Schema#encode encoded} rows.
     *
     * @param schema the table's columns, or null for an image model (the default)
     * @return this builder
     */
    public Builder schema(@Nullable Schema schema) { this.schema = schema; return this; }

    /**
     * Makes this a conditional model, q(z | x, c) and p(x | z, c): {@code Condition.label(10)} for MNIST's digit labels
     * (one-hot), {@code Condition.columns(n)} for n numeric side columns after each example's values.
     *
     * @param condition the condition, or null for an unconditional model (the default)
     * @return this builder
     */
    public Builder condition(@Nullable Condition condition) { this.condition = condition; return this; }

    /** @return the immutable spec */
    public Vae build() {
      return new Vae(dataDim, latent, encoder, decoder, activation, likelihood, initScale, seed, objective, image, schema, condition);
    }
  }
}
