package tfvae.examples;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tfvae.CheckpointPolicy;
import tfvae.Device;
import tfvae.InvalidConfigException;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.data.Mnist;
import tfvae.data.MnistData;

/**
 * Where the figure scripts and programs find their data, model and output directory. The defaults are the
 * assignment's (data/mnist, out/, 100 epochs, seed 0); environment variables override them, which is how the tests
 * run every script on the small fixture:
 * {@code TFVAE_DATA}, {@code TFVAE_OUT}, {@code TFVAE_SPLIT} ("nTrain,nTest"), {@code TFVAE_EPOCHS},
 * {@code TFVAE_HIDDEN}, {@code TFVAE_SEED}, {@code TFVAE_DEVICE}.
 */
public final class Workspace {
  private final Path data;
  private final Path out;
  private final int nTrain;
  private final int nTest;
  private final Vae spec;
  private final TrainOptions options;
  private final boolean quiet;
  private @Nullable MnistData mnist;

  Workspace(Path data, Path out, int nTrain, int nTest, Vae spec, TrainOptions options, boolean quiet) {
    this.data = data;
    this.out = out;
    this.nTrain = nTrain;
    this.nTest = nTest;
    this.spec = spec;
    this.options = options;
    this.quiet = quiet;
  }

  /** @return the workspace the environment describes (see the class comment) */
  public static Workspace fromEnv() { return fromEnv(System.getenv()); }

  static Workspace fromEnv(Map<String, String> env) {
    String[] split = env.getOrDefault("TFVAE_SPLIT", Mnist.ASSIGNMENT_TRAIN + "," + Mnist.ASSIGNMENT_TEST).split(",");
    if (split.length != 2) throw new InvalidConfigException("TFVAE_SPLIT must be nTrain,nTest, got " + env.get("TFVAE_SPLIT"));
    Vae spec = Vae.builder().hidden(number(env, "TFVAE_HIDDEN", Vae.DEFAULT_HIDDEN)).seed(number(env, "TFVAE_SEED", 0)).build();
    TrainOptions options = TrainOptions.builder().epochs(number(env, "TFVAE_EPOCHS", TrainOptions.DEFAULT_EPOCHS))
        .device(Device.parse(env.getOrDefault("TFVAE_DEVICE", "cpu"))).build();
    return new Workspace(Path.of(env.getOrDefault("TFVAE_DATA", "data/mnist")), Path.of(env.getOrDefault("TFVAE_OUT", "out")),
        parse("TFVAE_SPLIT", split[0]), parse("TFVAE_SPLIT", split[1]), spec, options, false);
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : parse(name, v);
  }

  private static int parse(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(name + " must be a whole number, got " + v);
    }
  }

  /** @return the training and test images (read once) */
  public MnistData data() {
    if (mnist == null) mnist = Mnist.load(data, nTrain, nTest);
    return mnist;
  }

  /** @return the model spec */
  public Vae spec() { return spec; }

  /** @return the training options */
  public TrainOptions options() { return options; }

  /** @return the seed of the model and of every figure's random draws */
  public long seed() { return spec.seed(); }

  /** @return the output directory */
  public Path out() { return out; }

  /** @return where the model is cached: {@code out/model.ckpt} */
  public Path checkpoint() { return out.resolve("model.ckpt"); }

  /**
   * @return the model of {@link #checkpoint()} if it holds this run (spec, epochs, training options and data), else a
   *     newly trained one (saved there); the caller closes it
   */
  public TrainedVae model() { return run(CheckpointPolicy.REUSE).model(); }

  /**
   * @param policy what to do with an existing {@link #checkpoint()}
   * @return the model and how it was obtained; the caller closes it
   */
  public TrainingRun run(CheckpointPolicy policy) {
    return spec.train(data(), options.toBuilder().checkpoint(checkpoint()).build(), policy);
  }

  /**
   * Saves a figure as PNG and SVG into the output directory and says so on standard output (unless quiet).
   *
   * @param figure the figure
   * @return the PNG path
   */
  public Path save(Figure figure) {
    Path png = figure.save(out).get(0);
    say("wrote " + png + " (and .svg)");
    return png;
  }

  /** @param line printed on standard output unless the workspace is quiet */
  public void say(String line) {
    if (!quiet) System.out.println(line);
  }
}
