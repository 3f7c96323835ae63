package tfvae.cli;

import java.util.List;
import picocli.CommandLine.Option;
import tfvae.Device;
import tfvae.InvalidConfigException;
import tfvae.Layer;
import tfvae.Likelihood;
import tfvae.Objective;
import tfvae.Preset;
import tfvae.TrainOptions;
import tfvae.Vae;

/**
 * The model and training options that {@code scripts/reproduce} and {@code scripts/vae train} share (a picocli mixin):
 * one spelling, one meaning and one check of each. A command gives the defaults that depend on its data.
 */
public final class ModelOptions {
  @Option(names = "--hidden", paramLabel = "H", description = "one hidden layer of H units in the encoder and the decoder")
  int hidden = Vae.DEFAULT_HIDDEN;

  @Option(names = "--encoder", paramLabel = "LAYERS", description = "the encoder's layers, input side first, comma-separated (default:"
      + " one layer of --hidden): a width (512, or 64*7*7) for a dense layer, conv:FILTERS:KERNEL:STRIDE, tconv:FILTERS:KERNEL:STRIDE,"
      + " reshape:HxWxC, flatten; a layer with weights may end with /ACTIVATION (tanh, relu, sigmoid, softplus, elu, identity) and"
      + " /he or /scale; e.g. 512,256 or conv:32:3:2/relu,conv:64:3:2/relu,flatten,16/relu")
  String encoder;

  @Option(names = "--decoder", paramLabel = "LAYERS", description = "the decoder's layers, latent side first, in --encoder's form; a last"
      + " tconv or conv is the output layer and must give the image, else a dense output layer follows; e.g."
      + " 64*7*7/relu,reshape:7x7x64,tconv:64:3:2/relu,tconv:32:3:2/relu,tconv:1:3:1")
  String decoder;

  @Option(names = "--preset", paramLabel = "assignment|keras-conv", description = "a named architecture: keras-conv is Keras's VAE"
      + " example (conv 32 and 64 stride 2 ReLU, dense 16; mirrored transposed convs); --encoder and --decoder override its layers")
  String preset = "assignment";

  @Option(names = "--latent", paramLabel = "N", description = "dimension of z (default " + Vae.DEFAULT_LATENT + " for images, "
      + tfvae.data.TableDefaults.LATENT + " for a table); above 2 the exact parts (quadrature, the exact posterior) are skipped")
  Integer latent;

  @Option(names = "--likelihood", paramLabel = "bernoulli|continuous-bernoulli|gaussian", description = "images only: p(x|z); bernoulli"
      + " binarizes the data at 0.5 (the assignment's); continuous-bernoulli takes values in [0, 1] as they are; gaussian any finite values")
  String likelihood = "bernoulli";

  @Option(names = "--objective", paramLabel = "elbo|analytic-kl|iwae", description = "the training objective (default elbo for images,"
      + " iwae for a table)")
  String objective;

  @Option(names = "--k", paramLabel = "K", description = "draws per example of the iwae objective (default 5 for images, "
      + tfvae.data.TableDefaults.IWAE_K + " for a table)")
  Integer k;

  @Option(names = "--beta", paramLabel = "B", description = "weight of the KL term (log p(z) - log q(z|x)) in training")
  double beta = 1;

  @Option(names = "--warmup", paramLabel = "EPOCHS", description = "raise the KL weight linearly from 0 to --beta over this many"
      + " epochs (0: none)")
  int warmup;

  @Option(names = "--shuffle", description = "reshuffle the training examples each epoch (seeded by --seed and the epoch); default:"
      + " batches in order, the assignment's")
  boolean shuffle;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the initial weights and the training noise")
  long seed = 0;

  @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "where TensorFlow runs")
  String device = "cpu";

  @Option(names = "--learning-rate", paramLabel = "R", description = "Adam step size")
  double learningRate = TrainOptions.DEFAULT_LEARNING_RATE;

  /** @return --seed */
  public long seed() { return seed; }

  /**
   * @param table whether the data is a table (its defaults for --latent, --objective and --k) rather than images
   * @return the model the options describe, every setting checked before any data is read
   */
  public Vae.Builder builder(boolean table) {
    String o = objective != null ? objective : table ? "iwae" : "elbo";
    int draws = k != null ? k : !o.equalsIgnoreCase("iwae") ? 1 : table ? tfvae.data.TableDefaults.IWAE_K : 5;
    Preset p = Preset.parse(preset);
    Vae.Builder b = (p == Preset.ASSIGNMENT ? Vae.builder().hidden(hidden) : p.builder())
        .latent(latent != null ? latent : table ? tfvae.data.TableDefaults.LATENT : Vae.DEFAULT_LATENT).seed(seed)
        .likelihood(Likelihood.parse(likelihood)).objective(Objective.parse(o, draws).withBeta(beta).withWarmup(warmup));
    if (encoder != null) b.encoder(layers("--encoder", encoder));
    if (decoder != null) b.decoder(layers("--decoder", decoder));
    return b;
  }

  /**
   * @param epochs passes over the training data
   * @param batchSize examples per step
   * @return training options with these settings and the given epochs and batch size
   */
  public TrainOptions.Builder training(int epochs, int batchSize) {
    return TrainOptions.builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).device(Device.parse(device))
        .shuffle(shuffle);
  }

  private static List<Layer> layers(String option, String text) {
    try {
      return Layer.parseList(text);
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(option + ": " + e.getMessage());
    }
  }
}
