package tfvae.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;

/**
 * Splits CSV text into records of fields, quotes honoured, a record at a time from a {@link Reader} (so a file of any
 * size is read in constant memory); numbers lines for messages. The convention is {@link Table}'s: a leading byte order
 * mark skipped, blank lines skipped, a quoted field kept as written (doubled quotes read as one, line breaks kept),
 * spaces around an unquoted field dropped. The one parser behind {@link Table#parse} and {@link TableReader}.
 */
final class CsvRecords {
  private static final int EOF = -1;
  private final String source;
  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos, len;
  private int line = 1, startLine;

  /**
   * @param source what messages call the text (a file name)
   * @param in the text; read to its end by {@link #next()}, not closed here
   */
  CsvRecords(String source, Reader in) {
    this.source = source;
    this.in = in;
    if (peek() == '\uFEFF') pos++;
  }

  /** @return the line on which the record last returned by {@link #next()} starts, from 1 */
  int startLine() { return startLine; }

  /** @return the next char without taking it, or -1 at the end of the text */
  private int peek() {
    if (pos == len) {
      try {
        int n;
        do n = in.read(buf, 0, buf.length); while (n == 0);
        if (n < 0) return EOF;
        pos = 0;
        len = n;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return buf[pos];
  }

  /** @return the next char, or -1 at the end of the text */
  private int take() {
    int c = peek();
    if (c != EOF) pos++;
    return c;
  }

  /**
   * @return the next non-blank record's fields, or null at the end
   * @throws BadDataException when a quoted field never closes, or text follows a quoted field's closing quote
   * @throws UncheckedIOException when the reader fails (a malformed UTF-8 byte: {@link java.nio.charset.CharacterCodingException})
   */
  @Nullable List<String> next() {
    while (peek() != EOF) {
      startLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false, any = false;
      while (true) {
        int c = take();
        if (c == EOF) {
          fields.add(quoted ? f.toString() : f.toString().strip());
          break;
        }
        if (c == '"' && !quoted && f.toString().isBlank()) {
          f.setLength(0);
          quoted = true;
          any = true;
          int open = line;
          while (true) {
            int q = take();
            if (q == EOF) throw new BadDataException(source + ": line " + open + " opens a quoted field that never closes; close it with \"");
            if (q == '"') {
              if (peek() == '"') { f.append('"'); pos++; }
              else break;
            } else {
              if (q == '\n') line++;
              f.append((char) q);
            }
          }
          while (peek() == ' ') pos++;
          int after = peek();
          if (after != EOF && after != ',' && after != '\n' && after != '\r')
            throw new BadDataException(source + ": line " + line + " has text after a quoted field's closing quote;"
                + " put the whole field in the quotes");
        } else if (c == ',') {
          fields.add(quoted ? f.toString() : f.toString().strip());
          f.setLength(0);
          quoted = false;
          any = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && peek() == '\n') pos++;
          line++;
          fields.add(quoted ? f.toString() : f.toString().strip());
          break;
        } else {
          f.append((char) c);
          if (c != ' ' && c != '\t') any = true;
        }
      }
      if (any) return fields;
    }
    return null;
  }
}
