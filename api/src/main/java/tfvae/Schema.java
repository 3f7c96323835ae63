package tfvae;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tfvae.internal.Check;

/**
 * The columns of a table that a model describes, each with its own likelihood: the table's counterpart of
 * {@link Likelihood}, which gives every value of an image the same one. A model sees a row as a vector of
 * {@link #width()} encoded values, column after column ({@link #offset(int)}):
 * <ul>
 *   <li>{@link Kind#NUMERIC}: one value, (x - location) / scale, modelled by a Gaussian; results are reported in the
 *       data's own units;
 *   <li>{@link Kind#BINARY}: one value, 1 for the second of its two levels and 0 for the first, modelled by a
 *       Bernoulli;
 *   <li>{@link Kind#CATEGORICAL}: one value per level, one-hot, modelled by a softmax over the levels;
 *   <li>{@link Kind#COUNT}: one value, the count itself (a whole number >= 0), modelled by a Poisson.
 * </ul>
 * A missing cell is NaN in every one of its column's values; a row's log-likelihood sums over its observed cells.
 *
 * @param columns the modelled columns in the table's order; names unique
 */
public record Schema(List<Column> columns) {

  /** The most levels a categorical column may have. */
  public static final int MAX_LEVELS = 1000;

  /** What a column holds, and so its likelihood. */
  public enum Kind {
    /** Real numbers; a Gaussian. */
    NUMERIC,
    /** Exactly two levels; a Bernoulli. */
    BINARY,
    /** A few levels (text or codes); a categorical distribution (softmax). */
    CATEGORICAL,
    /** Whole numbers >= 0; a Poisson. */
    COUNT;

    /** @return the name used on the command line and in files: {@code numeric}, {@code binary}, ... */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /**
     * @param name a {@link #cliName()}, case-insensitive
     * @return the kind of that name
     * @throws InvalidConfigException for any other name, listing the valid ones
     */
    public static Kind parse(String name) {
      for (Kind k : values()) if (k.cliName().equalsIgnoreCase(name.strip())) return k;
      throw new InvalidConfigException("a column type must be numeric, binary, categorical or count, got '" + name + "'");
    }
  }

  /**
   * One modelled column.
   *
   * @param name the column's name in the table's header
   * @param kind what it holds
   * @param location NUMERIC: the value subtracted before the model sees it (the training data's mean); else 0
   * @param scale NUMERIC: the value divided by (the training data's standard deviation), finite and > 0; else 1
   * @param levels BINARY: its two levels (the second is encoded as 1); CATEGORICAL: its 2 to {@link #MAX_LEVELS}
   *     levels in encoding order; else empty
   */
  public record Column(String name, Kind kind, double location, double scale, List<String> levels) {
    /** Checks the fields against the kind; see the parameters. */
    public Column {
      Check.notNull("column name", name);
      if (name.isBlank()) throw new InvalidConfigException("a column name must not be blank");
      Check.notNull("kind of column " + name, kind);
      Check.notNull("levels of column " + name, levels);
      levels = List.copyOf(levels);
      if (new HashSet<>(levels).size() != levels.size())
        throw new InvalidConfigException("column " + name + " lists a level twice: " + levels);
      switch (kind) {
        case NUMERIC -> {
          if (!Double.isFinite(location) || !Double.isFinite(scale) || scale <= 0)
            throw new InvalidConfigException("numeric column " + name + " needs a finite location and a finite scale > 0, got "
                + location + " and " + scale);
          if (!levels.isEmpty()) throw new InvalidConfigException("numeric column " + name + " has no levels, got " + levels);
        }
        case BINARY -> {
          if (levels.size() != 2) throw new InvalidConfigException("binary column " + name + " needs exactly 2 levels, got " + levels);
        }
        case CATEGORICAL -> {
          if (levels.size() < 2 || levels.size() > MAX_LEVELS)
            throw new InvalidConfigException("categorical column " + name + " needs 2 to " + MAX_LEVELS + " levels, got " + levels.size());
        }
        case COUNT -> {
          if (!levels.isEmpty()) throw new InvalidConfigException("count column " + name + " has no levels, got " + levels);
        }
      }
      if (kind != Kind.NUMERIC && (location != 0 || scale != 1))
        throw new InvalidConfigException(kind.cliName() + " column " + name + " has location 0 and scale 1, got " + location + " and " + scale);
    }

    /** @return a numeric column modelled as (x - location) / scale */
    public static Column numeric(String name, double location, double scale) { return new Column(name, Kind.NUMERIC, location, scale, List.of()); }

    /** @return a binary column; {@code one} is encoded as 1 */
    public static Column binary(String name, String zero, String one) { return new Column(name, Kind.BINARY, 0, 1, List.of(zero, one)); }

    /** @return a categorical column over {@code levels}, in that order */
    public static Column categorical(String name, List<String> levels) { return new Column(name, Kind.CATEGORICAL, 0, 1, levels); }

    /** @return a count column */
    public static Column count(String name) { return new Column(name, Kind.COUNT, 0, 1, List.of()); }

    /** @return how many encoded values the column takes: its levels for a categorical column, else 1 */
    public int width() { return kind == Kind.CATEGORICAL ? levels.size() : 1; }
  }

  /**
   * @param columns the modelled columns (copied)
   * @throws InvalidConfigException if there are none or two share a name
   */
  public Schema {
    Check.notNull("columns", columns);
    if (columns.isEmpty()) throw new InvalidConfigException("a schema needs at least one column");
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      Check.notNull("column", c);
      if (!seen.add(c.name())) throw new InvalidConfigException("the schema names column " + c.name() + " twice");
    }
    columns = List.copyOf(columns);
  }

  /** @return encoded values per row: the sum of the columns' widths */
  public int width() {
    int w = 0;
    for (Column c : columns) w += c.width();
    return w;
  }

  /**
   * @param column a column's index
   * @return the index of its first encoded value
   */
  public int offset(int column) {
    Check.range("column", column, 0, columns.size() - 1);
    int o = 0;
    for (int i = 0; i < column; i++) o += columns.get(i).width();
    return o;
  }

  /**
   * @param name a column's name
   * @return its index, or -1 when the schema has no such column
   */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
    return -1;
  }

  /** @return the columns' names in order */
  public List<String> names() { return columns.stream().map(Column::name).toList(); }

  /**
   * Rows encoded for the model, and how many cells held a level the schema does not know (read as missing).
   *
   * @param rows one array of {@link #width()} encoded values per row, NaN for a missing cell's values
   * @param unseen per column, how many cells held an unknown level (binary and categorical columns; else 0)
   */
  public record Encoded(float[][] rows, int[] unseen) {
    /** @return the cells read as missing because their level was not one the schema knows */
    public int unseenTotal() {
      int n = 0;
      for (int u : unseen) n += u;
      return n;
    }
  }

  /**
   * Encodes rows of text cells, one per column in the schema's order; a null cell is missing. Numeric cells are
   * decimal numbers; count cells whole numbers >= 0; binary and categorical cells must be one of the column's levels
   * (compared exactly), and an unknown level is read as missing and counted in {@link Encoded#unseen()}.
   *
   * @param rows the rows' cells, each row {@code columns().size()} long
   * @return the encoded rows
   * @throws BadDataException naming the row (0-based) and column of the first cell that is not a value of its kind,
   *     or the first row with the wrong number of cells
   */
  public Encoded encode(List<@Nullable String[]> rows) {
    Check.notNull("rows", rows);
    int w = width(), n = rows.size();
    float[][] out = new float[n][w];
    int[] unseen = new int[columns.size()];
    for (int r = 0; r < n; r++) {
      String[] cells = rows.get(r);
      if (cells == null || cells.length != columns.size())
        throw new BadDataException("row " + r + " has " + (cells == null ? 0 : cells.length) + " cells; the schema has "
            + columns.size() + " columns (" + String.join(", ", names()) + ")");
      int o = 0;
      float[] row = out[r];
      for (int c = 0; c < cells.length; c++) {
        Column col = columns.get(c);
        String cell = cells[c];
        if (cell == null) {
          for (int j = 0; j < col.width(); j++) row[o + j] = Float.NaN;
        } else {
          switch (col.kind()) {
            case NUMERIC -> row[o] = (float) ((number(r, col, cell) - col.location()) / col.scale());
            case COUNT -> {
              double v = number(r, col, cell);
              if (v < 0 || v != Math.rint(v))
                throw new BadDataException("row " + r + ", column " + col.name() + ": '" + cell
                    + "' is not a whole number >= 0; a count column needs counts (declare it numeric otherwise)");
              row[o] = (float) v;
            }
            case BINARY, CATEGORICAL -> {
              int level = col.levels().indexOf(cell);
              if (level < 0) unseen[c]++;
              if (col.kind() == Kind.BINARY) row[o] = level < 0 ? Float.NaN : level;
              else for (int j = 0; j < col.width(); j++) row[o + j] = level < 0 ? Float.NaN : (j == level ? 1f : 0f);
            }
          }
        }
        o += col.width();
      }
    }
    return new Encoded(out, unseen);
  }

  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private static double number(int row, Column col, String cell) {
    String s = cell.strip();
    double v = DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
    if (!Double.isFinite(v))
      throw new BadDataException("row " + row + ", column " + col.name() + ": '" + cell + "' is not a number; a "
          + col.kind().cliName() + " column needs decimal numbers (leave missing cells empty or NA, or declare the column categorical)");
    return v;
  }

  /** @return one line per column: name, kind, and location/scale or levels */
  @Override public String toString() {
    List<String> lines = new ArrayList<>();
    for (Column c : columns) {
      lines.add(c.name() + ": " + c.kind().cliName() + switch (c.kind()) {
        case NUMERIC -> String.format(Locale.ROOT, " (mean %.6g, sd %.6g)", c.location(), c.scale());
        case BINARY, CATEGORICAL -> " " + c.levels();
        case COUNT -> "";
      });
    }
    return String.join("\n", lines);
  }
}
