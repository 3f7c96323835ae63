package tfvae.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.Schema;
import tfvae.internal.Check;

/**
 * A table read from a CSV file with a header: named columns of text cells, some of them missing. The convention
 * (RFC 4180, as spreadsheets and pandas write it):
 * <ul>
 *   <li>UTF-8 (a byte order mark is skipped); fields separated by commas; lines end in {@code \n} or {@code \r\n};
 *       blank lines are skipped.
 *   <li>The first line is the header: one name per column, each name different.
 *   <li>A field in double quotes may hold commas, line breaks and doubled quotes ({@code "say ""hi"""}); it is kept
 *       as written. Spaces around an unquoted field are dropped.
 *   <li>A cell is missing when it is one of the missing tokens: by default {@link #DEFAULT_MISSING} (empty,
 *       {@code NA}, {@code ?}, {@code NaN}), compared exactly.
 *   <li>Every row has as many fields as the header.
 * </ul>
 * Rows are numbered from 0, data rows only (the header is not a row). {@link #inferSchema(Map, Set)} chooses each
 * column's kind; {@link #cells(List)} hands the cells to {@link Schema#encode(List)}.
 *
 * <p>Every failure is a one-line {@link BadDataException} naming the file and, where there is one, the row.
 */
public final class Table {
  /** The cells read as missing unless told otherwise: empty, {@code NA}, {@code ?} and {@code NaN}. */
  public static final Set<String> DEFAULT_MISSING = Set.of("", "NA", "?", "NaN");

  private final String source;
  private final List<String> names;
  private final List<String[]> rows;
  private final Set<String> missing;
  private final long firstRow;

  /** A table, or a chunk of one ({@link TableReader}) whose first row is the file's row {@code firstRow}. */
  Table(String source, List<String> names, List<String[]> rows, Set<String> missing, long firstRow) {
    this.source = source;
    this.names = List.copyOf(names);
    this.rows = rows;
    this.missing = Set.copyOf(missing);
    this.firstRow = firstRow;
  }

  /**
   * Reads a CSV file with a header, the {@link #DEFAULT_MISSING} cells missing.
   *
   * @param file the CSV file
   * @return the table
   * @throws BadDataException see {@link #read(Path, Set)}
   */
  public static Table read(Path file) { return read(file, DEFAULT_MISSING); }

  /**
   * Reads a CSV file with a header.
   *
   * @param file the CSV file
   * @param missing the cells read as missing (compared exactly, after an unquoted field's spaces are dropped)
   * @return the table
   * @throws BadDataException naming the file if it does not exist, cannot be read, is not UTF-8, is empty, has no
   *     data row, its header names a column twice or leaves one unnamed, a quoted field never closes, or a row has
   *     the wrong number of fields (naming the row and its line)
   */
  public static Table read(Path file, Set<String> missing) {
    try (TableReader in = TableReader.open(file, missing)) {
      return Objects.requireNonNull(in.next(Integer.MAX_VALUE)); // null only after the first chunk
    }
  }

  /**
   * Reads CSV text with a header; see {@link #read(Path, Set)}.
   *
   * @param source what messages call the text (a file name)
   * @param text the CSV text
   * @param missing the cells read as missing
   * @return the table
   * @throws BadDataException as {@link #read(Path, Set)}, naming {@code source}
   */
  public static Table parse(String source, String text, Set<String> missing) {
    Check.notNull("source", source);
    Check.notNull("text", text);
    Check.notNull("missing", missing);
    CsvRecords lines = new CsvRecords(source, new java.io.StringReader(text));
    List<String> header = header(source, lines);
    List<String[]> rows = new ArrayList<>();
    for (String[] fields; (fields = row(source, lines, header.size(), rows.size())) != null; ) rows.add(fields);
    if (rows.isEmpty()) throw new BadDataException(source + " has a header but no rows");
    return new Table(source, header, rows, missing, 0);
  }

  /** @return the header's names, checked: each named, none twice */
  static List<String> header(String source, CsvRecords lines) {
    List<String> header = lines.next();
    if (header == null) throw new BadDataException(source + " is empty; a table needs a header line naming its columns, then one line per row");
    Map<String, Integer> seen = new HashMap<>();
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      if (name.isBlank())
        throw new BadDataException(source + ": column " + (c + 1) + " of the header has no name; name every column");
      Integer before = seen.put(name, c);
      if (before != null)
        throw new BadDataException(source + ": the header names column " + name + " twice (columns " + (before + 1) + " and "
            + (c + 1) + "); give each column its own name");
    }
    return header;
  }

  /** @return the next data row's fields (the file's row {@code row}), null at the end; throws when it has the wrong number */
  static String @Nullable [] row(String source, CsvRecords lines, int columns, long row) {
    List<String> fields = lines.next();
    if (fields == null) return null;
    if (fields.size() != columns)
      throw new BadDataException(source + ": row " + row + " (line " + lines.startLine() + ") has " + fields.size()
          + " field" + (fields.size() == 1 ? "" : "s") + "; the header has " + columns + " columns");
    return fields.toArray(String[]::new);
  }

  /** @return where the table was read from (for messages) */
  public String source() { return source; }

  /** @return the columns' names, in the file's order */
  public List<String> names() { return names; }

  /** @return the number of data rows */
  public int rowCount() { return rows.size(); }

  /**
   * @return the number in the file of this table's row 0: 0 for a whole file, more for a later chunk of one read by
   *     {@link TableReader} (messages about row {@code r} of the chunk name the file's row {@code firstRow() + r})
   */
  public long firstRow() { return firstRow; }

  /**
   * @param name a column's name
   * @return its index, or -1 when the table has no such column
   */
  public int indexOf(String name) { return names.indexOf(name); }

  /**
   * @param row a row, from 0
   * @param column a column's index
   * @return the cell as read (a missing token included)
   */
  public String text(int row, int column) {
    Check.range("row", row, 0, rows.size() - 1);
    Check.range("column", column, 0, names.size() - 1);
    return rows.get(row)[column];
  }

  /**
   * @param row a row, from 0
   * @param column a column's index
   * @return the cell, or null when it is missing
   */
  public @Nullable String cell(int row, int column) {
    String t = text(row, column);
    return missing.contains(t) ? null : t;
  }

  /**
   * The cells of some columns, row by row, in the order {@link Schema#encode(List)} takes them.
   *
   * @param columns columns' names, e.g. a schema's {@link Schema#names()}
   * @return one array per row, a cell per named column, null where missing
   * @throws BadDataException naming the first column the table does not have, and listing those it has
   */
  public List<@Nullable String[]> cells(List<String> columns) {
    int[] at = new int[columns.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = indexOf(columns.get(i));
      if (at[i] < 0)
        throw new BadDataException(source + " has no column " + columns.get(i) + "; its columns are " + String.join(", ", names));
    }
    List<@Nullable String[]> out = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      @Nullable String[] cells = new String[at.length];
      for (int i = 0; i < at.length; i++) cells[i] = missing.contains(row[at[i]]) ? null : row[at[i]];
      out.add(cells);
    }
    return out;
  }

  /**
   * Chooses each column's kind and encoding from its observed cells; the rule, column by column:
   * <ul>
   *   <li>exactly two distinct values: binary (levels in sorted order, numbers by value; the second is encoded as 1);
   *   <li>decimal numbers: numeric, location the mean and scale the standard deviation (over n) of the observed
   *       cells; but whole numbers with at most {@value TableSchemas#CODE_LEVELS} distinct values are codes:
   *       categorical;
   *   <li>text: categorical, levels in sorted order, at most {@link Schema#MAX_LEVELS}.
   * </ul>
   * An override gives a column's kind outright ({@code count} is only chosen this way); it must be able to hold
   * every observed cell.
   *
   * @param types kinds given by name, overriding the rule
   * @param ignore columns left out of the schema (copied unchanged by imputation)
   * @return the schema of every column not ignored, in the table's order
   * @throws tfvae.InvalidConfigException when {@code types} or {@code ignore} names a column the table does not have
   *     (listing those it has), or a column is both ignored and typed
   * @throws BadDataException naming the column and what to do, when a column holds a single value, has no value,
   *     mixes numbers and text, writes numbers with thousands separators, has more than {@link Schema#MAX_LEVELS}
   *     levels, or holds a value its given type cannot
   */
  public Schema inferSchema(Map<String, Schema.Kind> types, Set<String> ignore) {
    return TableSchemas.infer(this, types, ignore);
  }

  /**
   * @param fields a row's fields
   * @return them as one CSV line (no line end), each field quoted when it holds a comma, a quote, a line break or
   *     spaces at an end
   */
  public static String csvLine(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) b.append(',');
      String f = fields.get(i);
      boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0
          || (!f.isEmpty() && (f.charAt(0) == ' ' || f.charAt(f.length() - 1) == ' '));
      if (quote) b.append('"').append(f.replace("\"", "\"\"")).append('"');
      else b.append(f);
    }
    return b.toString();
  }
}
