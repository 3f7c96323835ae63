package tfvae.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.internal.Check;

/**
 * Reads a CSV file with a header a chunk of rows at a time, so a table of any size is read in memory that grows with
 * the chunk, not the file. Same convention and messages as {@link Table#read(Path, Set)} (rows numbered over the whole
 * file); each chunk is a {@link Table} whose {@link Table#firstRow()} is its first row's number in the file.
 *
 * <pre>{@code
 * try (TableReader in = TableReader.open(file, Table.DEFAULT_MISSING)) {
 *   for (Table chunk; (chunk = in.next(4096)) != null; ) { ... }   // chunk.firstRow() + r is the file's row
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class TableReader implements AutoCloseable {
  private final Path file;
  private final String source;
  private final Set<String> missing;
  private final BufferedReader reader;
  private final CsvRecords lines;
  private final List<String> names;
  private long rowsRead;

  private TableReader(Path file, Set<String> missing, BufferedReader reader) {
    this.file = file;
    this.source = file.toString();
    this.missing = Set.copyOf(missing);
    this.reader = reader;
    this.lines = call(() -> new CsvRecords(source, reader)); // reads the first block: a bad UTF-8 byte shows here
    this.names = List.copyOf(call(() -> Table.header(source, lines)));
  }

  /**
   * Opens a CSV file and reads its header.
   *
   * @param file the CSV file
   * @param missing the cells read as missing (compared exactly, after an unquoted field's spaces are dropped)
   * @return the reader, positioned at the first data row; close it
   * @throws BadDataException naming the file if it does not exist, cannot be read, is a directory, is empty, or its
   *     header names a column twice or leaves one unnamed
   */
  public static TableReader open(Path file, Set<String> missing) {
    Check.notNull("file", file);
    Check.notNull("missing", missing);
    if (Files.isDirectory(file)) throw new BadDataException("cannot read " + file + ": it is a directory, not a CSV file");
    BufferedReader reader;
    try {
      reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new BadDataException(file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new BadDataException("cannot read " + file + ": permission denied; give this user read access to it", e);
    } catch (IOException e) {
      throw new BadDataException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return new TableReader(file, missing, reader);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  /** @return the file's name, as messages give it */
  public String source() { return source; }

  /** @return the header's column names, in the file's order */
  public List<String> names() { return names; }

  /** @return how many data rows the chunks so far held: the file's number of the next chunk's first row */
  public long rowsRead() { return rowsRead; }

  /**
   * @param maxRows the most rows to read, at least 1
   * @return the next rows, 1 to {@code maxRows} of them, or null at the end of the file
   * @throws BadDataException naming the file (and the row and its line) when a row has the wrong number of fields, a
   *     quoted field never closes, the text is not UTF-8, or the file has a header but no rows
   */
  public @Nullable Table next(int maxRows) {
    Check.range("maxRows", maxRows, 1, Integer.MAX_VALUE);
    long first = rowsRead;
    List<String[]> rows = call(() -> {
      List<String[]> out = new ArrayList<>(Math.min(maxRows, 4096));
      for (String[] fields; out.size() < maxRows && (fields = Table.row(source, lines, names.size(), first + out.size())) != null; )
        out.add(fields);
      return out;
    });
    if (rows.isEmpty()) {
      if (first == 0) throw new BadDataException(source + " has a header but no rows");
      return null;
    }
    rowsRead += rows.size();
    return new Table(source, names, rows, missing, first);
  }

  /** Closes the file. */
  @Override public void close() { closeQuietly(reader); }

  private <T> T call(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException)
        throw new BadDataException(file + " is not UTF-8 text; save the table as UTF-8 CSV", e);
      throw new BadDataException("cannot read " + file + ": " + e.getCause().getMessage(), e);
    }
  }

  private static void closeQuietly(BufferedReader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // a file opened for reading: nothing was written, nothing to lose
    }
  }
}
