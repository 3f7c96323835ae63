package tfvae.data;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;

/**
 * Reads data from CSV files. The convention:
 * <ul>
 *   <li>One example per line, its fields separated by commas; UTF-8; lines end in {@code \n} or {@code \r\n}; blank
 *       lines are skipped. Spaces around a field are ignored.
 *   <li>A value is a decimal number: {@code 0}, {@code -1.5}, {@code .25}, {@code 3e-4}. Nothing else (no
 *       {@code nan}, {@code inf}, quotes or empty fields), and it must be within the float range.
 *   <li>The first line is a <b>header</b> if none of its fields is a number, e.g. {@code label,pixel0,pixel1,...}
 *       (names may be in double quotes), and data if all are; a first line of both is refused. A header of numbers
 *       only (pandas' default column names {@code 0,1,2,...}) cannot be told from data and is read as data: name the
 *       columns, or write the file without a header.
 *   <li>With a header, a column named {@code label} holds the examples' labels (whole numbers), and in a file read by
 *       {@link #read(Path)} a column named {@code split} tells each line's set: {@code train} or {@code test}. Every
 *       other column is a value. Without a header every column is a value and there are no labels.
 *   <li>Every line has the same number of fields as the first.
 * </ul>
 * A CSV has no image shape, so examples are vectors ({@link Images#hasImageShape()} is false); give them one with
 * {@link DataSplit#withImageShape(int, int)}, e.g. {@code withImageShape(28, 28)} for 784 values per line.
 *
 * <p>Two ways to give a training and a test set: one file with a {@code split} column ({@link #read(Path)}, also
 * what {@link DataSplit#read(Path)} does for a {@code .csv}), or two files ({@link #read(Path, Path)}, also
 * {@link DataSplit#read(Path, Path)}).
 *
 * <p>Every failure is a one-line {@link BadDataException} naming the file, and the line and column where there is one.
 * Memory follows the data read: no line may be longer than {@value #MAX_LINE} characters.
 */
public final class Csv {
  /** The longest line read, in characters: 16 Mi, room for a million values. */
  public static final int MAX_LINE = 1 << 24;
  private static final String LABEL = "label";
  private static final String SPLIT = "split";

  private Csv() {}

  /**
   * Reads a training and a test set from one file, told apart by its {@code split} column.
   *
   * @param file a CSV with a header naming a {@code split} column ({@code train} or {@code test} on each line)
   * @return the split, lines in file order within each set
   * @throws BadDataException naming the file, line and column if the file is missing, empty, ragged, holds a field
   *     that is not a number, has no {@code split} column, or no line of either set
   */
  public static DataSplit read(Path file) {
    Table t = parse(file, true);
    if (t.split == null)
      throw new BadDataException(file + " has no split column to tell its training lines from its test lines; add a column"
          + " named split holding train or test on each line, or give the test set as a second file (DataSplit.read(train, test))");
    for (String set : new String[] {"train", "test"})
      if (t.sets[set.equals("train") ? 0 : 1].count == 0) throw new BadDataException(file + " has no line whose split is " + set);
    return new DataSplit(t.sets[0].images(t.dim, t.labelColumn >= 0), t.sets[1].images(t.dim, t.labelColumn >= 0));
  }

  /**
   * Reads a training and a test set from two files without a {@code split} column.
   *
   * @param train the training CSV
   * @param test the test CSV
   * @return the split
   * @throws BadDataException naming the file if a file is missing or malformed, or the two have different numbers of
   *     values per line
   */
  public static DataSplit read(Path train, Path test) {
    Images a = readSet(train), b = readSet(test);
    if (a.dim() != b.dim())
      throw new BadDataException(test + " has " + b.dim() + " values per line but " + train + " has " + a.dim() + "; the two sets"
          + " need the same columns");
    return new DataSplit(a, b);
  }

  /**
   * Reads one set of examples.
   *
   * @param file a CSV without a {@code split} column
   * @return its examples, as vectors, labelled if the file has a {@code label} column
   * @throws BadDataException naming the file, line and column if the file is missing, empty, ragged, holds a field
   *     that is not a number, or has a {@code split} column
   */
  public static Images readSet(Path file) {
    Table t = parse(file, false);
    return t.sets[0].images(t.dim, t.labelColumn >= 0);
  }

  /** The parsed file: its columns' roles and its rows, in {@code sets[0]} (train, or all) and {@code sets[1]} (test). */
  private static final class Table {
    int fields = -1;
    int headerLine;
    String[] names = new String[0];
    int labelColumn = -1;
    @Nullable Integer split;
    int dim;
    final Rows[] sets = {new Rows(), new Rows()};
  }

  /** The rows of one set, in arrays that grow as lines arrive. */
  private static final class Rows {
    float[] values = new float[1 << 12];
    int[] labels = new int[1 << 8];
    int size;
    int count;

    void add(float v) {
      if (size == values.length) values = Arrays.copyOf(values, values.length * 2);
      values[size++] = v;
    }

    void label(int l) {
      if (count == labels.length) labels = Arrays.copyOf(labels, labels.length * 2);
      labels[count] = l;
    }

    Images images(int dim, boolean labelled) {
      return Images.trustedVectors(count, dim, Arrays.copyOf(values, size), labelled ? Arrays.copyOf(labels, count) : null);
    }
  }

  private static Table parse(Path file, boolean splitAllowed) {
    Table t = new Table();
    try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
      LineReader lines = new LineReader(in, file);
      List<int[]> cuts = new ArrayList<>();
      while (lines.next()) {
        if (lines.number == 1 && lines.len > 0 && lines.buf[0] == '\uFEFF') // a byte order mark, as spreadsheets write
          System.arraycopy(lines.buf, 1, lines.buf, 0, --lines.len);
        char[] c = lines.buf;
        int len = lines.len;
        if (isBlank(c, len)) continue;
        cuts.clear();
        int start = 0;
        for (int i = 0; i <= len; i++) {
          if (i == len || c[i] == ',') {
            cuts.add(new int[] {start, i});
            start = i + 1;
          }
        }
        if (t.fields < 0) {
          t.fields = cuts.size();
          t.headerLine = lines.number;
          if (header(file, t, c, cuts, lines.number, splitAllowed)) continue;
        } else if (cuts.size() != t.fields) {
          throw new BadDataException(file + " line " + lines.number + " has " + cuts.size() + " fields but line " + t.headerLine
              + " has " + t.fields + "; every line needs the same number of fields");
        }
        row(file, t, c, cuts, lines.number);
      }
    } catch (NoSuchFileException e) {
      throw new BadDataException(file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new BadDataException("cannot read " + file + ": permission denied; give this user read access to it", e);
    } catch (CharacterCodingException e) {
      throw new BadDataException(file + " is not UTF-8 text; a CSV data file holds comma-separated numbers", e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) throw new BadDataException("cannot read " + file + ": Is a directory", e);
      throw new BadDataException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      t = new Table(); // drop what was read, so that the message can be built
      throw new BadDataException(file + " does not fit in this JVM's heap (maximum " + Mnist.Values.size(Runtime.getRuntime().maxMemory())
          + "); give the JVM more memory (-Xmx)");
    }
    if (t.fields < 0)
      throw new BadDataException(file + " is empty; a CSV data file holds one example per line of comma-separated numbers");
    if (t.sets[0].count + t.sets[1].count == 0) throw new BadDataException(file + " has a header but no lines of data");
    return t;
  }

  /** Reads the first line's roles. @return whether it is a header (some field is not a number) */
  private static boolean header(Path file, Table t, char[] c, List<int[]> cuts, int line, boolean splitAllowed) {
    int firstName = -1, firstNumber = -1;
    for (int k = 0; k < cuts.size(); k++) {
      boolean isNumber = !Float.isNaN(number(c, cuts.get(k)[0], cuts.get(k)[1]));
      if (isNumber && firstNumber < 0) firstNumber = k;
      if (!isNumber && firstName < 0) firstName = k;
    }
    if (firstName >= 0 && firstNumber >= 0)
      throw new BadDataException(file + " line " + line + " is neither a header nor a line of numbers: column " + (firstName + 1)
          + " is '" + text(c, cuts.get(firstName)) + "' but column " + (firstNumber + 1) + " is the number "
          + text(c, cuts.get(firstNumber)) + "; a header line names every column, a data line holds only numbers");
    boolean isHeader = firstName >= 0;
    if (isHeader) {
      t.names = new String[cuts.size()];
      for (int k = 0; k < cuts.size(); k++) {
        String name = new String(c, cuts.get(k)[0], cuts.get(k)[1] - cuts.get(k)[0]).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) name = name.substring(1, name.length() - 1);
        t.names[k] = name;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(LABEL) || lower.equals(SPLIT)) {
          if (lower.equals(SPLIT) && !splitAllowed)
            throw new BadDataException(file + " has a split column (column " + (k + 1) + "); read a file that holds both sets"
                + " with DataSplit.read(file), or drop the column");
          Integer other = lower.equals(LABEL) ? (t.labelColumn >= 0 ? Integer.valueOf(t.labelColumn) : null) : t.split;
          if (other != null)
            throw new BadDataException(file + " line " + line + " names two " + lower + " columns, " + (other + 1) + " and " + (k + 1));
          if (lower.equals(LABEL)) t.labelColumn = k;
          else t.split = k;
        }
      }
    }
    t.dim = cuts.size() - (t.labelColumn >= 0 ? 1 : 0) - (t.split != null ? 1 : 0);
    if (t.dim == 0) throw new BadDataException(file + " has no value columns, only " + (t.labelColumn >= 0 && t.split != null
        ? "label and split" : t.labelColumn >= 0 ? "label" : "split"));
    return isHeader;
  }

  private static void row(Path file, Table t, char[] c, List<int[]> cuts, int line) {
    int set = 0;
    if (t.split != null) {
      int[] f = cuts.get(t.split);
      String s = new String(c, f[0], f[1] - f[0]).strip();
      if (s.equals("train")) set = 0;
      else if (s.equals("test")) set = 1;
      else throw new BadDataException(where(file, t, line, t.split) + ": '" + s + "' is neither train nor test");
    }
    Rows rows = t.sets[set];
    for (int k = 0; k < cuts.size(); k++) {
      if (t.split != null && k == t.split) continue;
      int[] f = cuts.get(k);
      float v = number(c, f[0], f[1]);
      if (Float.isNaN(v))
        throw new BadDataException(where(file, t, line, k) + ": '" + text(c, f) + "' is not a number");
      if (Float.isInfinite(v))
        throw new BadDataException(where(file, t, line, k) + ": " + text(c, f) + " is out of float32 range (magnitudes up to 3.4e38); scale the data down");
      if (k == t.labelColumn) {
        if (v != Math.rint(v) || text(c, f).contains("."))
          throw new BadDataException(where(file, t, line, k) + ": '" + text(c, f) + "' is not a whole number; labels must be integers");
        if (Math.abs(v) > 1 << 24)
          throw new BadDataException(where(file, t, line, k) + ": label " + text(c, f) + " is larger than 16777216 in size");
        rows.label((int) v);
      } else {
        rows.add(v);
      }
    }
    rows.count++;
  }

  /** @return e.g. {@code data.csv line 5, column 3 (pixel2)} */
  private static String where(Path file, Table t, int line, int k) {
    String name = k < t.names.length && t.names[k] != null ? " (" + t.names[k] + ")" : "";
    return file + " line " + line + ", column " + (k + 1) + name;
  }

  /** @return the field's text without surrounding spaces, cut to 40 characters for messages */
  private static String text(char[] c, int[] f) {
    String s = new String(c, f[0], f[1] - f[0]).strip();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static boolean isBlank(char[] c, int len) {
    for (int i = 0; i < len; i++) if (c[i] != ' ' && c[i] != '\t' && c[i] != '\r') return false;
    return true;
  }

  /**
   * @return the decimal number in {@code c[from, to)} (spaces around it ignored), infinity if it is beyond the float
   *     range, or NaN if it is not a decimal number
   */
  static float number(char[] c, int from, int to) {
    while (from < to && (c[from] == ' ' || c[from] == '\t')) from++;
    while (to > from && (c[to - 1] == ' ' || c[to - 1] == '\t' || c[to - 1] == '\r')) to--;
    int i = from;
    if (i < to && (c[i] == '+' || c[i] == '-')) i++;
    int digits = 0, intPart = 0, intDigits = 0;
    while (i < to && c[i] >= '0' && c[i] <= '9') {
      if (intDigits < 8) intPart = intPart * 10 + (c[i] - '0');
      intDigits++;
      digits++;
      i++;
    }
    if (i == to && digits > 0 && intDigits <= 7) return c[from] == '-' ? -intPart : intPart; // a small whole number: exact
    if (i < to && c[i] == '.') {
      i++;
      while (i < to && c[i] >= '0' && c[i] <= '9') {
        digits++;
        i++;
      }
    }
    if (digits == 0) return Float.NaN;
    if (i < to && (c[i] == 'e' || c[i] == 'E')) {
      i++;
      if (i < to && (c[i] == '+' || c[i] == '-')) i++;
      int exp = 0;
      while (i < to && c[i] >= '0' && c[i] <= '9') {
        exp++;
        i++;
      }
      if (exp == 0) return Float.NaN;
    }
    if (i != to) return Float.NaN;
    return Float.parseFloat(new String(c, from, to - from));
  }

  /** Reads lines into one reused buffer, numbering them from 1; refuses lines longer than {@link #MAX_LINE}. */
  private static final class LineReader {
    private final Reader in;
    private final Path file;
    private final char[] chunk = new char[1 << 16];
    private int pos;
    private int end;
    char[] buf = new char[1 << 12];
    int len;
    int number;

    LineReader(Reader in, Path file) {
      this.in = in;
      this.file = file;
    }

    /** @return whether a line was read into {@code buf[0, len)} (without its line end) */
    boolean next() throws IOException {
      len = 0;
      boolean any = false;
      while (true) {
        if (pos == end) {
          end = in.read(chunk, 0, chunk.length);
          pos = 0;
          if (end <= 0) {
            end = 0;
            if (any) number++;
            return any;
          }
        }
        any = true;
        int i = pos;
        while (i < end && chunk[i] != '\n') i++;
        append(pos, i);
        if (i < end) {
          pos = i + 1;
          number++;
          return true;
        }
        pos = end;
      }
    }

    private void append(int from, int to) {
      int n = to - from;
      if (len + n > MAX_LINE)
        throw new BadDataException(file + " line " + (number + 1) + " is longer than " + MAX_LINE + " characters; a CSV data file"
            + " holds one example per line");
      if (len + n > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(MAX_LINE, Math.max(len + n, 2L * buf.length)));
      System.arraycopy(chunk, from, buf, len, n);
      len += n;
    }
  }
}
