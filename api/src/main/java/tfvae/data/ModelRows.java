package tfvae.data;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.Likelihood;
import tfvae.Schema;
import tfvae.Vae;
import tfvae.internal.Check;

/**
 * Turns a table's text rows into a trained model's rows, chunk after chunk of one file ({@link TableReader}), rows
 * numbered over the whole file in messages.
 * <ul>
 *   <li>A table model: its schema's columns, found by name (other columns ignored), encoded by
 *       {@link Schema#encode}; a level the model never saw is read as missing and counted ({@link #unseenNote()}); a
 *       row with no observed cell is refused.
 *   <li>An image model: every column, in order, is one of its values (pixels); every cell must be a number; a
 *       Bernoulli model's values, in [0, 1], are thresholded at 0.5 as {@code scripts/reproduce} does.
 * </ul>
 * Each row's encoding depends on that row alone, so the chunk size never changes a number. Not thread-safe (it counts).
 */
public final class ModelRows {
  /** What an image value outside [0, 1] given to a Bernoulli model is told (after the value). */
  public static final String BERNOULLI_RANGE = "is not in [0, 1]; a Bernoulli model's values are thresholded at 0.5 (scale 0..255 pixels by 1/255)";

  private final Vae spec;
  private final String source;
  private final long[] unseen;

  private ModelRows(Vae spec, String source) {
    this.spec = spec;
    this.source = source;
    this.unseen = new long[spec.schema() == null ? 0 : spec.schema().columns().size()];
  }

  /**
   * Checks a file's columns against the model, before any row is read.
   *
   * @param spec the model's architecture ({@code TrainedVae.spec()})
   * @param source the file, for messages
   * @param names the file's columns
   * @return the reader of the file's rows for this model
   * @throws BadDataException when a table model's column is not in the file, or an image model's width is not the
   *     file's number of columns
   */
  public static ModelRows of(Vae spec, String source, List<String> names) {
    Check.notNull("spec", spec);
    Schema schema = spec.schema();
    if (schema == null && names.size() != spec.dataDim())
      throw new BadDataException(source + " has " + names.size() + " columns; this image model takes " + spec.dataDim()
          + " values per row (its pixels, in order)");
    if (schema != null)
      for (String name : schema.names())
        if (!names.contains(name))
          throw new BadDataException("the model was trained on another schema: it has column " + name + ", which " + source
              + " does not have (the model's columns: " + String.join(", ", schema.names()) + "; the file's: " + String.join(", ", names) + ")");
    return new ModelRows(spec, source);
  }

  /**
   * @param chunk rows of the file (a whole {@link Table}, or a chunk of it), with the columns given to {@link #of}
   * @return one row of {@code spec.dataDim()} values per row of the chunk
   * @throws BadDataException naming the file, the row (its number in the file) and the column of the first cell that is
   *     not a value the model takes, or a table row with no observed cell
   */
  public float[][] read(Table chunk) {
    Schema schema = spec.schema();
    return schema == null ? images(chunk) : table(chunk, schema);
  }

  private float[][] table(Table chunk, Schema schema) {
    List<@Nullable String[]> cells = chunk.cells(schema.names());
    float[][] x = new float[cells.size()][];
    for (int i = 0; i < x.length; i++) {
      long row = chunk.firstRow() + i;
      Schema.Encoded e;
      try {
        e = schema.encode(List.<@Nullable String[]>of(cells.get(i)));
      } catch (BadDataException b) {
        String m = b.getMessage(); // about "row 0", the one row given
        throw new BadDataException(source + ": row " + row + (m.startsWith("row 0") ? m.substring("row 0".length()) : ": " + m)
            + "; the model was trained on the schema scripts/vae train printed (and stored in report.json)", b);
      }
      x[i] = e.rows()[0];
      boolean observed = false;
      for (float v : x[i]) observed |= !Float.isNaN(v);
      if (!observed) throw new BadDataException(source + ": row " + row + " has no observed cell; drop it or fill in a value");
      for (int c = 0; c < unseen.length; c++) unseen[c] += e.unseen()[c];
    }
    return x;
  }

  private float[][] images(Table chunk) {
    int dim = spec.dataDim();
    boolean bernoulli = spec.likelihood() == Likelihood.BERNOULLI;
    float[][] x = new float[chunk.rowCount()][dim];
    for (int r = 0; r < x.length; r++)
      for (int c = 0; c < dim; c++) {
        String cell = chunk.cell(r, c);
        double v = cell == null ? Double.NaN : parse(cell.strip());
        if (!Double.isFinite(v))
          throw new BadDataException(source + ": row " + (chunk.firstRow() + r) + ", column " + chunk.names().get(c) + ": '" + chunk.text(r, c)
              + "' is not a number; an image model needs every pixel");
        float f = (float) v;
        if (bernoulli && !(f >= 0f && f <= 1f))
          throw new BadDataException(source + ": row " + (chunk.firstRow() + r) + ", column " + chunk.names().get(c) + ": '" + chunk.text(r, c)
              + "' " + BERNOULLI_RANGE);
        x[r][c] = bernoulli ? (f > 0.5f ? 1f : 0f) : f;
      }
    spec.likelihood().check("the rows of " + source, Images.vectors(x), chunk.firstRow());
    return x;
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** @return per column of a table model's schema, the cells read so far whose level it never saw (read as missing) */
  public long[] unseen() { return unseen.clone(); }

  /** @return {@link #unseenNote(List, long[])} of the cells read so far, or null (none, or an image model) */
  public @Nullable String unseenNote() {
    Schema schema = spec.schema();
    return schema == null ? null : unseenNote(schema.names(), unseen);
  }

  /**
   * @param names a table model's columns
   * @param unseen per column, the cells whose level the model never saw
   * @return e.g. "2 cells held a level unseen in training, read as missing (colour 2)", or null when there were none
   */
  public static @Nullable String unseenNote(List<String> names, long[] unseen) {
    long total = 0;
    List<String> counts = new ArrayList<>();
    for (int c = 0; c < unseen.length; c++) {
      total += unseen[c];
      if (unseen[c] > 0) counts.add(names.get(c) + " " + unseen[c]);
    }
    return total == 0 ? null : total + " cell" + (total == 1 ? "" : "s") + " held a level unseen in training, read as missing ("
        + String.join(", ", counts) + ")";
  }
}
