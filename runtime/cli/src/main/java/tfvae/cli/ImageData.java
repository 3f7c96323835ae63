package tfvae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Mnist;

/**
 * The image-data options that {@code scripts/reproduce} and {@code scripts/vae train} share (a picocli mixin): which
 * split of an idx directory ({@code --split}), how many training and test images ({@code --train}, {@code --test}),
 * and the one way {@code --data} is read for a model's likelihood, every check before the first training step, each
 * failure one line naming {@code --data} and what to do. A command gives its own defaults through the constructor.
 */
public final class ImageData {
  /** The words of {@code --train} and {@code --test} that take every image of the set. */
  public static final String ALL = "all";

  @Option(names = "--split", paramLabel = "assignment|standard", description = "how an MNIST idx directory is split: assignment"
      + " takes both sets from the training file (DataSplit.assignment), standard trains on the train file and tests on the t10k"
      + " file (DataSplit.read); a .npz or .csv holds its own split")
  String split;

  @Option(names = "--train", paramLabel = "N|all", description = "training images: the first N of the training file (100 for the"
      + " assignment's debug subset), or all of them (not with --split assignment)")
  String train;

  @Option(names = "--test", paramLabel = "N|all", description = "test images: with --split assignment, training-file images"
      + " 10000..10000+N-1 (when --train is at most 10000 and the file has them; otherwise the N after the training images);"
      + " with --split standard, or a .npz or .csv file, the first N test images, or all of them")
  String test;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /**
   * @param assignment whether the default split is the assignment's (else MNIST's standard one)
   * @param train the default training images, or 0 for all of them
   * @param test the default test images, or 0 for all of them
   */
  public ImageData(boolean assignment, int train, int test) {
    this.split = assignment ? "assignment" : "standard";
    this.train = train == 0 ? ALL : Integer.toString(train);
    this.test = test == 0 ? ALL : Integer.toString(test);
  }

  /** @return the assignment's defaults, those of {@code scripts/reproduce}: its split, 10000 training and 10000 test images */
  public static ImageData assignment() { return new ImageData(true, Mnist.ASSIGNMENT_TRAIN, Mnist.ASSIGNMENT_TEST); }

  /** @return MNIST's standard split and every image, the defaults of {@code scripts/vae train} */
  public static ImageData standard() { return new ImageData(false, 0, 0); }

  /**
   * Checks the options, nothing read.
   *
   * @throws InvalidConfigException naming the option, when one is not a value it takes
   */
  public void check() {
    boolean standard = standardSplit();
    int n = count("--train", train), m = count("--test", test);
    if (!standard && (n == Integer.MAX_VALUE || m == Integer.MAX_VALUE))
      throw new InvalidConfigException("--" + (n == Integer.MAX_VALUE ? "train" : "test") + " all: the assignment's split (--split"
          + " assignment) takes both sets from the training file, so give the number of images (--train N --test N), or pass"
          + " --split standard");
  }

  /** @return the options of this mixin the command line gave, e.g. [--split, --train] (none when run outside picocli) */
  public List<String> given() {
    List<String> names = new ArrayList<>();
    if (command == null || command.commandLine() == null || command.commandLine().getParseResult() == null) return names;
    for (String o : List.of("--split", "--train", "--test"))
      if (command.commandLine().getParseResult().hasMatchedOption(o)) names.add(o);
    return names;
  }

  /**
   * Reads {@code data} and prepares it for the likelihood. A directory is read in the MNIST idx layout by the chosen
   * split: the assignment's ({@link DataSplit#assignment(Path, int, int)}) or MNIST's standard one; a standard split,
   * {@code .npz} or {@code .csv} file is read by {@link DataSplit#read(Path)}, of which the first {@code --train}
   * training and {@code --test} test examples are kept (all, when it has fewer). The values are then prepared for the
   * likelihood ({@link DataSplit#forLikelihood}: binarized at 0.5 for the Bernoulli, the assignment's).
   *
   * @param data the path {@code --data} gave
   * @param likelihood the model's likelihood
   * @return the data as the model takes it
   * @throws tfvae.VaeException in one line naming {@code --data} and what to do, when the data cannot be read or does not
   *     suit the model
   */
  public DataSplit read(Path data, Likelihood likelihood) {
    check();
    int nTrain = count("--train", train), nTest = count("--test", test);
    boolean whole = standardSplit() || Files.isRegularFile(data); // a missing path is reported as the MNIST directory it defaults to
    DataSplit raw = read(data, whole, nTrain, nTest);
    if (whole)
      raw = new DataSplit(raw.train().slice(0, Math.min(nTrain, raw.train().count())), raw.test().slice(0, Math.min(nTest, raw.test().count())));
    if (raw.train().dim() > Vae.MAX_DATA_DIM)
      throw new BadDataException("--data " + data + ": its examples have " + raw.train().dim() + " values each, more than the "
          + Vae.MAX_DATA_DIM + " a model takes; reduce their dimension first (e.g. downsample the images)");
    if (likelihood == Likelihood.BERNOULLI) {
      checkUnitInterval(data, "training", raw.train());
      checkUnitInterval(data, "test", raw.test());
    }
    return raw.forLikelihood(likelihood);
  }

  /** Reads the data; the library's message says what is wrong, this adds what to do about it here. */
  private static DataSplit read(Path data, boolean whole, int nTrain, int nTest) {
    try {
      return whole ? DataSplit.read(data) : DataSplit.assignment(data, nTrain, nTest);
    } catch (BadDataException e) {
      if (Files.exists(data) && (!Files.isDirectory(data) || holdsMnist(data))) throw e; // the data is there: fetching MNIST is no answer
      throw new BadDataException(e.getMessage() + "; run scripts/fetch-mnist, or point --data at a directory holding the four MNIST idx"
          + " files, a .npz or a .csv", e);
    }
  }

  /** @return whether the directory holds MNIST's training images (raw or gzipped) */
  private static boolean holdsMnist(Path dir) {
    return Files.exists(dir.resolve("train-images-idx3-ubyte")) || Files.exists(dir.resolve("train-images-idx3-ubyte.gz"));
  }

  /**
   * The Bernoulli likelihood binarizes at 0.5, which is a midpoint only of [0, 1]: raw 0..255 pixels (or values scaled by
   * 1e30) would silently become "pixel above 0".
   */
  private static void checkUnitInterval(Path data, String set, Images images) {
    float[] v = images.pixels();
    for (int i = 0; i < v.length; i++)
      if (!(v[i] >= 0f && v[i] <= 1f))
        throw new BadDataException("--data " + data + ": " + (images.hasImageShape() ? "pixel " : "value ") + (i % images.dim())
            + " of " + set + (images.hasImageShape() ? " image " : " example ") + (i / images.dim()) + " is " + v[i]
            + ", outside [0, 1]; --likelihood bernoulli (the default) binarizes values in [0, 1] at 0.5: scale the values into [0, 1]"
            + " (0..255 pixels: divide by 255), or pass --likelihood gaussian");
  }

  /** @return whether --split asks for MNIST's standard split (else the assignment's) */
  private boolean standardSplit() {
    return switch (split) {
      case "assignment" -> false;
      case "standard" -> true;
      default -> throw new InvalidConfigException("--split must be assignment or standard, got " + split);
    };
  }

  /** @return the count an option gives, {@link Integer#MAX_VALUE} for all */
  private static int count(String option, String value) {
    if (value.equals(ALL)) return Integer.MAX_VALUE;
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(option + " must be a number of images or all, got " + value);
    }
    if (n < 1) throw new InvalidConfigException(option + " must be at least 1, got " + n);
    return n;
  }
}
