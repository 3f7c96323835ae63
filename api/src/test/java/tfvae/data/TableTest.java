package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.Schema.Column;
import tfvae.Schema.Kind;

class TableTest {
  @TempDir Path dir;

  private static Table table(String text) { return Table.parse("t.csv", text, Table.DEFAULT_MISSING); }

  private static Schema infer(String text) { return table(text).inferSchema(Map.of(), Set.of()); }

  @Test
  void readsNamedColumnsWithQuotedFieldsAndMissingCells() throws IOException {
    Path f = dir.resolve("t.csv");
    Files.write(f, ("\uFEFFname, age ,note\r\n\"Smith, J\",41,\"said \"\"hi\"\"\"\n\nLee,NA,\"two\nlines\"\n  ,?, x \n")
        .getBytes(StandardCharsets.UTF_8));
    Table t = Table.read(f);
    assertThat(t.names()).containsExactly("name", "age", "note");
    assertThat(t.rowCount()).isEqualTo(3);
    assertThat(t.cell(0, 0)).isEqualTo("Smith, J");
    assertThat(t.cell(0, 2)).isEqualTo("said \"hi\"");
    assertThat(t.cell(1, 1)).isNull();
    assertThat(t.text(1, 1)).isEqualTo("NA");
    assertThat(t.cell(1, 2)).isEqualTo("two\nlines");
    assertThat(t.cell(2, 0)).isNull();
    assertThat(t.cell(2, 1)).isNull();
    assertThat(t.cell(2, 2)).isEqualTo("x");
    assertThat(t.cells(List.of("note", "age"))).extracting(r -> r[1]).containsExactly("41", null, null);
  }

  @Test
  void theMissingTokensAreConfigurable() {
    Table t = Table.parse("t.csv", "a,b\n-,NA\n1,2\n", Set.of("-"));
    assertThat(t.cell(0, 0)).isNull();
    assertThat(t.cell(0, 1)).isEqualTo("NA");
  }

  @Test
  void aWrittenLineReadsBackAsTheSameFields() {
    List<String> fields = List.of("plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "");
    Table t = table("c1,c2,c3,c4,c5,c6\n" + Table.csvLine(fields) + "\n");
    assertThat(IntStream.range(0, 6).mapToObj(c -> t.text(0, c)).toList()).isEqualTo(fields);
    assertThat(Table.csvLine(List.of("1", "b"))).isEqualTo("1,b");
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        arguments("", "t.csv is empty; a table needs a header line naming its columns, then one line per row"),
        arguments("\n\n", "t.csv is empty; a table needs a header line naming its columns, then one line per row"),
        arguments("a,b\n", "t.csv has a header but no rows"),
        arguments("a,b,a\n1,2,3\n", "t.csv: the header names column a twice (columns 1 and 3); give each column its own name"),
        arguments("a,,c\n1,2,3\n", "t.csv: column 2 of the header has no name; name every column"),
        arguments("a,b,c\n1,2,3\n1,2,3\n\n4,5\n", "t.csv: row 2 (line 5) has 2 fields; the header has 3 columns"),
        arguments("a,b\n1,2,3\n", "t.csv: row 0 (line 2) has 3 fields; the header has 2 columns"),
        arguments("a,b\n1,\"2\n3,4\n", "t.csv: line 2 opens a quoted field that never closes; close it with \""),
        arguments("a,b\n1,\"2\"x\n", "t.csv: line 2 has text after a quoted field's closing quote; put the whole field in the quotes"));
  }

  @ParameterizedTest @MethodSource("badFiles")
  void aMalformedFileIsRefusedInOneLine(String text, String message) {
    assertThatThrownBy(() -> table(text)).isInstanceOf(BadDataException.class).hasMessage(message);
  }

  @Test
  void aFileThatCannotBeReadIsNamed() throws IOException {
    assertThatThrownBy(() -> Table.read(dir.resolve("none.csv"))).isInstanceOf(BadDataException.class)
        .hasMessage(dir.resolve("none.csv") + " does not exist");
    Path latin = dir.resolve("latin.csv");
    Files.write(latin, new byte[] {'a', '\n', (byte) 0xe9, '\n'});
    assertThatThrownBy(() -> Table.read(latin)).isInstanceOf(BadDataException.class)
        .hasMessage(latin + " is not UTF-8 text; save the table as UTF-8 CSV");
  }

  @Test
  void inferenceFollowsTheRuleColumnByColumn() {
    String csv = "x,flag,colour,code,count,yes\n"
        + "1.5,0,red,1,0,no\n"
        + "2.5,1,green,2,11,yes\n"
        + ",1,blue,3,12,NA\n"
        + "4,0,,1,13,yes\n";
    Schema s = table(csv).inferSchema(Map.of("count", Kind.COUNT), Set.of());
    double mean = (1.5 + 2.5 + 4) / 3;
    double sd = Math.sqrt((Math.pow(1.5 - mean, 2) + Math.pow(2.5 - mean, 2) + Math.pow(4 - mean, 2)) / 3);
    Column x = s.columns().get(0);
    assertThat(x.kind()).isEqualTo(Kind.NUMERIC);
    assertThat(x.location()).isCloseTo(mean, within(1e-12));
    assertThat(x.scale()).isCloseTo(sd, within(1e-12));
    assertThat(s.columns().get(1)).isEqualTo(Column.binary("flag", "0", "1"));
    assertThat(s.columns().get(2)).isEqualTo(Column.categorical("colour", List.of("blue", "green", "red")));
    assertThat(s.columns().get(3)).isEqualTo(Column.categorical("code", List.of("1", "2", "3")));
    assertThat(s.columns().get(4)).isEqualTo(Column.count("count"));
    assertThat(s.columns().get(5)).isEqualTo(Column.binary("yes", "no", "yes"));
  }

  @Test
  void levelsOfNumbersSortByValueAndManyWholeNumbersAreNumeric() {
    String eleven = IntStream.rangeClosed(0, 10).mapToObj(i -> i + "," + (i % 3 == 0 ? 10 : i % 3 == 1 ? 9 : 100)).collect(Collectors.joining("\n"));
    Schema s = infer("n,c\n" + eleven + "\n");
    assertThat(s.columns().get(0).kind()).isEqualTo(Kind.NUMERIC);
    assertThat(s.columns().get(1).levels()).containsExactly("9", "10", "100");
  }

  @Test
  void ignoredColumnsAreLeftOutAndTypesOverrideTheRule() {
    Schema s = table("id,x,code\na,1,1\nb,2,2\nc,3,3\n").inferSchema(Map.of("code", Kind.NUMERIC), Set.of("id"));
    assertThat(s.names()).containsExactly("x", "code");
    assertThat(s.columns().get(0).kind()).isEqualTo(Kind.CATEGORICAL);
    assertThat(s.columns().get(1).kind()).isEqualTo(Kind.NUMERIC);
  }

  static Stream<Arguments> refusedColumns() {
    String many = IntStream.range(0, Schema.MAX_LEVELS + 1).mapToObj(i -> "id" + i + "," + (i % 2)).collect(Collectors.joining("\n"));
    return Stream.of(
        arguments("a,b\n1,x\n2,x\n", Map.of(), Set.of(),
            "column b of t.csv holds one value ('x') in every observed cell: nothing to model; leave it out (ignore b)"),
        arguments("a,b\n1,\n2,NA\n", Map.of(), Set.of(),
            "column b of t.csv has no value: every cell is missing; leave it out (ignore b)"),
        arguments("name,y\n" + many + "\n", Map.of(), Set.of(),
            "column name of t.csv has 1001 distinct values, more than the 1000 levels a categorical column may have; leave it out"
                + " (ignore name) if it names rows, or declare it numeric (types name=numeric) if its values are numbers"),
        arguments("a,b\n1,2\nx,3\n4,5\n", Map.of(), Set.of(),
            "column a of t.csv mixes numbers and text: '1' (row 0) and 'x' (row 1); make every cell a number (missing cells empty"
                + " or NA), or declare it categorical (types a=categorical)"),
        arguments("visits,b\n12,1\n\"1,204\",2\n7,3\n", Map.of(), Set.of(),
            "column visits of t.csv writes '1,204' (row 1) with a thousands separator; remove the separators (1204) so the column"
                + " reads as numbers"),
        arguments("a,b\n1,2\n3,4\n", Map.of(), Set.of("c"), "ignore names column c, which t.csv does not have; its columns are a, b"),
        arguments("a,b\n1,2\n3,4\n", Map.of("B", Kind.NUMERIC), Set.of(), "types names column B, which t.csv does not have; its columns are a, b"),
        arguments("a,b\n1,2\n3,4\n", Map.of("a", Kind.NUMERIC), Set.of("a"),
            "column a is both ignored and given a type; drop it from one of ignore and types"),
        arguments("a,b\n1,2\n3,4\n", Map.of(), Set.of("a", "b"), "every column of t.csv is ignored; leave at least one to model"),
        arguments("a,b\nx,2\ny,3\nz,4\n", Map.of("a", Kind.NUMERIC), Set.of(), "column a of t.csv cannot be numeric: 'x' (row 0) is not a number"),
        arguments("a,b\n1,2\n2.5,3\n3,4\n", Map.of("a", Kind.COUNT), Set.of(),
            "column a of t.csv cannot be count: '2.5' (row 1) is not a whole number >= 0"),
        arguments("a,b\n1,2\n2,3\n3,4\n", Map.of("a", Kind.BINARY), Set.of(),
            "column a of t.csv cannot be binary: it has 3 distinct values (1, 2, 3); declare it categorical"));
  }

  @ParameterizedTest @MethodSource("refusedColumns")
  void aColumnThatCannotBeModelledIsRefusedNamingItAndWhatToDo(String csv, Map<String, Kind> types, Set<String> ignore, String message) {
    assertThatThrownBy(() -> table(csv).inferSchema(types, ignore))
        .isInstanceOfAny(BadDataException.class, InvalidConfigException.class).hasMessage(message);
  }

  @Test
  void textTypedCategoricalTakesMixedCells() {
    Schema s = table("a,b\n1,2\nx,3\n4,5\n").inferSchema(Map.of("a", Kind.CATEGORICAL), Set.of());
    assertThat(s.columns().get(0).levels()).containsExactly("1", "4", "x");
  }

  @Test
  void theInferredSchemaEncodesTheTableItCameFrom() {
    Table t = table("x,c\n1.5,a\n3.5,b\n5.5,a\n,a\n");
    Schema s = t.inferSchema(Map.of(), Set.of());
    Schema.Encoded e = s.encode(t.cells(s.names()));
    double sd = Math.sqrt(8.0 / 3);
    assertThat(e.rows()[0][0]).isCloseTo((float) (-2 / sd), within(1e-6f));
    assertThat(e.rows()[1]).containsExactly(0f, 1f);
    assertThat(Float.isNaN(e.rows()[3][0])).isTrue();
    assertThat(e.rows()[3][1]).isEqualTo(0f);
  }
}
