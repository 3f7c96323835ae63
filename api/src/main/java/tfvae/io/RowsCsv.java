package tfvae.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import tfvae.data.ModelRows;
import tfvae.data.Table;
import tfvae.data.TableReader;
import tfvae.internal.Check;

/**
 * A result CSV of one line per input row ({@code scripts/vae score|encode|impute}): a header, then the lines, streamed
 * into a temporary file beside the target and moved into place by {@link AtomicFiles} once every line is written, so
 * the target is replaced whole or, on any error (a bad row half-way included), left as it was, with no temporary file
 * left behind. Memory does not grow with the rows: {@link #stream} reads, converts and writes a chunk at a time.
 *
 * <pre>{@code
 * try (TableReader in = TableReader.open(data, Table.DEFAULT_MISSING)) {
 *   ModelRows rows = ModelRows.of(model.spec(), in.source(), in.names());
 *   RowsCsv.stream(out, List.of("row", "log_px"), in, rows, 4096, (cells, x, lines) -> {
 *     double[] logPx = model.score(x, options).logPx();
 *     for (int i = 0; i < x.length; i++) lines.row(cells.firstRow() + i, logPx[i]);
 *   });
 * }
 * }</pre>
 */
public final class RowsCsv {
  /** Writes the lines of one chunk. */
  @FunctionalInterface
  public interface Chunk {
    /**
     * @param cells the chunk's rows as read ({@link Table#firstRow()} is the first one's number in the file)
     * @param rows the same rows as the model takes them ({@link ModelRows#read})
     * @param out where to write the chunk's lines, in order
     */
    void write(Table cells, float[][] rows, RowsCsv out);
  }

  private final Writer out;

  private RowsCsv(Writer out) { this.out = out; }

  /**
   * Reads {@code in} to its end, {@code chunkRows} rows at a time, converts each chunk with {@code rows}, lets
   * {@code chunk} write its lines, and replaces {@code file} with the header and every line once the last chunk is
   * written. Any exception leaves {@code file} as it was and removes the temporary file.
   *
   * @param file the CSV file to create or replace
   * @param header the column names
   * @param in the rows to read, from its next row on
   * @param rows the model's reading of them
   * @param chunkRows the most rows held at a time, at least 1
   * @param chunk writes one chunk's lines
   * @return the number of rows read
   * @throws tfvae.WriteException naming the file when it cannot be written; a {@link tfvae.BadDataException} from
   *     reading or converting a row as it is
   */
  public static long stream(Path file, List<String> header, TableReader in, ModelRows rows, int chunkRows, Chunk chunk) {
    Check.range("chunkRows", chunkRows, 1, Integer.MAX_VALUE);
    write(file, header, lines -> {
      for (Table cells; (cells = in.next(chunkRows)) != null; ) chunk.write(cells, rows.read(cells), lines);
    });
    return in.rowsRead();
  }

  /**
   * Writes {@code file}: the header, then the lines {@code body} adds; replaced only once {@code body} returned.
   *
   * @param file the CSV file to create or replace
   * @param header the column names
   * @param body adds the lines
   * @throws tfvae.WriteException naming the file when it cannot be written; any exception of {@code body} as it is
   *     (the file then left as it was, no temporary file left behind)
   */
  public static void write(Path file, List<String> header, Consumer<RowsCsv> body) {
    AtomicFiles.write(file, stream -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      RowsCsv lines = new RowsCsv(w);
      try {
        lines.row(header);
        body.accept(lines);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      w.flush();
    });
  }

  /**
   * Adds a line of fields, each quoted as {@link Table#csvLine} does.
   *
   * @param fields the line's fields
   */
  public void row(List<String> fields) {
    try {
      out.write(Table.csvLine(fields));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a line: the row number, then numbers written so they read back exactly ({@link #number}).
   *
   * @param row the row's number
   * @param values its numbers
   */
  public void row(long row, double... values) {
    List<String> fields = new ArrayList<>(values.length + 1);
    fields.add(Long.toString(row));
    for (double v : values) fields.add(number(v));
    row(fields);
  }

  /**
   * Adds a line: the row number, then float values as the shortest text that reads back as the same float (NaN as NA).
   *
   * @param row the row's number
   * @param values its values
   */
  public void row(long row, float[] values) {
    List<String> fields = new ArrayList<>(values.length + 1);
    fields.add(Long.toString(row));
    for (float v : values) fields.add(Float.isNaN(v) ? "NA" : v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Float.toString(v));
    row(fields);
  }

  /**
   * @param v a number
   * @return it as the shortest text that reads back as the same double: a whole number without ".0"; NaN as NA
   */
  public static String number(double v) {
    if (Double.isNaN(v)) return "NA";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v).toLowerCase(Locale.ROOT);
  }

  /**
   * @param latent the latent dimension
   * @return "z1", "z2", ... up to {@code latent}: the columns of the latent means
   */
  public static List<String> latentNames(int latent) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= latent; i++) names.add("z" + i);
    return names;
  }
}
