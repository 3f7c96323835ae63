package tfvae.data;

import java.nio.file.Files;
import java.nio.file.Path;
import tfvae.BadDataException;

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
   *   <li>a directory: idx files, MNIST's standard split ({@link Mnist#readStandard(Path)}: the whole train file to
   *       train, the whole t10k file to test). The assignment's split is {@link Mnist#load(Path)};
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
   * smaller). Of the assignment's split, {@code Mnist.load(dir).debugSubset()}, these are training-file images 0..99
   * and 10000..10099, exactly what {@code Mnist.load(dir, 100, 100)} gives.
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
