package tfvae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;
import tfvae.Schema;
import tfvae.Vae;
import tfvae.data.ModelRows;
import tfvae.data.Table;
import tfvae.data.TableReader;

/**
 * RowsCsv.stream with a per-row function in plain Java standing in for a model: the file is the same whatever the
 * chunk size, and a bad row in a later chunk leaves the earlier file byte for byte, with no temporary file.
 */
class RowsCsvTest {
  @TempDir Path dir;

  private static final Vae SPEC = Vae.builder().schema(new Schema(List.of(Schema.Column.numeric("x", 1, 2),
      Schema.Column.binary("flag", "no", "yes")))).latent(2).hidden(4).build();

  /** Streams {@code data} into {@code out}: row, the sum of the encoded values, the flag as read. */
  private static long stream(Path data, Path out, int chunkRows) {
    try (TableReader in = TableReader.open(data, Table.DEFAULT_MISSING)) {
      ModelRows rows = ModelRows.of(SPEC, in.source(), in.names());
      return RowsCsv.stream(out, List.of("row", "sum", "flag"), in, rows, chunkRows, (cells, x, lines) -> {
        for (int r = 0; r < x.length; r++) {
          double sum = 0;
          for (float v : x[r]) sum += Float.isNaN(v) ? 0 : v;
          lines.row(List.of(Long.toString(cells.firstRow() + r), RowsCsv.number(sum), cells.text(r, cells.indexOf("flag"))));
        }
      });
    }
  }

  private Path table(int rows, int badRow) throws IOException {
    StringBuilder csv = new StringBuilder("flag,x\n");
    for (int r = 0; r < rows; r++) csv.append(r % 3 == 0 ? "yes" : r % 3 == 1 ? "no" : "NA").append(',')
        .append(r == badRow ? "1;5" : r % 5 == 4 && r % 3 != 2 ? "" : Double.toString(r * 0.25)).append('\n');
    Path f = dir.resolve("t" + rows + "-" + badRow + ".csv");
    Files.writeString(f, csv);
    return f;
  }

  @Test
  void theFileIsTheSameWhateverTheChunkSize() throws IOException {
    Path data = table(23, -1), one = dir.resolve("one.csv");
    assertThat(stream(data, one, 1000)).isEqualTo(23);
    String expected = Files.readString(one);
    assertThat(expected).startsWith("row,sum,flag\n0,0.5,yes\n1,-0.375,no\n2,-0.25,NA\n3,0.875,yes\n4,0,no\n").hasLineCount(24);
    for (int size : new int[] {1, 2, 7, 22, 23}) {
      Path out = dir.resolve("chunks-" + size + ".csv");
      assertThat(stream(data, out, size)).isEqualTo(23);
      assertThat(Files.readString(out)).as("chunks of %d rows", size).isEqualTo(expected);
    }
  }

  @Test
  void aBadRowInALaterChunkLeavesTheEarlierFileByteForByteAndNoTemporaryFile() throws IOException {
    Path out = dir.resolve("out.csv");
    stream(table(10, -1), out, 4);
    byte[] before = Files.readAllBytes(out);
    Path bad = table(30, 17);
    assertThatThrownBy(() -> stream(bad, out, 4)).isInstanceOf(BadDataException.class)
        .hasMessageStartingWith(bad + ": row 17, column x: '1;5' is not a number");
    assertThat(Files.readAllBytes(out)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".csv") || n.startsWith("."))).isEmpty();
    }
  }
}
