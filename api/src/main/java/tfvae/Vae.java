package tfvae;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Check;
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
 * @param encoder the encoder's hidden-layer widths, input side first; 1 to 8 layers, each in [1, 8192]; default [500]
 * @param decoder the decoder's hidden-layer widths, latent side first; 1 to 8 layers, each in [1, 8192]; default [500]
 * @param activation the hidden nonlinearity; default {@link Activation#TANH}
 * @param likelihood the decoder's distribution over each value; default {@link Likelihood#BERNOULLI}
 * @param initScale standard deviation of the initial weights and biases; in (0, 1]; default 0.01, which suits tanh
 *     layers of a few hundred units (the assignment's); for ReLU layers a He-style scale sqrt(2 / fan-in), about
 *     0.05 for 784 inputs, keeps the activations from vanishing
 * @param seed seed of the initial weights and of every noise draw in training; any long; default 0
 * @param objective the training objective; default {@link Objective#elbo()}
 * @param schema for a table model, its columns, each with its own likelihood (dataDim is then {@link Schema#width()}
 *     and {@code likelihood} is not used); null (the default) for an image model, every value under {@code likelihood}
 */
public record Vae(int dataDim, int latent, List<Integer> encoder, List<Integer> decoder, Activation activation,
    Likelihood likelihood, double initScale, long seed, Objective objective, @Nullable Schema schema) {

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

  /**
   * An image model's spec (no schema): the components as before tables.
   *
   * @param dataDim values per example, in [1, 65536], or {@link #FROM_DATA}
   * @param latent dimension of z, in [1, 64]
   * @param encoder the encoder's hidden widths (copied)
   * @param decoder the decoder's hidden widths (copied)
   * @param activation the hidden nonlinearity
   * @param likelihood the decoder's distribution
   * @param initScale standard deviation of the initial weights and biases, in (0, 1]
   * @param seed seed of the initial weights and of every noise draw in training
   * @param objective the training objective
   * @throws InvalidConfigException if a value is out of range or null, naming the field
   */
  public Vae(int dataDim, int latent, List<Integer> encoder, List<Integer> decoder, Activation activation, Likelihood likelihood,
      double initScale, long seed, Objective objective) {
    this(dataDim, latent, encoder, decoder, activation, likelihood, initScale, seed, objective, null);
  }

  /** @return whether this is a table model (it has a {@link #schema()}) */
  public boolean isTable() { return schema != null; }

  /**
   * Checks every component; the same checks run for a spec built by hand and one read from a checkpoint.
   *
   * @param dataDim values per example, in [1, 65536], or {@link #FROM_DATA}
   * @param latent dimension of z, in [1, 64]
   * @param encoder the encoder's hidden widths (copied)
   * @param decoder the decoder's hidden widths (copied)
   * @param activation the hidden nonlinearity
   * @param likelihood the decoder's distribution
   * @param initScale standard deviation of the initial weights and biases, in (0, 1]
   * @param seed seed of the initial weights and of every noise draw in training
   * @param objective the training objective
   * @param schema a table model's columns, or null for an image model
   * @throws InvalidConfigException if a value is out of range or null, naming the field, or dataDim is not the
   *     schema's width
   */
  public Vae {
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
  }

  private static List<Integer> layers(String field, @Nullable List<Integer> widths) {
    Check.notNull(field, widths);
    if (widths.isEmpty() || widths.size() > MAX_LAYERS)
      throw new InvalidConfigException(field + " must have 1 to " + MAX_LAYERS + " hidden layers, got " + widths.size());
    for (Integer w : widths) {
      if (w == null) throw new InvalidConfigException(field + " has a null layer width");
      Check.range(field + " layer width", w, 1, 8192);
    }
    return List.copyOf(widths);
  }

  /**
   * @return the hidden width when both networks have one layer of the same width (the assignment's shape), else -1
   */
  public int hidden() {
    return encoder.size() == 1 && encoder.equals(decoder) ? encoder.get(0) : -1;
  }

  /** @return the layers in words: {@code 500} for the assignment's shape, else {@code encoder 512,256 decoder 256,512} */
  public String layersText() {
    if (hidden() > 0) return Integer.toString(hidden());
    return "encoder " + join(encoder) + " decoder " + join(decoder);
  }

  static String join(List<Integer> widths) {
    StringBuilder s = new StringBuilder();
    for (int w : widths) s.append(s.length() == 0 ? "" : ",").append(w);
    return s.toString();
  }

  /**
   * @param images the training data
   * @return this spec with {@code dataDim} taken from the data when it is {@link #FROM_DATA}, else this spec
   * @throws BadDataException if the spec takes its dataDim from the data and the data has more than 65536 values per example
   */
  public Vae resolvedFor(Images images) {
    if (dataDim == FROM_DATA && images.dim() > MAX_DATA_DIM)
      throw new BadDataException("the data has " + images.dim() + " values per example, more than the " + MAX_DATA_DIM
          + " a model takes (dataDim); reduce the examples' dimension first (e.g. downsample the images)");
    return dataDim == FROM_DATA ? toBuilder().dataDim(images.dim()).build() : this;
  }

  /** @return a builder with the assignment's defaults */
  public static Builder builder() { return new Builder(); }

  /** @return a builder that starts from this spec's values */
  public Builder toBuilder() {
    Builder b = new Builder().latent(latent).encoder(ints(encoder)).decoder(ints(decoder)).activation(activation)
        .likelihood(likelihood).initScale(initScale).seed(seed).objective(objective);
    b.dataDim = schema == null ? dataDim : FROM_DATA;
    b.schema = schema;
    return b;
  }

  private static int[] ints(List<Integer> widths) { return widths.stream().mapToInt(Integer::intValue).toArray(); }

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
    private List<Integer> encoder = List.of(DEFAULT_HIDDEN);
    private List<Integer> decoder = List.of(DEFAULT_HIDDEN);
    private Activation activation = Activation.TANH;
    private Likelihood likelihood = Likelihood.BERNOULLI;
    private double initScale = DEFAULT_INIT_SCALE;
    private long seed;
    private Objective objective = Objective.elbo();
    private @Nullable Schema schema;

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
      List<Integer> one = layers("hidden", List.of(units));
      this.encoder = one;
      this.decoder = one;
      return this;
    }

    /**
     * @param widths the encoder's hidden-layer widths, input side first (e.g. {@code encoder(512, 256)}); 1 to 8
     *     layers, each in [1, 8192]; default one layer of 500
     * @return this builder
     */
    public Builder encoder(int... widths) { this.encoder = layers("encoder", boxed(widths)); return this; }

    /**
     * @param widths the decoder's hidden-layer widths, latent side first (e.g. {@code decoder(256, 512)}); 1 to 8
     *     layers, each in [1, 8192]; default one layer of 500
     * @return this builder
     */
    public Builder decoder(int... widths) { this.decoder = layers("decoder", boxed(widths)); return this; }

    private static List<Integer> boxed(int[] widths) {
      Check.notNull("widths", widths);
      return java.util.Arrays.stream(widths).boxed().toList();
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

    /** @return the immutable spec */
    public Vae build() { return new Vae(dataDim, latent, encoder, decoder, activation, likelihood, initScale, seed, objective, schema); }
  }
}
