package tfvae.examples.vae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tfvae.InvalidConfigException;
import tfvae.data.Table;
import tfvae.examples.shared.Outputs;

/** A result CSV: a header, then one line per row; written whole or not at all when {@link #write()} is called. */
final class RowsOut {
  private final Path file;
  private final StringBuilder text = new StringBuilder();

  /**
   * Checks the output file's place before any work: its directory must exist, and the file must not be a directory.
   *
   * @param file the --out file
   * @param header the column names
   */
  RowsOut(Path file, List<String> header) {
    this.file = check(file);
    text.append(Table.csvLine(header)).append('\n');
  }

  /**
   * @param file the --out file
   * @return it, when its directory exists and it is not a directory itself
   * @throws InvalidConfigException otherwise, saying what to do
   */
  static Path check(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) throw new InvalidConfigException("--out " + file + " is a directory; name a .csv file to write");
    if (dir == null || !Files.isDirectory(dir))
      throw new InvalidConfigException("--out " + file + ": its directory " + dir + " does not exist; create it or name another file");
    return file;
  }

  /** Adds a line of fields. */
  void row(List<String> fields) { text.append(Table.csvLine(fields)).append('\n'); }

  /** Adds a line: the row number, then numbers written so they read back exactly. */
  void row(int row, double... values) {
    List<String> fields = new ArrayList<>(values.length + 1);
    fields.add(Integer.toString(row));
    for (double v : values) fields.add(number(v));
    row(fields);
  }

  /** Adds a line: the row number, then float values as the shortest text that reads back as the same float. */
  void row(int row, float[] values) {
    List<String> fields = new ArrayList<>(values.length + 1);
    fields.add(Integer.toString(row));
    for (float v : values) fields.add(Float.isNaN(v) ? "NA" : v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Float.toString(v));
    row(fields);
  }

  /** Writes the file atomically. */
  void write() { tfvae.io.AtomicFiles.writeString(file, text.toString()); }

  /** @return a number as the shortest text that reads back as the same double; NaN as NA */
  static String number(double v) {
    if (Double.isNaN(v)) return "NA";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v).toLowerCase(Locale.ROOT);
  }

  /** @return "z1", "z2", ... */
  static List<String> latentNames(int latent) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= latent; i++) names.add("z" + i);
    return names;
  }
}
