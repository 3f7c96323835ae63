package tfvae.examples.vae;

import java.nio.file.Files;
import java.nio.file.Path;
import tfvae.BadDataException;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.Table;

/** The model and the rows a per-row subcommand reads. */
final class ModelIn {
  private ModelIn() {}

  /** @return the model at --model, checked to be a file first */
  static TrainedVae load(Path model) {
    return Vae.load(check(model));
  }

  /** @return --model, when it is a file */
  static Path check(Path model) {
    if (Files.isDirectory(model) && Files.isRegularFile(model.resolve("model.ckpt")))
      throw new BadDataException("--model " + model + " is a directory; pass the checkpoint in it, " + model.resolve("model.ckpt"));
    if (!Files.exists(model)) throw new BadDataException("--model " + model + " does not exist; pass the model.ckpt that scripts/vae train wrote");
    return model;
  }

  /**
   * An image model's rows: a CSV whose columns are its values (pixels) in order, every cell a number.
   *
   * @param table the --data table
   * @param model the model
   * @return the rows as vectors
   */
  static Images images(Table table, TrainedVae model) {
    int dim = model.spec().dataDim();
    if (table.names().size() != dim)
      throw new BadDataException(table.source() + " has " + table.names().size() + " columns; this image model takes " + dim
          + " values per row (its pixels, in order)");
    float[][] rows = new float[table.rowCount()][dim];
    for (int r = 0; r < rows.length; r++)
      for (int c = 0; c < dim; c++) {
        String cell = table.cell(r, c);
        double v = cell == null ? Double.NaN : parse(cell.strip());
        if (!Double.isFinite(v))
          throw new BadDataException(table.source() + ": row " + r + ", column " + table.names().get(c) + ": '" + table.text(r, c)
              + "' is not a number; an image model needs every pixel");
        rows[r][c] = (float) v;
      }
    return Images.vectors(rows);
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
