package tfvae.examples.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.data.DataSplit;

/**
 * Where {@link Reproduce} finds its data, model and output directory, and how it reports: the data (read once), the
 * checkpoint {@code out/model.ckpt} and the training run on it, and the "wrote" lines.
 */
public final class Workspace {
  private final Path data;
  private final boolean standardSplit;
  private final Path out;
  private final Path staging;
  private final int nTrain;
  private final int nTest;
  private final Vae spec;
  private final TrainOptions options;
  private final boolean quiet;
  private @Nullable DataSplit mnist;

  Workspace(Path data, boolean standardSplit, Path out, Path staging, int nTrain, int nTest, Vae spec, TrainOptions options, boolean quiet) {
    this.data = data;
    this.standardSplit = standardSplit;
    this.out = out;
    this.staging = staging;
    this.nTrain = nTrain;
    this.nTest = nTest;
    this.spec = spec;
    this.options = options;
    this.quiet = quiet;
  }

  /**
   * The training and test examples, read once. A directory is read in the MNIST idx layout by the assignment's split
   * ({@link DataSplit#assignment(Path, int, int)}), or with {@code standardSplit} by MNIST's standard one; a standard
   * split, {@code .npz} or {@code .csv} file is read by {@link DataSplit#read(Path)}, of which the first {@code nTrain}
   * training and {@code nTest} test examples are kept (all, when it has fewer). The values are then prepared for the
   * spec's likelihood ({@link DataSplit#forLikelihood}: binarized at 0.5 for the Bernoulli, the assignment's).
   *
   * @return the data
   */
  public DataSplit data() {
    if (mnist == null) {
      boolean whole = standardSplit || Files.isRegularFile(data); // a missing path is reported as the MNIST directory it defaults to
      DataSplit raw = read(whole);
      if (whole)
        raw = new DataSplit(raw.train().slice(0, Math.min(nTrain, raw.train().count())), raw.test().slice(0, Math.min(nTest, raw.test().count())));
      if (raw.train().dim() > Vae.MAX_DATA_DIM)
        throw new tfvae.BadDataException("--data " + data + ": its examples have " + raw.train().dim() + " values each, more than the "
            + Vae.MAX_DATA_DIM + " a model takes; reduce their dimension first (e.g. downsample the images)");
      if (spec.likelihood() == tfvae.Likelihood.BERNOULLI) {
        checkUnitInterval("training", raw.train());
        checkUnitInterval("test", raw.test());
      }
      mnist = raw.forLikelihood(spec.likelihood());
    }
    return mnist;
  }

  /** Reads the data; the library's message says what is wrong, this adds what to do about it here. */
  private DataSplit read(boolean whole) {
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
  private void checkUnitInterval(String set, tfvae.data.Images images) {
    float[] v = images.pixels();
    for (int i = 0; i < v.length; i++)
      if (!(v[i] >= 0f && v[i] <= 1f))
        throw new tfvae.BadDataException("--data " + data + ": " + (images.hasImageShape() ? "pixel " : "value ") + (i % images.dim())
            + " of " + set + (images.hasImageShape() ? " image " : " example ") + (i / images.dim()) + " is " + v[i]
            + ", outside [0, 1]; --likelihood bernoulli (the default) binarizes values in [0, 1] at 0.5: scale the values into [0, 1]"
            + " (0..255 pixels: divide by 255), or pass --likelihood gaussian");
  }

  /** @return where this run writes its outputs until they replace the earlier run's ({@link tfvae.io.StagedOutputs}) */
  public Path staging() { return staging; }

  /**
   * @param staged a file written into {@link #staging()}
   * @return where it will be once promoted: the same name in the output directory
   */
  public Path shown(Path staged) { return out.resolve(staged.getFileName()); }

  /** @return where the model is cached: {@code out/model.ckpt} */
  public Path checkpoint() { return out.resolve("model.ckpt"); }

  /**
   * @param policy what to do with an existing {@link #checkpoint()}
   * @return the model and how it was obtained; the caller closes it
   * @throws CheckpointException under RESUME, when the checkpoint holds another run, saying what to pass instead
   */
  public TrainingRun run(CheckpointPolicy policy) {
    try {
      return spec.train(data(), options.toBuilder().checkpoint(checkpoint()).build(), policy);
    } catch (CheckpointException e) {
      if (policy != CheckpointPolicy.RESUME) throw e;
      throw new CheckpointException(e.getMessage() + "; pass --retrain to start a new run, or another --out", e);
    }
  }

  /**
   * Saves a figure as PNG and SVG into the staging directory and says so on standard output (unless quiet), naming
   * the file where it will be once the outputs are promoted.
   *
   * @param figure the figure
   * @return the PNG path in the output directory
   */
  public Path save(Figure figure) {
    Path png = shown(figure.save(staging).get(0));
    say("wrote " + png + " (and .svg)");
    return png;
  }

  /** @param line printed on standard output unless the workspace is quiet */
  public void say(String line) {
    if (!quiet) System.out.println(line);
  }

  /** @return images 0..4, for part 4 on unlabelled images */
  static int[] firstFive(tfvae.data.Images test) {
    if (test.count() < 5) throw new IllegalArgumentException("there are " + test.count() + " test images, fewer than 5");
    return new int[] {0, 1, 2, 3, 4};
  }

  /** Refuses labels the figures cannot colour, before any training: the latent scatter has ten colours, for labels 0..9. */
  void checkLabels(String set, tfvae.data.Images images) {
    int[] l = images.labels();
    for (int i = 0; i < l.length; i++)
      if (l[i] < 0 || l[i] >= tfvae.charts.LatentScatter.CLASSES)
        throw new tfvae.BadDataException("--data " + data + ": the label of " + set + " example " + i + " is " + l[i] + "; the latent-space"
            + " figure colours the labels 0.." + (tfvae.charts.LatentScatter.CLASSES - 1) + ": number the classes from 0 to "
            + (tfvae.charts.LatentScatter.CLASSES - 1) + " (e.g. EMNIST letters 1..26 need a mapping onto at most ten classes), or"
            + " leave the labels out of the file");
  }
}
