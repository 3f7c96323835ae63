package tfvae.cli.vae;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.TrainedVae;
import tfvae.io.RowsCsv;

/** {@code scripts/vae sample}: rows drawn from the model. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes --n rows drawn from the model: z from the prior N(0, I), then x ~ p(x|z) (or, for an image model, its mean with --means);"
        + " columns row (0-based), then the model's columns (a table model's by name, cells in the data's units and levels; an"
        + " image model's x1, x2, ..., its pixels in order)."})
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the model.ckpt that scripts/vae train (or scripts/reproduce) wrote")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "the CSV to write (replaced whole, or left as it was on an error)")
  Path out;

  @Option(names = "--n", paramLabel = "N", description = "rows to draw")
  int n = 100;

  @Option(names = "--means", description = "write the mean of p(x|z) instead of a draw from it")
  boolean means;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the draws")
  long seed = 0;

  @Override public Integer call() {
    if (n < 1 || n > 1_000_000) throw new InvalidConfigException("--n must be in [1, 1000000], got " + n);
    ModelIn.checkOut(out);
    try (TrainedVae m = ModelIn.load(model)) {
      Schema schema = m.spec().schema();
      List<String> header = new ArrayList<>(List.of("row"));
      if (schema != null) {
        header.addAll(schema.names());
        float[][] x = m.sampleRows(n, seed);
        RowsCsv.write(out, header, rows -> {
          for (int r = 0; r < n; r++) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(r)));
            for (String cell : schema.decode(x[r])) fields.add(cell == null ? "NA" : cell);
            rows.row(fields);
          }
        });
      } else {
        for (int i = 1; i <= m.spec().dataDim(); i++) header.add("x" + i);
        float[][] z = m.samplePrior(n, seed);
        float[][] x = means ? m.decodeMeans(z) : m.sampleImages(z, seed + 1);
        RowsCsv.write(out, header, rows -> { for (int r = 0; r < n; r++) rows.row(r, x[r]); });
      }
    }
    System.err.println("wrote " + out + " (" + n + " rows)");
    return 0;
  }
}
