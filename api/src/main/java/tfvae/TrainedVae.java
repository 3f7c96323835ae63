package tfvae;

import java.nio.file.Path;
import java.util.List;
import tfvae.data.Images;

/**
 * A VAE with parameters, backed by a TensorFlow graph and session that it owns. Close it when done
 * (try-with-resources, Kotlin {@code use {}}, or {@code model.close()} at the end of a JShell script); closing
 * twice is harmless, and any use after close throws {@link IllegalStateException}.
 *
 * <p>All array arguments and results are plain Java arrays copied in and out: nothing here holds native memory
 * beyond the model itself. Images are rows of {@code dataDim} pixels in {0, 1}; latents are rows of
 * {@code latent} values.
 *
 * <pre>{@code
 * try (TrainedVae model = Vae.load(Path.of("out/model.ckpt"))) {
 *   float[][] z = model.encode(data.test().slice(0, 10)).mean();
 *   float[][] pixels = model.decodeMeans(z);
 * }
 * }</pre>
 */
public interface TrainedVae extends AutoCloseable {

  /** @return the architecture and seed */
  Vae spec();

  /** @return one entry per training epoch so far, oldest first (empty for an untrained model) */
  List<EpochStats> history();

  /**
   * @param images the images to encode
   * @return the encoder's mean and log-std for each image
   * @throws BadDataException if the images do not have {@code dataDim} pixels
   */
  Encoding encode(Images images);

  /**
   * @param z latent points, one row per point
   * @return the decoder's Bernoulli logits, one row of {@code dataDim} per point
   * @throws BadDataException if a row does not have {@code latent} values
   */
  float[][] decodeLogits(float[][] z);

  /**
   * @param z latent points, one row per point
   * @return the Bernoulli means sigmoid(logits), in [0, 1], one row of {@code dataDim} per point
   * @throws BadDataException if a row does not have {@code latent} values
   */
  float[][] decodeMeans(float[][] z);

  /**
   * Draws binary images x ~ p(x|z), each pixel Bernoulli with the decoder's mean.
   *
   * @param z latent points, one row per point
   * @param seed noise seed; the same seed gives the same images
   * @return one row of {@code dataDim} values in {0, 1} per point
   * @throws BadDataException if a row does not have {@code latent} values
   */
  float[][] sampleImages(float[][] z, long seed);

  /**
   * The single-sample Monte Carlo ELBO of each image, log p(x|z) + log p(z) - log q(z|x) with z ~ q(z|x),
   * the noise derived from {@code seed}.
   *
   * @param images binary images
   * @param seed noise seed; the same seed gives the same values
   * @return the ELBO of each image, in nats
   * @throws BadDataException if the images do not have {@code dataDim} pixels or are not binary
   */
  double[] elboPerImage(Images images, long seed);

  /**
   * @param images binary images
   * @return the mean single-sample ELBO over all the images, in nats per image (noise seeded by the spec's seed)
   * @throws BadDataException if the images do not have {@code dataDim} pixels or are not binary
   */
  default double elbo(Images images) {
    double sum = 0;
    for (double v : elboPerImage(images, spec().seed())) sum += v;
    return sum / images.count();
  }

  /**
   * Draws z from the prior N(0, I).
   *
   * @param n how many points
   * @param seed noise seed
   * @return n rows of {@code latent} values
   */
  float[][] samplePrior(int n, long seed);

  /**
   * Writes a checkpoint: architecture, parameters, Adam state, step counter and history, atomically (a temporary
   * file renamed over the target), so an interrupted save never leaves a half-written file.
   *
   * @param file the checkpoint file; parent directories are created
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  void save(Path file);

  /**
   * Writes the parameters as a NumPy {@code .npz} (float32, row-major) for Python users, with keys
   * {@code encoder_w1} (dataDim, hidden), {@code encoder_b1}, {@code encoder_w2} (hidden, 2 latent: columns
   * [mean | log-std]), {@code encoder_b2}, {@code decoder_w1} (latent, hidden), {@code decoder_b1},
   * {@code decoder_w2} (hidden, dataDim), {@code decoder_b2}; the decoder gives Bernoulli logits. Written atomically.
   *
   * @param file the .npz file; parent directories are created
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  void exportNpz(Path file);

  /**
   * Exports a TensorFlow SavedModel (tag {@code serve}) with the signatures {@code encode} (x -> mean, log_std),
   * {@code decode} (z -> logits) and {@code elbo} (x, seed -> per-image ELBO), loadable by any TensorFlow runtime.
   *
   * @param dir the SavedModel directory; it must not exist yet, or be empty
   * @throws java.io.UncheckedIOException if it cannot be written
   */
  void exportSavedModel(Path dir);

  /** Frees the native graph and session. Safe to call more than once. */
  @Override
  void close();
}
