package tfvae.examples.vae;

import picocli.CommandLine.Command;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;

/** {@code scripts/vae impute}: the table with its missing cells filled. */
@Command(name = "impute", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes the rows of --data with every missing cell of a modelled column filled: row (0-based), then the"
        + " input's columns in the input's order; numeric cells get the posterior predictive mean, binary and categorical"
        + " cells the most probable level; ignored columns are copied unchanged.",
        "Needs a model trained on a table (scripts/vae train --data FILE.csv)."})
final class ImputeCommand extends RowCommand {
  @Override public Integer call() {
    table();
    try (TrainedVae m = ModelIn.load(model)) {
      throw new InvalidConfigException("--model " + model + " was trained on images (" + m.spec().dataDim()
          + " values per row, no table schema); impute fills the cells of a table model: train one with scripts/vae train --data FILE.csv");
    }
  }
}
