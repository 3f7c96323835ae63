package tfvae.cli.vae;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.RowScores;
import tfvae.Schema;
import tfvae.ScoreOptions;
import tfvae.TrainedVae;
import tfvae.data.TableReader;

/** {@code scripts/vae score}: log p(x) per row, the anomaly score. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes one line per row of --data: row (the row's number, 0-based, data rows only) and log_px, the"
        + " importance-weighted estimate of log p(x) in nats (higher is more typical; the lowest rows are the anomalies); for a"
        + " table model, then one column per modelled column: its share of log_px (which cells made a row unusual).",
        "A cell whose level the model never saw is read as missing (said once, with the count); a missing cell adds nothing.",
        "Takes any model, an image model from scripts/reproduce included (--data a CSV whose columns are its pixels)."})
final class ScoreCommand extends RowCommand {
  @Option(names = "--k", paramLabel = "K", description = "importance draws per row (q(z|x) as proposal; 1 is the ELBO)")
  int k = 100;

  @Override public Integer call() {
    if (k < 1 || k > 100_000) throw new tfvae.InvalidConfigException("--k must be in [1, 100000], got " + k);
    if (onSpark(tfvae.spark.VaeJobs.Command.SCORE, k) != null) return 0;
    ScoreOptions options = new ScoreOptions(k, seed);
    try (TableReader in = open(); TrainedVae m = ModelIn.load(model)) {
      Schema schema = m.spec().schema();
      List<String> header = new ArrayList<>(List.of("row", "log_px"));
      if (schema != null) header.addAll(schema.names());
      stream("score", m, in, header, (cells, x, out) -> {
        RowScores scores = m.score(x, options);
        for (int r = 0; r < x.length; r++) {
          double[] v = new double[header.size() - 1];
          v[0] = scores.logPx(r);
          if (schema != null) System.arraycopy(scores.columns(r), 0, v, 1, v.length - 1);
          out.row(cells.firstRow() + r, v);
        }
      });
    }
    return 0;
  }
}
