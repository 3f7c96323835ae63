package tfvae.data;

import java.nio.file.Files;
import java.nio.file.Path;
import tfvae.BadDataException;
import tfvae.Likelihood;

/**
 * A training and a test set of examples of the same dimension. Its {@code toString} shows both, e.g.
 * {@code DataSplit[train=Images[10000 images of 28x28, binary, labels 0..9], test=Images[...]]}.
 *
 * <p>{@link #read(Path)} reads any of the supported files, as stored (not binarized): an idx directory, a
 * {@code .npz} or a {@code .csv}; the binarizing transforms then make binary data for the Bernoulli likelihood.
 *
 * @param train the examples to train on
 * @param test the held-out examples to evaluate on
 */
public record DataSplit(Images train, Images test) {
  /**
   * @param train the examples to train on
   * @param test the held-out examples to evaluate on
   * @throws BadDataException if the two sets' examples have different numbers of values
   */
  public DataSplit {
    if (train.dim() != test.dim())
      throw new BadDataException("the training examples have " + train.dim() + " values each but the test examples have " + test.dim());
  }

  /**
   * Reads a data file by its kind, values as stored (not binarized):
   * <ul>
   *   <li>a directory: idx files ({@link Mnist}), MNIST's standard split: the whole train file to train (60000), the
   *       whole t10k file to test (10000). The assignment's split is {@link #assignment(Path)};
   *   <li>a file ending in {@code .npz}: Keras's {@code mnist.npz} convention ({@link Npz#read(Path)});
   *   <li>a file ending in {@code .csv}: one CSV holding both sets, told apart by its {@code split} column
   *       ({@link Csv#read(Path)}); two CSV files are {@link #read(Path, Path)}.
   * </ul>
   *
   * @param path the directory or file
   * @return the split
   * @throws BadDataException if the path does not exist, is of no supported kind, or its data is malformed
   */
  public static DataSplit read(Path path) {
    if (Files.isDirectory(path)) return Mnist.readStandard(path);
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".npz")) return Npz.read(path);
    if (name.endsWith(".csv")) return Csv.read(path);
    if (!Files.exists(path))
      throw new BadDataException(path + " does not exist; expected a directory of idx files, a .npz or a .csv file");
    throw new BadDataException(path + " is neither a directory of idx files nor a .npz or .csv file; rename it if it is one of these");
  }

  /**
   * The assignment's split of an MNIST idx directory, values as stored (pixel / 255, not binarized), labels kept:
   * training-file images 0..9999 to train, 10000..19999 to test (the t10k file is not read). MNIST's standard split
   * is {@link #read(Path)}.
   *
   * @param dir a directory holding {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]}
   * @return the split
   * @throws BadDataException if the directory or a file is missing, malformed, or holds fewer than 20000 images
   */
  public static DataSplit assignment(Path dir) { return assignment(dir, Mnist.ASSIGNMENT_TRAIN, Mnist.ASSIGNMENT_TEST); }

  /**
   * A prefix of the assignment's split ({@link #assignment(Path)}), values as stored, labels kept. The training images
   * are training-file images 0..nTrain-1. The test images are:
   * <ul>
   *   <li>images 10000..10000+nTest-1 (the start of the assignment's test set) when {@code nTrain <= 10000} and the
   *       file holds at least 10000 + nTest images, as MNIST's 60000 do: {@code assignment(dir, 100, 100)} equals
   *       {@code assignment(dir).debugSubset()}, the assignment's debug subset;
   *   <li>otherwise (more than 10000 training images, or a smaller file such as a test fixture) the nTest images
   *       right after the training ones, nTrain..nTrain+nTest-1.
   * </ul>
   *
   * @param dir a directory holding {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]}
   * @param nTrain training images, at least 1
   * @param nTest test images, at least 1
   * @return the split
   * @throws BadDataException if the directory or a file is missing or malformed, or holds fewer than
   *     {@code nTrain + nTest} images
   */
  public static DataSplit assignment(Path dir, int nTrain, int nTest) { return Mnist.read(dir, nTrain, nTest); }

  /**
   * @param train the examples to train on
   * @return a split with no test set (training then records no test ELBO)
   */
  public static DataSplit trainingOnly(Images train) { return new DataSplit(train, train.slice(0, 0)); }

  /**
   * The data as a model of {@code likelihood} takes it, the one place the binarization is decided: binarized at 0.5
   * for {@link Likelihood#BERNOULLI} (the assignment's), values as they are for the other likelihoods.
   *
   * @param likelihood the model's likelihood
   * @return this split prepared for it
   */
  public DataSplit forLikelihood(Likelihood likelihood) {
    return likelihood == Likelihood.BERNOULLI ? binarize() : this;
  }

  /**
   * Reads a training and a test CSV file ({@link Csv#readSet(Path)} each; no {@code split} column).
   *
   * @param train the training CSV
   * @param test the test CSV
   * @return the split
   * @throws BadDataException if a file is missing or malformed, or the two have different numbers of values per row
   */
  public static DataSplit read(Path train, Path test) { return Csv.read(train, test); }

  /**
   * The assignment's debug subset: the first 100 training images and the first 100 test images (fewer if a set is
   * smaller). Of the assignment's split, {@code assignment(dir).debugSubset()}, these are training-file images 0..99
   * and 10000..10099, exactly what {@code assignment(dir, 100, 100)} gives.
   *
   * @return the subset
   */
  public DataSplit debugSubset() {
    return new DataSplit(train.slice(0, Math.min(100, train.count())), test.slice(0, Math.min(100, test.count())));
  }

  /** @return both sets binarized at 0.5 ({@link Images#binarize()}) */
  public DataSplit binarize() { return new DataSplit(train.binarize(), test.binarize()); }

  /**
   * @param threshold values strictly above it become 1, the rest 0
   * @return both sets binarized at {@code threshold} ({@link Images#binarize(float)})
   */
  public DataSplit binarize(float threshold) { return new DataSplit(train.binarize(threshold), test.binarize(threshold)); }

  /**
   * Stochastic binarization of both sets ({@link Images#binarizeStochastic(long)}): the training set with
   * {@code seed}, the test set with {@code seed + 1}, so the two sets never share their random draws.
   *
   * @param seed random seed; the same seed gives the same split
   * @return the binarized split
   */
  public DataSplit binarizeStochastic(long seed) { return new DataSplit(train.binarizeStochastic(seed), test.binarizeStochastic(seed + 1)); }

  /**
   * @param height pixel rows
   * @param width pixel columns
   * @return both sets as images of {@code height x width} ({@link Images#withImageShape(int, int)}), e.g. for a CSV
   *     of 784 values per row holding 28x28 images
   * @throws BadDataException if {@code height * width} is not the examples' dimension
   */
  public DataSplit withImageShape(int height, int width) {
    return new DataSplit(train.withImageShape(height, width), test.withImageShape(height, width));
  }
}
