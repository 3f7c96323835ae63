package tfvae;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tfvae.internal.Check;

/**
 * How to train: Adam on the negative objective ({@link Vae#objective()}) averaged over minibatches (Kingma and Ba
 * 2015), batches taken in order or reshuffled each epoch.
 *
 * @param epochs passes over the training set; in [1, 100000]; default 100
 * @param batchSize images per Adam step; in [1, 100000]; default 100; must not exceed the training-set size
 * @param learningRate Adam's step size; in (0, 1] and at least float32's smallest normal value (Adam runs in
 *     float32); default 1e-3
 * @param testEvery evaluate the test ELBO over the whole test set every this many epochs (0: only after the last
 *     epoch); default 1
 * @param threads TensorFlow intra- and inter-op threads; 0 lets TensorFlow choose (the default)
 * @param progress report each epoch (ELBOs, steps per second, time left) as an INFO record of the {@link System.Logger}
 *     named {@code tfvae.progress}; default false: a library call prints nothing unless asked, in JShell too. The
 *     command-line programs and the figure recipes ({@code scripts/fig-*.jsh}, with {@code progress(true)}) turn it on
 * @param listener called after every epoch with its statistics, or null
 * @param checkpoint where training writes checkpoints (atomically, each replacing the last), or null for none (the
 *     default); {@link Vae#train(tfvae.data.DataSplit, TrainOptions, CheckpointPolicy)} with {@link CheckpointPolicy#RESUME} continues from such a file
 * @param checkpointEvery write the checkpoint every this many epochs, and always after the last epoch (0: only after
 *     the last epoch); in [0, 100000]; default 1; ignored when {@code checkpoint} is null
 * @param device where TensorFlow trains, and where the trained model's queries run; default {@link Device#CPU}. Not
 *     part of what a checkpoint records: a run is the same run wherever it ran
 * @param shuffle false (the default, the assignment's): step t trains on batch t mod (n / batchSize) in order; true:
 *     each epoch visits the images in a new order, a permutation that is a function of the spec's seed and the epoch
 *     number alone (so a resumed run continues it exactly). The last n mod batchSize images of each epoch's order are
 *     not visited in that epoch
 * @param probe what to measure on the model after chosen epochs ({@link EpochProbe}), or null for nothing (the
 *     default); its measures go into {@link EpochStats#measures()} and the checkpoint, and its name into the run's
 *     {@link TrainingRecord}
 */
public record TrainOptions(int epochs, int batchSize, double learningRate, int testEvery, int threads,
    boolean progress, @Nullable EpochListener listener, @Nullable Path checkpoint, int checkpointEvery, Device device,
    boolean shuffle, @Nullable EpochProbe probe) {

  /** The assignment's epochs. */
  public static final int DEFAULT_EPOCHS = 100;
  /** The assignment's batch size. */
  public static final int DEFAULT_BATCH_SIZE = 100;
  /** The assignment's Adam step size. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  /**
   * Checks every component.
   *
   * @param epochs passes over the training set, in [1, 100000]
   * @param batchSize images per Adam step, in [1, 100000]
   * @param learningRate Adam's step size, in (0, 1]
   * @param testEvery test ELBO every this many epochs, in [0, 100000] (0: only after the last epoch)
   * @param threads TensorFlow threads, in [0, 1024] (0: TensorFlow's choice)
   * @param progress whether to log each epoch on the {@code tfvae.progress} logger
   * @param listener called after every epoch, or null
   * @param checkpoint where training writes checkpoints, or null for none
   * @param checkpointEvery checkpoint every this many epochs, in [0, 100000] (0: only after the last epoch)
   * @param device where TensorFlow trains and the model's queries run
   * @param shuffle whether each epoch reshuffles the training images
   * @param probe what to measure after chosen epochs, or null
   * @throws InvalidConfigException if a value is out of range, naming the field
   */
  public TrainOptions {
    Check.range("epochs", epochs, 1, 100_000);
    Check.range("batchSize", batchSize, 1, 100_000);
    checkLearningRate(learningRate);
    Check.range("testEvery", testEvery, 0, 100_000);
    Check.range("threads", threads, 0, 1024);
    Check.range("checkpointEvery", checkpointEvery, 0, 100_000);
    Check.notNull("device", device);
  }

  /** Adam runs in float32: a rate that rounds to 0 or to a subnormal there would silently train nothing. */
  private static double checkLearningRate(double rate) {
    Check.positive("learningRate", rate, 1.0);
    if ((float) rate < Float.MIN_NORMAL)
      throw new InvalidConfigException("learningRate must be at least " + Float.MIN_NORMAL + " (the smallest normal float32, the"
          + " precision Adam runs in), got " + rate);
    return rate;
  }

  /** @return the assignment's protocol: 100 epochs, batch 100, Adam 1e-3, test ELBO every epoch, no progress */
  public static TrainOptions defaults() { return builder().build(); }

  /** @return a builder with the defaults */
  public static Builder builder() { return new Builder(); }

  /** @return a builder that starts from these options' values */
  public Builder toBuilder() {
    return new Builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).testEvery(testEvery).threads(threads)
        .progress(progress).listener(listener).checkpoint(checkpoint).checkpointEvery(checkpointEvery).device(device)
        .shuffle(shuffle).probe(probe);
  }

  /** Called once per finished epoch, on the training thread. */
  @FunctionalInterface
  public interface EpochListener {
    /** @param stats the statistics of the epoch that just finished */
    void onEpoch(EpochStats stats);
  }

  /** Mutable builder; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private int testEvery = 1;
    private int threads;
    private boolean progress;
    private @Nullable EpochListener listener;
    private @Nullable Path checkpoint;
    private int checkpointEvery = 1;
    private Device device = Device.CPU;
    private boolean shuffle;
    private @Nullable EpochProbe probe;

    private Builder() {}

    /**
     * @param n passes over the training set, in [1, 100000]; default 100
     * @return this builder
     */
    public Builder epochs(int n) { this.epochs = Check.range("epochs", n, 1, 100_000); return this; }

    /**
     * @param n images per step, in [1, 100000]; default 100
     * @return this builder
     */
    public Builder batchSize(int n) { this.batchSize = Check.range("batchSize", n, 1, 100_000); return this; }

    /**
     * @param rate Adam step size, in (0, 1]; default 1e-3
     * @return this builder
     */
    public Builder learningRate(double rate) { this.learningRate = checkLearningRate(rate); return this; }

    /**
     * @param epochs test ELBO every this many epochs, 0 for only at the end; default 1
     * @return this builder
     */
    public Builder testEvery(int epochs) { this.testEvery = Check.range("testEvery", epochs, 0, 100_000); return this; }

    /**
     * @param n TensorFlow threads, 0 for TensorFlow's choice (default)
     * @return this builder
     */
    public Builder threads(int n) { this.threads = Check.range("threads", n, 0, 1024); return this; }

    /**
     * @param show whether to log each epoch on the {@link System.Logger} named {@code tfvae.progress} (INFO);
     *     default false
     * @return this builder
     */
    public Builder progress(boolean show) { this.progress = show; return this; }

    /**
     * @param listener called after every epoch, or null for none
     * @return this builder
     */
    public Builder listener(@Nullable EpochListener listener) { this.listener = listener; return this; }

    /**
     * @param file where training writes checkpoints (atomically; a killed run leaves the last complete one), or null
     *     for none (the default)
     * @return this builder
     */
    public Builder checkpoint(@Nullable Path file) { this.checkpoint = file; return this; }

    /**
     * @param epochs write the checkpoint every this many epochs and after the last one, 0 for only after the last; in
     *     [0, 100000]; default 1
     * @return this builder
     */
    public Builder checkpointEvery(int epochs) {
      this.checkpointEvery = Check.range("checkpointEvery", epochs, 0, 100_000);
      return this;
    }

    /**
     * @param where cpu (default), gpu or auto: where training runs and the trained model's queries run
     * @return this builder
     */
    public Builder device(Device where) { this.device = Check.notNull("device", where); return this; }

    /**
     * @param reshuffle true: a seeded reshuffle of the training images each epoch; false (default): batches in order
     * @return this builder
     */
    public Builder shuffle(boolean reshuffle) { this.shuffle = reshuffle; return this; }

    /**
     * @param probe what to measure on the model after the epochs it says ({@link EpochProbe}), or null for nothing
     *     (the default)
     * @return this builder
     */
    public Builder probe(@Nullable EpochProbe probe) { this.probe = probe; return this; }

    /** @return the immutable options */
    public TrainOptions build() {
      return new TrainOptions(epochs, batchSize, learningRate, testEvery, threads, progress, listener, checkpoint,
          checkpointEvery, device, shuffle, probe);
    }
  }
}
