package tfvae.examples.reproduce;

import java.nio.file.Path;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.data.DataSplit;

/**
 * Where {@link Reproduce} finds its model and output directory, and how it reports: the checkpoint {@code out/model.ckpt}
 * and the training run on the data ({@link tfvae.cli.ImageData} read it), and the "wrote" lines.
 */
public final class Workspace {
  private final Path data;
  private final DataSplit split;
  private final Path out;
  private final Path staging;
  private final Vae spec;
  private final TrainOptions options;
  private final boolean quiet;

  Workspace(Path data, DataSplit split, Path out, Path staging, Vae spec, TrainOptions options, boolean quiet) {
    this.data = data;
    this.split = split;
    this.out = out;
    this.staging = staging;
    this.spec = spec;
    this.options = options;
    this.quiet = quiet;
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
      return spec.train(split, options, policy); // options checkpoint to out/model.ckpt (Reproduce.trainOptions)
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
