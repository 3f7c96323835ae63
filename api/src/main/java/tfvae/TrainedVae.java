package tfvae;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.data.Images;

/**
 * A VAE with parameters, backed by a TensorFlow graph and session that it owns. Close it when done
 * (try-with-resources, Kotlin {@code use {}}, or {@code model.close()} at the end of a JShell script); closing
 * twice is harmless, and any use after close throws {@link IllegalStateException}.
 *
 * <p>All array arguments and results are plain Java arrays copied in and out: nothing here holds native memory
 * beyond the model itself. Images are rows of {@code dataDim} values that the spec's {@link Likelihood} accepts
 * (binary for the default Bernoulli); latents are rows of {@code latent} values. A conditional model's images carry
 * their condition ({@link Condition}: labels, or side columns), and its decoder takes one row of c per point.
 *
 * <pre>{@code
 * try (TrainedVae model = Vae.load(Path.of("out/model.ckpt"))) {
 *   float[][] z = model.encode(data.test().slice(0, 10)).mean();
 *   float[][] pixels = model.decodeMeans(z);
 * }
 * }</pre>
 */
public interface TrainedVae extends AutoCloseable {

  /**
   * @return the architecture, objective and seed; its {@code dataDim} is the data's, never {@link Vae#FROM_DATA} (so a
   *     spec built without {@code dataDim} equals this one only after {@code dataDim} is set)
   */
  Vae spec();

  /** @return one entry per training epoch so far, oldest first (empty for an untrained model) */
  List<EpochStats> history();

  /**
   * @return the training options and data its parameters depend on, or null for an untrained model or one loaded
   *     from a checkpoint that an older tfvae wrote without them
   */
  @Nullable TrainingRecord training();

  /**
   * @param images the images to encode
   * @return the encoder's mean and log-std for each image
   * @throws BadDataException if the images do not have {@code dataDim} pixels
   */
  Encoding encode(Images images);

  /**
   * @param z latent points, one row per point
   * @return the decoder's logits (of the Bernoulli or continuous Bernoulli), one row of {@code dataDim} per point
   * @throws BadDataException if a row does not have {@code latent} values
   * @throws InvalidConfigException for the Gaussian likelihood, which has no logits (use {@link #decodeMeans})
   */
  float[][] decodeLogits(float[][] z);

  /**
   * @param z latent points, one row per point
   * @return the means E[x | z] under the likelihood (Bernoulli: sigmoid(logits), in [0, 1]), one row of
   *     {@code dataDim} per point
   * @throws BadDataException if a row does not have {@code latent} values
   */
  float[][] decodeMeans(float[][] z);

  /**
   * The reconstructions E[x | z = mean of q(z|x)]: each example encoded to its posterior mean and decoded.
   *
   * @param examples the examples
   * @return one row of {@code dataDim} means per example
   * @throws BadDataException if the examples do not have {@code dataDim} values
   */
  default float[][] reconstruct(Images examples) { return decodeMeans(encode(examples).mean()); }

  /**
   * Draws x ~ p(x|z) under the likelihood: binary images for the Bernoulli, values in [0, 1] for the continuous
   * Bernoulli, real values for the Gaussian.
   *
   * @param z latent points, one row per point
   * @param seed noise seed; the same seed gives the same images
   * @return one row of {@code dataDim} values per point
   * @throws BadDataException if a row does not have {@code latent} values
   */
  float[][] sampleImages(float[][] z, long seed);

  /**
   * @param z latent points
   * @param condition one row of c per point ({@link Condition#oneHot} for labels)
   * @return E[x | z, c] of a conditional model, one row of {@code dataDim} per point
   * @throws BadDataException if z or condition has the wrong count or width, or the model has no condition
   */
  default float[][] decodeMeans(float[][] z, float[][] condition) { throw new UnsupportedOperationException("no conditional decoder"); }

  /**
   * @param z latent points
   * @param condition one row of c per point
   * @param seed noise seed; the same seed gives the same draws
   * @return draws x ~ p(x | z, c) of a conditional model, one row of {@code dataDim} per point
   * @throws BadDataException if z or condition has the wrong count or width, or the model has no condition
   */
  default float[][] sampleImages(float[][] z, float[][] condition, long seed) { throw new UnsupportedOperationException("no conditional decoder"); }

  /**
   * The single-sample Monte Carlo ELBO of each image, log p(x|z) + log p(z) - log q(z|x) with z ~ q(z|x),
   * the noise derived from {@code seed}.
   *
   * @param images images of values the likelihood accepts
   * @param seed noise seed; the same seed gives the same values
   * @return the ELBO of each image, in nats
   * @throws BadDataException if the images do not have {@code dataDim} values or have values the likelihood does not accept
   */
  double[] elboPerImage(Images images, long seed);

  /**
   * @param images images of values the likelihood accepts
   * @return the mean single-sample ELBO over all the images, in nats per image (noise seeded by the spec's seed)
   * @throws BadDataException if the images do not have {@code dataDim} values or have values the likelihood does not accept
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
   * @return n rows of {@code latent} values; above 1048576 rows the draws come in parts of that many, each seeded apart
   *     (the first part is the draw of a smaller n)
   * @throws MemoryLimitException if the rows would not fit in the Java heap (the message gives the need and the limit)
   */
  float[][] samplePrior(int n, long seed);

  /**
   * Draws z ~ N(mean, diag(exp(logStd))^2) by the reparameterization z = mean + exp(logStd) * eps.
   *
   * @param mean the mean, one value per latent dimension
   * @param logStd the log standard deviations
   * @param n how many points
   * @param seed noise seed
   * @return n rows of {@code latent} values
   */
  float[][] sampleGaussian(float[] mean, float[] logStd, int n, long seed);

  /**
   * log p(z, x_obs) = log p(z) + sum over the observed values d of log p(x_d | z), for each z. The unobserved
   * values integrate out exactly, so they do not appear (they are not scored as black), and only the observed
   * outputs of the decoder are computed.
   *
   * @param example one example's {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed
   * @param z latent points, one row per point
   * @return log p(z, x_obs) for each point, in nats
   * @throws BadDataException if the mask or example does not have {@code dataDim} values, an observed value is one the
   *     likelihood does not accept, or a z row has the wrong length
   */
  double[] logJointObserved(float[] example, Mask mask, float[][] z);

  /**
   * log p(x_i, z) = log p(z) + log p(x_i | z) of each whole example at its own latent points, for quadrature or Monte
   * Carlo over many examples at once: one graph run for a chunk of examples, not one per example.
   *
   * @param examples N examples of {@code dataDim} values
   * @param z z[i] holds example i's points, the same number P of them for every example, each of {@code latent} values
   * @return [N][P]: log p(x_i, z[i][p]), in nats
   * @throws BadDataException if an example has a value the likelihood does not accept, z does not have N entries of P
   *     points each, or a point has the wrong length
   */
  double[][] logJoint(Images examples, float[][][] z);


  /**
   * Stochastic variational inference for p(z | x_obs): fits a diagonal Gaussian q(z) by maximising its ELBO
   * E_q[log p(z, x_obs) - log q(z)] with Adam (the same minimizer that trains the model), starting from q = p(z).
   *
   * @param example one example's {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed
   * @param options samples, iterations, step size, seed
   * @return the fitted q and its ELBO
   * @throws BadDataException if the mask or example does not have {@code dataDim} values, or an observed value is one
   *     the likelihood does not accept
   */
  PosteriorFit fitPosterior(float[] example, Mask mask, SviOptions options);


  /**
   * SVI ({@link #fitPosterior(float[], Mask, SviOptions)}) for each of many whole images at once: one diagonal Gaussian
   * per image, every image's negative ELBO summed into one loss of which no term shares a variable with another, so
   * each q follows the Adam path it would follow alone. The TensorFlow backend runs all images in one graph (one run
   * per iteration); this default fits them one by one and cannot start from {@code start}.
   *
   * @param images the images, all values observed
   * @param start where each image's q starts (e.g. the encoder's q), or null for the prior N(0, I)
   * @param options samples per image and iteration, iterations, step size, seed
   * @return one fit per image, in order; {@link PosteriorFit#elbo()} is estimated from at least 1000 fresh draws
   * @throws BadDataException if the images do not have {@code dataDim} values or have values the likelihood does not accept
   * @throws UnsupportedOperationException from this default when {@code start} is not null
   */
  default List<PosteriorFit> fitPosteriors(Images images, @Nullable Encoding start, SviOptions options) {
    if (start != null) throw new UnsupportedOperationException("this backend fits posteriors from the prior only; pass start = null");
    Mask all = Mask.all(spec().dataDim());
    List<PosteriorFit> out = new java.util.ArrayList<>();
    for (int i = 0; i < images.count(); i++) out.add(fitPosterior(images.image(i), all, options));
    return out;
  }

  /**
   * The exact posterior p(z | x_obs) of a 2-D latent on a grid placed around its mass and refined until the log
   * evidence changes by less than 0.001 nats when the spacing is halved, with q's log density on the same grid.
   *
   * @param example one example's {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed
   * @param q a fitted approximation to tabulate beside it (for {@link GridPosterior#klFromQ()}), or null
   * @return the tabulated posterior and log p(x_obs)
   * @throws InvalidConfigException if the latent is not 2-D
   * @throws BadDataException if the mask or example does not have {@code dataDim} values, or an observed value is one
   *     the likelihood does not accept
   */
  GridPosterior exactPosterior(float[] example, Mask mask, @Nullable PosteriorFit q);


  /**
   * Completes a partial observation: the example with every unobserved value replaced by its posterior predictive
   * mean E[x_d | x_obs] = E_{p(z | x_obs)}[E[x_d | z]], and the observed values kept. With a 2-D latent the
   * expectation is exact: the weights of {@link #exactPosterior(float[], Mask, PosteriorFit)}'s grid times the decoder's
   * means at its points (points below 1e-9 of the mass left out). Otherwise it is the mean over {@code samples} draws
   * from the SVI fit of p(z | x_obs) (200 samples per step, 1000 steps).
   *
   * @param example one example's {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed
   * @param samples draws from q when the latent is not 2-D; at least 1 whatever the latent
   * @param seed seeds the SVI fit and the draws when the latent is not 2-D
   * @return the completed example, {@code dataDim} values ({@link #completion} also says whether the grid converged)
   * @throws InvalidConfigException if {@code samples} is below 1
   * @throws BadDataException if the mask or example does not have {@code dataDim} values, or an observed value is one
   *     the likelihood does not accept
   */
  default float[] complete(float[] example, Mask mask, int samples, long seed) { return completion(example, mask, samples, seed).values(); }

  /**
   * {@link #complete(float[], Mask, int, long)}, with whether the exact posterior's grid behind it converged: a sharp
   * posterior (e.g. unscaled data under the Gaussian likelihood) can stop the grid at its largest size, and then the
   * completion is reported as not converged here and as a WARNING on the {@link System.Logger} {@code tfvae.completion}.
   *
   * @param example one example's {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed
   * @param samples draws from q when the latent is not 2-D; at least 1 whatever the latent
   * @param seed seeds the SVI fit and the draws when the latent is not 2-D
   * @return the completed example and whether its grid converged
   * @throws InvalidConfigException if {@code samples} is below 1
   * @throws BadDataException if the mask or example does not have {@code dataDim} values, or an observed value is one
   *     the likelihood does not accept
   */
  default Completed completion(float[] example, Mask mask, int samples, long seed) {
    Completed c = Completion.predictiveMean(this, example, mask, samples, seed);
    float[] out = c.values();
    for (int d : mask.observed()) out[d] = example[d];
    return new Completed(out, c.converged(), c.gridError());
  }

  /**
   * log p(x_obs) of each example by quadrature over the 2-D latent: a grid over the posterior mass of all the
   * examples, its spacing halved until every estimate moves by less than {@code tolerance} nats.
   *
   * @param examples examples of {@code dataDim} values; only those the mask observes are read
   * @param mask which values are observed ({@link Mask#all(int)} for all of them, {@link Mask#topHalf(int, int)} for
   *     the assignment's part 4)
   * @param tolerance largest accepted change between spacings, in nats (0.01 is a good value)
   * @return the log evidence of each example with its error estimate
   * @throws InvalidConfigException if the latent is not 2-D
   * @throws BadDataException if the mask or examples do not have {@code dataDim} values, or an observed value is one
   *     the likelihood does not accept
   */
  Evidence logEvidence(Images examples, Mask mask, double tolerance);


  /**
   * The importance-weighted estimate of log p(x) with {@code k} draws from q(z|x) per image (Burda et al. 2016):
   * log (1/k) sum_i p(x, z_i) / q(z_i|x). It is a lower bound in expectation that rises with k towards log p(x);
   * k = 1 is the single-sample ELBO.
   *
   * @param images images with {@code dataDim} values the likelihood accepts
   * @param k draws per image, at least 1; more than one run decodes (10000 draws of 784 values) are taken image by image
   *     in parts, each seeded apart, and combined exactly, so memory stays bounded whatever k
   * @param seed noise seed
   * @return the estimate for each image, in nats
   */
  double[] importanceWeighted(Images images, int k, long seed);

  /**
   * The rows {@code scripts/reproduce} prints: the single-sample ELBO and IW-k for k = 10, 100, 1000 on a seeded
   * subset, log p(x) by quadrature for a 2-D latent, and with {@link EvaluationOptions#full()} the same over all the
   * images.
   *
   * @param images the held-out images
   * @param options the subset, the seed, the tolerance ({@link EvaluationOptions#defaults()})
   * @return the rows, and the subset's quadrature when the latent is 2-D
   */
  default EvaluationReport evaluate(Images images, EvaluationOptions options) { return EvaluationReport.of(this, images, options); }

  /**
   * @param images images with {@code dataDim} values the likelihood accepts
   * @param k draws per image, at least 1
   * @param seed noise seed
   * @return the mean of {@link #importanceWeighted(Images, int, long)} over the images, in nats per image
   */
  default double meanImportanceWeighted(Images images, int k, long seed) {
    double sum = 0;
    for (double v : importanceWeighted(images, k, seed)) sum += v;
    return sum / images.count();
  }

  /**
   * log p(x_obs) of every row, and each column's share of it ({@link RowScores} says exactly what the shares are),
   * by importance weighting with k draws from the encoder's q(z|x_obs) per row: batched and amortized, no per-row
   * fitting. Each row's numbers are a pure function of the model, the row's values and {@code options.seed()}: the
   * same alone or among other rows, in any order (equal to within float rounding of the batched arithmetic, about
   * 1e-5 relative).
   *
   * @param rows encoded rows of {@code dataDim} values: a table model's from {@link Schema#encode}, NaN for a missing
   *     cell (the encoder sees it as 0, the likelihood sums over the observed cells only); an image model's images,
   *     every value observed and one its likelihood accepts
   * @param options draws per row and seed ({@link ScoreOptions#defaults()})
   * @return one score per row, in order
   * @throws BadDataException if a row has the wrong length or a value its column (or likelihood) does not accept, or,
   *     naming them, rows have no observed cell
   * @throws UnsupportedOperationException from this default; the TensorFlow backend implements it
   */
  default RowScores score(float[][] rows, ScoreOptions options) {
    throw new UnsupportedOperationException("this TrainedVae does not implement score");
  }

  /**
   * Fills every missing (NaN) cell of a table model's rows with its posterior predictive mean (numeric, count) or most
   * probable level (binary, categorical), under the same importance weights as {@link #score}; observed cells are
   * unchanged. A pure function of the model, the row and {@code options.seed()}, as {@link #score} is.
   *
   * @param rows encoded rows from {@link Schema#encode}, NaN for a missing cell
   * @param options draws per row and seed
   * @return the completed rows and the probability of each level filled in
   * @throws InvalidConfigException for an image model (complete images with {@link #complete})
   * @throws BadDataException as {@link #score} does
   */
  default Imputation impute(float[][] rows, ScoreOptions options) {
    throw new UnsupportedOperationException("this TrainedVae does not implement impute");
  }

  /**
   * The encoder's mean of q(z|x_obs) for each row, a missing (NaN) cell seen as 0 as in training.
   *
   * @param rows encoded rows of {@code dataDim} values (a table model's may have NaN cells)
   * @return one row of {@code latent} values per row
   * @throws BadDataException if a row has the wrong length or a value its column (or likelihood) does not accept, or
   *     rows have no observed cell
   */
  default float[][] encodeRows(float[][] rows) {
    throw new UnsupportedOperationException("this TrainedVae does not implement encodeRows");
  }

  /**
   * Draws rows from the model: z ~ p(z), then each column (or value) from p(x|z). Row i is a pure function of
   * {@code seed} and i, so the first n rows of a larger draw are the draw of n.
   *
   * @param n how many rows, at least 1
   * @param seed noise seed
   * @return n encoded rows ({@link Schema#decode(float[])} turns one into text cells), or an image model's images
   * @throws InvalidConfigException if n is below 1
   */
  default float[][] sampleRows(int n, long seed) {
    throw new UnsupportedOperationException("this TrainedVae does not implement sampleRows");
  }

  /**
   * Writes a checkpoint: architecture, parameters, Adam state, step counter and history, atomically (a temporary
   * file renamed over the target), so an interrupted save never leaves a half-written file.
   *
   * @param file the checkpoint file; parent directories are created
   * @throws WriteException naming the file and the reason if it cannot be written
   * @throws MemoryLimitException if the heap cannot hold the copy of the parameters and Adam's state
   */
  void save(Path file);

  /**
   * Writes the parameters as a NumPy {@code .npz} (float32, row-major, a layer is {@code h @ w + b}) for Python users:
   * {@code encoder_w1}, {@code encoder_b1}, ... {@code encoder_wL}, {@code encoder_bL} for the encoder's L layers (the
   * last one's 2 latent columns are [mean | log-std]), then {@code decoder_w1} ... {@code decoder_bL} (the last one gives
   * logits for the Bernoulli likelihoods, the mean for the Gaussian), then for the Gaussian {@code decoder_log_std_w} and
   * {@code decoder_log_std_b} (h from the last hidden layer; log-std = -5 + softplus(h + 5)). With one hidden layer of
   * H units: {@code encoder_w1} (dataDim, H), {@code encoder_w2} (H, 2 latent), {@code decoder_w1} (latent, H),
   * {@code decoder_w2} (H, dataDim). An entry {@code metadata} (a 0-d string, {@code str(np.load(f)["metadata"])})
   * holds JSON naming the likelihood, the activation, dataDim, latent, the layer widths and the arrays in order.
   * Written atomically.
   *
   * @param file the .npz file; parent directories are created
   * @throws WriteException naming the file and the reason if it cannot be written
   */
  void exportNpz(Path file);

  /**
   * Exports a TensorFlow SavedModel (tag {@code serve}) with the signatures {@code encode} (x -> mean, log_std),
   * {@code decode} (z -> logits) and {@code elbo} (x, seed -> per-image ELBO), loadable by any TensorFlow runtime.
   *
   * Only the parameters are exported, not Adam's state. The {@code elbo} signature's noise is a pure function of its
   * int64[2] {@code seed}; {@link #elboPerImage} feeds {@code {seed + 0x9E3779B97F4A7C15L, chunk}} for each chunk of
   * 1000 images. Written to a temporary directory beside {@code dir} and renamed when complete.
   *
   * @param dir the SavedModel directory; it must not exist yet, or be empty
   * @throws WriteException if {@code dir} is a file or a non-empty directory, or cannot be written (naming the reason)
   */
  void exportSavedModel(Path dir);

  /** Frees the native graph and session. Safe to call more than once. */
  @Override
  void close();
}
