package tfvae.cli.vae;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.Imputation;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.ScoreOptions;
import tfvae.TrainedVae;
import tfvae.data.TableReader;

/** {@code scripts/vae impute}: the table with its missing cells filled. */
@Command(name = "impute", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes the rows of --data with every missing cell of a modelled column filled: row (0-based), then the"
        + " input's columns in the input's order; numeric cells get the posterior predictive mean, binary and categorical"
        + " cells the most probable level; ignored columns are copied unchanged.",
        "Needs a model trained on a table (scripts/vae train --data FILE.csv)."})
final class ImputeCommand extends RowCommand {
  @Option(names = "--k", paramLabel = "K", description = "importance draws per row (q(z|x_obs) as proposal)")
  int k = ScoreOptions.DEFAULT_K;

  @Override public Integer call() {
    ScoreOptions options = new ScoreOptions(k, seed);
    if (onSpark(tfvae.spark.VaeJobs.Command.IMPUTE, k) != null) return 0;
    try (TableReader in = open(); TrainedVae m = ModelIn.load(model)) {
      Schema schema = m.spec().schema();
      if (schema == null)
        throw new InvalidConfigException("--model " + model + " was trained on images (" + m.spec().dataDim()
            + " values per row, no table schema); impute fills the cells of a table model: train one with scripts/vae train --data FILE.csv");
      int[] modelled = new int[in.names().size()];
      for (int c = 0; c < modelled.length; c++) modelled[c] = schema.indexOf(in.names().get(c));
      List<String> header = new ArrayList<>(List.of("row"));
      header.addAll(in.names());
      stream("impute", m, in, header, (cells, x, out) -> {
        Imputation filled = m.impute(x, options);
        for (int r = 0; r < cells.rowCount(); r++) {
          String[] decoded = schema.decode(filled.row(r));
          List<String> fields = new ArrayList<>(List.of(Long.toString(cells.firstRow() + r)));
          for (int c = 0; c < modelled.length; c++)
            fields.add(cells.cell(r, c) == null && modelled[c] >= 0 ? decoded[modelled[c]] : cells.text(r, c));
          out.row(fields);
        }
      });
    }
    return 0;
  }
}
