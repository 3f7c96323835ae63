package tfvae.cli.vae;

import picocli.CommandLine.Command;
import tfvae.cli.Cli;

/**
 * {@code scripts/vae}: one command for any data. {@code train} fits a model to a table (a CSV with a header) or to
 * images (a .npz or an idx directory); {@code evaluate} measures an image model's ELBO and log p(x); {@code score},
 * {@code impute} and {@code encode} write one CSV row per input row; {@code sample} draws rows from the model;
 * {@code export} writes its weights for other tools.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, versionProvider = VaeCommand.Version.class,
    description = "Trains a VAE on a table or on images, evaluates it, and scores, imputes, encodes and samples rows with it.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, ScoreCommand.class, ImputeCommand.class, EncodeCommand.class,
        SampleCommand.class, ExportCommand.class},
    footer = {"", "Each subcommand has --help. Errors are one line on standard error and exit status 2."})
public final class VaeCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Without a subcommand: the usage, and exit 2. */
  @Override public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: train, evaluate, score, impute, encode, sample or export");
  }

  /**
   * Runs {@code scripts/vae}: exits with 0, or 2 after one line on standard error.
   *
   * @param args the subcommand and its options
   */
  public static void main(String[] args) { Cli.run(new VaeCommand(), args); }

  /** {@code --version}: the library's version. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override public String[] getVersion() { return new String[] {"tfvae " + tfvae.Version.VERSION}; }
  }
}
