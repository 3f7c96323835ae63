package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;
import tfvae.Likelihood;
import tfvae.Schema;
import tfvae.Vae;

/** TableReader's chunks against Table.read of the same file, and ModelRows' reading of them. */
class TableReaderTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private static List<Table> chunks(Path f, int rows) {
    List<Table> out = new ArrayList<>();
    try (TableReader in = TableReader.open(f, Table.DEFAULT_MISSING)) {
      for (Table t; (t = in.next(rows)) != null; ) out.add(t);
    }
    return out;
  }

  @Test
  void chunksHoldTheFilesRowsInOrderEachNumberedFromItsFirstRowInTheFile() throws IOException {
    Path f = file("t.csv", "\uFEFFname, age ,note\r\n\"Smith, J\",41,\"said \"\"hi\"\"\"\n\nLee,NA,\"two\nlines\"\n  ,?, x \nAl,3,y\nBo,4,\n");
    Table whole = Table.read(f, Table.DEFAULT_MISSING);
    for (int size : new int[] {1, 2, 3, 100}) {
      List<Table> chunks = chunks(f, size);
      List<String> texts = new ArrayList<>();
      long next = 0;
      for (Table t : chunks) {
        assertThat(t.firstRow()).as("chunks of %d", size).isEqualTo(next);
        assertThat(t.names()).containsExactly("name", "age", "note");
        assertThat(t.rowCount()).isBetween(1, size);
        for (int r = 0; r < t.rowCount(); r++)
          for (int c = 0; c < 3; c++) texts.add(t.text(r, c) + "|" + t.cell(r, c));
        next += t.rowCount();
      }
      List<String> expected = new ArrayList<>();
      for (int r = 0; r < whole.rowCount(); r++) for (int c = 0; c < 3; c++) expected.add(whole.text(r, c) + "|" + whole.cell(r, c));
      assertThat(texts).as("chunks of %d", size).isEqualTo(expected);
      assertThat(next).isEqualTo(5);
    }
  }

  @Test
  void aBadRowInALaterChunkIsNamedByItsRowAndLineInTheFileAfterTheEarlierChunks() throws IOException {
    Path f = file("t.csv", "a,b\n1,2\n3,4\n\n5,6\n7\n8,9\n");
    try (TableReader in = TableReader.open(f, Set.of())) {
      assertThat(in.next(2).rowCount()).isEqualTo(2);
      assertThatThrownBy(() -> in.next(2)).isInstanceOf(BadDataException.class)
          .hasMessage(f + ": row 3 (line 6) has 1 field; the header has 2 columns");
    }
  }

  @Test
  void aFileWithoutRowsOrNotUtf8IsOneLineNamingIt() throws IOException {
    Path header = file("h.csv", "a,b\n\n"), empty = file("e.csv", ""), latin = dir.resolve("l.csv");
    Files.write(latin, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> chunks(header, 10)).hasMessage(header + " has a header but no rows");
    assertThatThrownBy(() -> chunks(empty, 10)).hasMessage(empty + " is empty; a table needs a header line naming its columns, then one line per row");
    assertThatThrownBy(() -> chunks(latin, 10)).hasMessage(latin + " is not UTF-8 text; save the table as UTF-8 CSV");
    assertThatThrownBy(() -> chunks(dir.resolve("none.csv"), 10)).hasMessage(dir.resolve("none.csv") + " does not exist");
  }

  private static final Schema SCHEMA = new Schema(List.of(Schema.Column.numeric("x", 10, 2),
      Schema.Column.categorical("colour", List.of("blue", "red"))));

  @Test
  void aTableModelsRowsAreTheSameInAnyChunksAndTheirUnseenLevelsAreCountedOverTheFile() throws IOException {
    Path f = file("t.csv", "id,colour,x\na,red,10\nb,pink,12\nc,,7\nd,blue,8\ne,pink,9\n");
    Vae spec = Vae.builder().schema(SCHEMA).latent(2).hidden(4).build();
    ModelRows whole = ModelRows.of(spec, f.toString(), List.of("id", "colour", "x"));
    float[][] expected = whole.read(Table.read(f, Table.DEFAULT_MISSING));
    assertThat(expected[0]).containsExactly(0f, 0f, 1f);
    ModelRows chunked = ModelRows.of(spec, f.toString(), List.of("id", "colour", "x"));
    List<float[]> rows = new ArrayList<>();
    for (Table t : chunks(f, 2)) rows.addAll(List.of(chunked.read(t)));
    assertThat(rows).containsExactly(expected);
    assertThat(chunked.unseen()).containsExactly(0, 2);
    assertThat(chunked.unseenNote()).isEqualTo("2 cells held a level unseen in training, read as missing (colour 2)");
    Path bad = file("b.csv", "x,colour\n1,red\n2,red\n3,red\nx1,red\n");
    ModelRows badRows = ModelRows.of(spec, "b.csv", List.of("x", "colour"));
    assertThatThrownBy(() -> chunks(bad, 3).forEach(badRows::read))
        .hasMessage("b.csv: row 3, column x: 'x1' is not a number; a numeric column needs decimal numbers (leave missing cells empty or NA,"
            + " or declare the column categorical); the model was trained on the schema scripts/vae train printed (and stored in report.json)");
    assertThatThrownBy(() -> ModelRows.of(spec, "o.csv", List.of("x", "color")))
        .hasMessage("the model was trained on another schema: it has column colour, which o.csv does not have (the model's columns: x, colour;"
            + " the file's: x, color)");
  }

  @Test
  void anImageModelsValuesAreThresholdedAndABadOneIsNamedByItsRowInTheFile() throws IOException {
    Path f = file("i.csv", "p1,p2\n0.2,0.7\n0.5,0.51\n1,0\n0.3,2\n");
    Vae spec = Vae.builder().dataDim(2).latent(1).hidden(4).build();
    assertThat(spec.likelihood()).isEqualTo(Likelihood.BERNOULLI);
    ModelRows rows = ModelRows.of(spec, "i.csv", List.of("p1", "p2"));
    List<Table> chunks = chunks(f, 3);
    assertThat(rows.read(chunks.get(0))).isDeepEqualTo(new float[][] {{0, 1}, {0, 1}, {1, 0}});
    assertThatThrownBy(() -> rows.read(chunks.get(1)))
        .hasMessage("i.csv: row 3, column p2: '2' " + ModelRows.BERNOULLI_RANGE);
    Vae gaussian = Vae.builder().dataDim(2).latent(1).hidden(4).likelihood(Likelihood.GAUSSIAN).build();
    Table late = chunks(file("g.csv", "p1,p2\n1,2\n3,4\n5,?\n"), 2).get(1);
    assertThatThrownBy(() -> ModelRows.of(gaussian, "g.csv", List.of("p1", "p2")).read(late))
        .hasMessage("g.csv: row 2, column p2: '?' is not a number; an image model needs every pixel");
    assertThatThrownBy(() -> ModelRows.of(spec, "w.csv", List.of("p1", "p2", "p3")))
        .hasMessage("w.csv has 3 columns; this image model takes 2 values per row (its pixels, in order)");
    assertThat(rows.unseenNote()).isNull();
  }
}
