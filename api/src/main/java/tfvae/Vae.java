package tfvae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Check;
import tfvae.internal.Checkpoints;
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
 * var data = Mnist.load(Path.of("data/mnist"));
 * var vae = Vae.builder().latent(2).hidden(500).seed(0).build();
 * try (TrainedVae model = vae.train(data, TrainOptions.defaults())) {
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
 */
public record Vae(int dataDim, int latent, List<Integer> encoder, List<Integer> decoder, Activation activation,
    Likelihood likelihood, double initScale, long seed, Objective objective) {

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
   * @throws InvalidConfigException if a value is out of range or null, naming the field
   */
  public Vae {
    if (dataDim != FROM_DATA) Check.range("dataDim", dataDim, 1, 65536);
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

  private static String join(List<Integer> widths) {
    StringBuilder s = new StringBuilder();
    for (int w : widths) s.append(s.length() == 0 ? "" : ",").append(w);
    return s.toString();
  }

  /**
   * @param images the training data
   * @return this spec with {@code dataDim} taken from the data when it is {@link #FROM_DATA}, else this spec
   */
  public Vae resolvedFor(Images images) {
    return dataDim == FROM_DATA ? toBuilder().dataDim(images.dim()).build() : this;
  }

  /** @return a builder with the assignment's defaults */
  public static Builder builder() { return new Builder(); }

  /** @return a builder that starts from this spec's values */
  public Builder toBuilder() {
    Builder b = new Builder().latent(latent).encoder(ints(encoder)).decoder(ints(decoder)).activation(activation)
        .likelihood(likelihood).initScale(initScale).seed(seed).objective(objective);
    b.dataDim = dataDim;
    return b;
  }

  private static int[] ints(List<Integer> widths) { return widths.stream().mapToInt(Integer::intValue).toArray(); }

  /**
   * Trains a new model by the given options on {@code data.train()}, evaluating on {@code data.test()}. With
   * {@code options.checkpoint()} set it writes checkpoints as it goes, starting from scratch;
   * {@link #train(DataSplit, TrainOptions, CheckpointPolicy)} reuses or resumes an existing checkpoint instead.
   *
   * @param data training and test images (binary for the Bernoulli likelihood)
   * @param options epochs, batch size, learning rate, progress
   * @return the trained model; the caller owns it and must close it
   * @throws BadDataException if the images do not have {@link #dataDim()} values or are not values the likelihood accepts
   * @throws InvalidConfigException if the batch size is larger than the training set
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainedVae train(DataSplit data, TrainOptions options) {
    return Backends.get().train(resolvedFor(data.train()), data.train(), data.test(), options);
  }

  /**
   * Trains a new model on {@code train} with no test set (no test ELBO in the history).
   *
   * @param train training images (binary for the Bernoulli likelihood)
   * @param options epochs, batch size, learning rate, progress
   * @return the trained model; the caller owns it and must close it
   * @throws BadDataException if the images do not have {@link #dataDim()} values or are not values the likelihood accepts
   * @throws InvalidConfigException if the batch size is larger than the training set
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public TrainedVae train(Images train, TrainOptions options) {
    return Backends.get().train(resolvedFor(train), train, null, options);
  }

  /**
   * The one training entry that knows about an existing checkpoint: trains, reuses or resumes by {@code policy}, and
   * says which it did. {@code options.checkpoint()} must be set: it is where training writes its checkpoints and
   * where an earlier run is looked for. A run never replaces a checkpoint it did not start from before its last
   * epoch is done (see {@link CheckpointPolicy#REPLACE}).
   *
   * <pre>{@code
   * var options = TrainOptions.builder().epochs(100).checkpoint(Path.of("out/model.ckpt")).build();
   * try (TrainingRun run = vae.train(data, options, CheckpointPolicy.REUSE)) {
   *   if (run.note() != null) System.out.println(run.note());   // why the checkpoint was not reused
   *   TrainedVae model = run.model();
   * }
   * }</pre>
   *
   * @param data training and test images (binary for the Bernoulli likelihood)
   * @param options how to train; {@code checkpoint} must be set, and {@code epochs} is the total the model must have
   * @param policy what to do with an existing checkpoint
   * @return the model and how it was obtained; the caller owns it and must close it
   * @throws InvalidConfigException if {@code options.checkpoint()} is null
   * @throws CheckpointException if an existing checkpoint is damaged, or under {@link CheckpointPolicy#RESUME} holds
   *     another run (the message names the first field that differs)
   * @throws TrainingDivergedException if the loss becomes NaN or infinite (the message says what is on disk)
   */
  public TrainingRun train(DataSplit data, TrainOptions options, CheckpointPolicy policy) {
    Check.notNull("policy", policy);
    Path target = options.checkpoint();
    if (target == null)
      throw new InvalidConfigException("checkpoint must not be null for train(data, options, " + policy + "); set TrainOptions.builder().checkpoint(path)");
    if (policy == CheckpointPolicy.REPLACE) return new TrainingRun(train(data, options), TrainingRun.Outcome.TRAINED, 1, null);
    Vae spec = resolvedFor(data.train());
    TrainingRecord wanted = TrainingRecord.of(options, data.train(), data.test());
    if (policy == CheckpointPolicy.REUSE) {
      if (!Files.isRegularFile(target)) return new TrainingRun(train(data, options), TrainingRun.Outcome.TRAINED, 1, null);
      TrainedVae old = Backends.get().load(target, options.device());
      String diff = spec.differenceFrom(old, wanted, options.epochs(), true);
      if (diff == null) return new TrainingRun(old, TrainingRun.Outcome.REUSED, 0, null);
      old.close();
      return new TrainingRun(train(data, options), TrainingRun.Outcome.TRAINED, 1, "not reusing " + target + ": " + diff);
    }
    String refusal = null;
    for (Path file : List.of(Checkpoints.partial(target), target)) {
      if (!Files.isRegularFile(file)) continue;
      TrainedVae old = Backends.get().load(file, options.device());
      String diff = spec.differenceFrom(old, wanted, options.epochs(), false);
      if (diff == null) {
        int done = old.history().size();
        continueTraining(old, file, data.train(), data.test(), options);
        return new TrainingRun(old, TrainingRun.Outcome.RESUMED, done < options.epochs() ? done + 1 : 0, null);
      }
      old.close();
      if (refusal == null) refusal = "cannot resume " + file + ": " + diff + " (a resumed run must continue the same run)";
    }
    if (refusal != null) throw new CheckpointException(refusal);
    return new TrainingRun(train(data, options), TrainingRun.Outcome.TRAINED, 1, null);
  }

  /**
   * Continues a training run from a checkpoint (written by training with {@link TrainOptions#checkpoint()} set, or by
   * {@link TrainedVae#save(Path)}) until the model has {@code options.epochs()} epochs in all, exactly as if it had
   * never stopped: the noise of step t is a function of (seed, t) and step t trains on batch t mod (images / batch
   * size), so with the same data, batch size and thread settings the per-epoch losses and the parameters equal those
   * of an unbroken run. The checkpoint's {@link TrainingRecord} must match the options and data given (a checkpoint
   * from an older tfvae has none, and is continued on the caller's word). The
   * architecture and seed come from the checkpoint; the model runs on {@code options.device()}. A checkpoint that already has
   * {@code options.epochs()} epochs or more is returned as it is.
   *
   * @param checkpoint the checkpoint to continue from
   * @param data training and test images (the interrupted run's)
   * @param options training options; {@code epochs} is the total to reach, and new checkpoints go to
   *     {@code options.checkpoint()} (none when it is null)
   * @return the model; the caller owns it and must close it
   * @throws CheckpointException if the checkpoint is missing or damaged, or its batch size, learning rate or data
   *     differ from these (the message names the first difference)
   * @throws BadDataException if the images do not have the checkpoint's {@code dataDim} values or are not values the likelihood accepts
   * @throws InvalidConfigException if the batch size is larger than the training set
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public static TrainedVae resume(Path checkpoint, DataSplit data, TrainOptions options) {
    return resume(checkpoint, data.train(), data.test(), options);
  }

  /**
   * Like {@link #resume(Path, DataSplit, TrainOptions)}, for a run trained with no test set.
   *
   * @param checkpoint the checkpoint to continue from
   * @param train training images (the interrupted run's)
   * @param options training options; {@code epochs} is the total to reach
   * @return the model; the caller owns it and must close it
   * @throws CheckpointException if the checkpoint is missing or damaged, or holds another run
   * @throws BadDataException if the images do not have the checkpoint's {@code dataDim} values or are not values the likelihood accepts
   * @throws InvalidConfigException if the batch size is larger than the training set
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public static TrainedVae resume(Path checkpoint, Images train, TrainOptions options) {
    return resume(checkpoint, train, null, options);
  }

  private static TrainedVae resume(Path checkpoint, Images train, @Nullable Images test, TrainOptions options) {
    TrainedVae model = Backends.get().load(checkpoint, options.device());
    String diff;
    try {
      TrainingRecord had = model.training(); // null from an older tfvae: resumed on the caller's word
      diff = had == null ? null : had.differenceFrom(TrainingRecord.of(options, train, test));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    if (diff != null) {
      model.close();
      throw new CheckpointException("cannot resume " + checkpoint + ": " + diff + " (a resumed run must continue the same run)");
    }
    return continueTraining(model, checkpoint, train, test, options);
  }

  private static TrainedVae continueTraining(TrainedVae model, Path from, Images train, @Nullable Images test, TrainOptions options) {
    try {
      return Backends.get().resume(model, from, train, test, options);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * @return the first way in which {@code old} is not the run this spec, {@code wanted} and {@code epochs} describe
   *     (with {@code exactEpochs} false, fewer epochs are allowed: a run to continue), or null when it is
   */
  private @Nullable String differenceFrom(TrainedVae old, TrainingRecord wanted, int epochs, boolean exactEpochs) {
    Vae o = old.spec();
    if (o.dataDim() != dataDim) return "its dataDim is " + o.dataDim() + ", not " + dataDim;
    if (o.latent() != latent) return "its latent dimension is " + o.latent() + ", not " + latent;
    if (!o.encoder().equals(encoder)) return "its encoder layers are " + join(o.encoder()) + ", not " + join(encoder);
    if (!o.decoder().equals(decoder)) return "its decoder layers are " + join(o.decoder()) + ", not " + join(decoder);
    if (o.activation() != activation) return "its activation is " + o.activation() + ", not " + activation;
    if (o.likelihood() != likelihood) return "its likelihood is " + o.likelihood() + ", not " + likelihood;
    if (o.initScale() != initScale) return "its initScale is " + o.initScale() + ", not " + initScale;
    if (o.seed() != seed) return "its seed is " + o.seed() + ", not " + seed;
    if (!o.objective().equals(objective)) return "its objective is " + o.objective() + ", not " + objective;
    int have = old.history().size();
    if (exactEpochs ? have != epochs : have > epochs)
      return "it has " + have + " epochs, " + (exactEpochs ? "not " : "more than the ") + epochs + (exactEpochs ? "" : " asked for");
    return trainingDifference(old, wanted);
  }

  private static @Nullable String trainingDifference(TrainedVae old, TrainingRecord wanted) {
    TrainingRecord had = old.training();
    if (had == null)
      return old.history().isEmpty() ? null : "it does not record its training options and data (an older tfvae wrote it)";
    return had.differenceFrom(wanted);
  }

  /**
   * @return a model with this spec's initial (untrained) parameters, on the CPU, with {@link #DEFAULT_DATA_DIM} (784)
   *     values per example when {@code dataDim} was not set (an untrained model has no data to take it from); the
   *     caller owns it and must close it
   */
  public TrainedVae initialize() {
    Vae spec = dataDim == FROM_DATA ? toBuilder().dataDim(DEFAULT_DATA_DIM).build() : this;
    return Backends.get().create(spec, Device.CPU);
  }

  /**
   * Loads a model saved with {@link TrainedVae#save(Path)} to run on the CPU. Its architecture comes from the
   * checkpoint.
   *
   * @param checkpoint the checkpoint file
   * @return the model; the caller owns it and must close it
   * @throws CheckpointException if the file is missing, damaged or of an unknown format
   */
  public static TrainedVae load(Path checkpoint) { return load(checkpoint, Device.CPU); }

  /**
   * Loads a model saved with {@link TrainedVae#save(Path)} to run on {@code device}.
   *
   * @param checkpoint the checkpoint file
   * @param device where its queries run
   * @return the model; the caller owns it and must close it
   * @throws CheckpointException if the file is missing, damaged or of an unknown format
   * @throws VaeException if {@code device} is {@link Device#GPU} and TensorFlow finds none
   */
  public static TrainedVae load(Path checkpoint, Device device) {
    return Backends.get().load(checkpoint, Check.notNull("device", device));
  }

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

    /** @return the immutable spec */
    public Vae build() { return new Vae(dataDim, latent, encoder, decoder, activation, likelihood, initScale, seed, objective); }
  }
}
