package tfvae;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;
import tfvae.internal.Check;

/**
 * What a trained model's parameters depend on besides its architecture and seed ({@link Vae}): the training
 * options that shape every step and the exact data it saw. Training records it in the model and its checkpoint;
 * reusing or resuming a checkpoint ({@link CheckpointPolicy}) requires it to match, field by field.
 *
 * <p>The epoch count, the test cadence, progress and threads are not part of it: the epoch count is compared on its
 * own (a run of 6 epochs is not a run of 7), and the others do not change the parameters.
 *
 * @param batchSize images per Adam step
 * @param learningRate Adam's step size
 * @param batchOrder how batches are drawn from the training set: {@link #IN_ORDER} (batch t mod (n / batchSize),
 *     the assignment's) or {@link #SHUFFLED} (a seeded permutation per epoch)
 * @param train the training images
 * @param test the test images whose ELBO the history records, or null for none
 * @param probe the {@link EpochProbe#name()} of what the run measured while it trained, or null for none. It does not
 *     change the parameters: {@link #differenceFrom} leaves it out, and {@link CheckpointPolicy} compares it (a
 *     reused run must have been measured under the probe asked for, if any; a resumed one under the same)
 */
public record TrainingRecord(int batchSize, double learningRate, String batchOrder, Data train, @Nullable Data test,
    @Nullable String probe) {
  /** Batches taken in order: step t trains on batch t mod (images / batchSize). */
  public static final String IN_ORDER = "in-order";
  /** Each epoch a new permutation of the images, a function of the spec's seed and the epoch number. */
  public static final String SHUFFLED = "shuffled";

  /**
   * @param batchSize images per Adam step, at least 1
   * @param learningRate Adam's step size, positive
   * @param batchOrder how batches are drawn
   * @param train the training images
   * @param test the test images, or null
   * @param probe the name of the run's probe, or null
   * @throws InvalidConfigException if a value is out of range or null
   */
  public TrainingRecord {
    Check.range("batchSize", batchSize, 1, Integer.MAX_VALUE);
    Check.positive("learningRate", learningRate, Double.MAX_VALUE);
    Check.notNull("batchOrder", batchOrder);
    Check.notNull("train", train);
  }

  /**
   * A record of a run without a probe.
   *
   * @param batchSize images per Adam step, at least 1
   * @param learningRate Adam's step size, positive
   * @param batchOrder how batches are drawn
   * @param train the training images
   * @param test the test images, or null
   */
  public TrainingRecord(int batchSize, double learningRate, String batchOrder, Data train, @Nullable Data test) {
    this(batchSize, learningRate, batchOrder, train, test, null);
  }

  /**
   * @param options the training options
   * @param train the training images
   * @param test the test images, or null for none
   * @return the record of a run with these options on these images
   */
  public static TrainingRecord of(TrainOptions options, Images train, @Nullable Images test) {
    return new TrainingRecord(options.batchSize(), options.learningRate(), options.shuffle() ? SHUFFLED : IN_ORDER, Data.of(train), test == null ? null : Data.of(test),
        options.probe() == null ? null : Check.notNull("probe's name()", options.probe().name()));
  }

  /**
   * @param wanted the record of the run that would reuse or continue this one
   * @return the first difference, in words ("its learning rate is 0.001, not 0.06"), or null when they match
   */
  public @Nullable String differenceFrom(TrainingRecord wanted) {
    if (batchSize != wanted.batchSize) return "its batch size is " + batchSize + ", not " + wanted.batchSize;
    if (learningRate != wanted.learningRate)
      return "its learning rate is " + number(learningRate) + ", not " + number(wanted.learningRate);
    if (!batchOrder.equals(wanted.batchOrder)) return "its batch order is " + batchOrder + ", not " + wanted.batchOrder;
    String d = train.differenceFrom("training", wanted.train);
    if (d != null) return d;
    if (test == null || wanted.test == null)
      return test == wanted.test ? null : test == null ? "it was trained without test images" : "it was trained with test images";
    return test.differenceFrom("test", wanted.test);
  }

  private static String number(double v) { return String.format(Locale.ROOT, "%s", v); }

  /**
   * A data set's identity: its size and a SHA-256 of its pixels (count, rows and columns as 32-bit big-endian
   * integers, then every pixel's float32 bits, little-endian). Labels are not hashed: training does not see them.
   *
   * @param count images
   * @param dim values per image
   * @param sha256 the hash, 64 lowercase hex digits
   */
  public record Data(int count, int dim, String sha256) {
    /**
     * @param count images, at least 0
     * @param dim values per image, at least 1
     * @param sha256 the hash, 64 lowercase hex digits
     * @throws InvalidConfigException if a value is out of range or the hash is malformed
     */
    public Data {
      Check.range("count", count, 0, Integer.MAX_VALUE);
      Check.range("dim", dim, 1, Integer.MAX_VALUE);
      Check.notNull("sha256", sha256);
      if (!sha256.matches("[0-9a-f]{64}")) throw new InvalidConfigException("sha256 must be 64 lowercase hex digits, got " + sha256);
    }

    /**
     * @param images the images
     * @return their identity
     */
    public static Data of(Images images) {
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256", e); // every Java SE platform must have it
      }
      boolean shaped = images.hasImageShape(); // vectors hash as 0 x dim; images as before
      sha.update(ByteBuffer.allocate(12).putInt(images.count()).putInt(shaped ? images.height() : 0)
          .putInt(shaped ? images.width() : images.dim()).array());
      ByteBuffer buf = ByteBuffer.allocate(4 * images.dim()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < images.count(); i++) {
        buf.clear();
        buf.asFloatBuffer().put(images.image(i));
        sha.update(buf.array());
      }
      return new Data(images.count(), images.dim(), HexFormat.of().formatHex(sha.digest()));
    }

    @Nullable String differenceFrom(String what, Data wanted) {
      if (count != wanted.count) return "its " + what + " images are " + count + ", not " + wanted.count;
      if (dim != wanted.dim) return "its " + what + " images have " + dim + " values each, not " + wanted.dim;
      if (!sha256.equals(wanted.sha256))
        return "its " + what + " images differ: the same count (" + count + ") but other pixels (SHA-256 " + sha256.substring(0, 12)
            + "..., not " + wanted.sha256.substring(0, 12) + "...)";
      return null;
    }

    @Override public String toString() { return count + " images x " + dim + " (sha256 " + sha256.substring(0, 12) + "...)"; }
  }
}
