package tfvae.cli.vae;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import tfvae.Schema;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.data.TableReader;
import tfvae.io.RowsCsv;

/** {@code scripts/vae encode}: the latent mean of each row. */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes one line per row of --data: row (0-based) and z1, z2, ..., the mean of q(z|x).",
        "Takes any model, an image model from scripts/reproduce included (--data a CSV whose columns are its pixels)."})
final class EncodeCommand extends RowCommand {
  @Override public Integer call() {
    if (onSpark(tfvae.spark.VaeJobs.Command.ENCODE, tfvae.ScoreOptions.DEFAULT_K) != null) return 0;
    try (TableReader in = open(); TrainedVae m = ModelIn.load(model)) {
      Schema schema = m.spec().schema();
      List<String> header = new ArrayList<>(List.of("row"));
      header.addAll(RowsCsv.latentNames(m.spec().latent()));
      stream("encode", m, in, header, (cells, x, out) -> {
        float[][] mean = schema == null ? m.encode(Images.vectors(x)).mean() : m.encodeRows(x);
        for (int r = 0; r < mean.length; r++) out.row(cells.firstRow() + r, mean[r]);
      });
    }
    return 0;
  }
}
