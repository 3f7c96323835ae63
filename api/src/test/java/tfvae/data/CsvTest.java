package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;

class CsvTest {
  private static final Path FIXTURE = fixture();

  @TempDir Path dir;

  /** Writes images as CSV lines: the label first (if {@code header}), then each value by {@code Float.toString}. */
  private Path write(String name, Images im, boolean header, String split) throws IOException {
    StringBuilder s = new StringBuilder();
    if (header) {
      StringJoiner h = new StringJoiner(",");
      h.add("label");
      for (int p = 0; p < im.dim(); p++) h.add("pixel" + p);
      if (!split.isEmpty()) h.add("split");
      s.append(h).append('\n');
    }
    for (int i = 0; i < im.count(); i++) {
      StringJoiner row = new StringJoiner(",");
      if (header) row.add(Integer.toString(im.label(i)));
      for (float v : im.image(i)) row.add(Float.toString(v));
      if (!split.isEmpty()) row.add(split);
      s.append(row).append('\n');
    }
    return Files.writeString(dir.resolve(name), s, StandardCharsets.UTF_8);
  }

  @Test void twoFilesWithLabelColumnsGiveBackTheFixturesValuesAndLabels() throws IOException {
    DataSplit gray = DataSplit.assignment(FIXTURE, 60, 40);
    Path train = write("train.csv", gray.train(), true, ""), test = write("test.csv", gray.test(), true, "");

    DataSplit csv = Csv.read(train, test);

    assertThat(csv.train().hasImageShape()).isFalse();
    assertThat(csv.train().dim()).isEqualTo(784);
    assertThat(csv.train().pixels()).isEqualTo(gray.train().pixels());
    assertThat(csv.test().pixels()).isEqualTo(gray.test().pixels());
    assertThat(csv.train().labels()).isEqualTo(gray.train().labels());
    assertThat(csv.test().labels()).isEqualTo(gray.test().labels());
    assertThat(DataSplit.read(train, test).withImageShape(28, 28).test().height()).isEqualTo(28);
  }

  @Test void oneFileWithASplitColumnGivesBothSetsInFileOrder() throws IOException {
    DataSplit gray = DataSplit.assignment(FIXTURE, 30, 20);
    Path a = write("a.csv", gray.train(), true, "train"), b = write("b.csv", gray.test(), true, "test");
    String[] trainLines = Files.readString(a).split("\n"), testLines = Files.readString(b).split("\n");
    StringBuilder mixed = new StringBuilder(trainLines[0]).append('\n');
    for (int i = 0; i < 30; i++) {
      mixed.append(trainLines[1 + i]).append('\n');
      if (i < 20) mixed.append(testLines[1 + i]).append('\n');
    }
    Path file = Files.writeString(dir.resolve("both.csv"), mixed);

    DataSplit csv = DataSplit.read(file);

    assertThat(csv.train().pixels()).isEqualTo(gray.train().pixels());
    assertThat(csv.test().pixels()).isEqualTo(gray.test().pixels());
    assertThat(csv.test().labels()).isEqualTo(gray.test().labels());
  }

  @Test void withoutAHeaderEveryColumnIsAValueAndThereAreNoLabels() throws IOException {
    Path f = Files.writeString(dir.resolve("v.csv"), "1,2,3\n-0.5, 1e-3 ,.25\n");

    Images v = Csv.readSet(f);

    assertThat(v.hasLabels()).isFalse();
    assertThat(v.dim()).isEqualTo(3);
    assertThat(v.pixels()).containsExactly(1f, 2f, 3f, -0.5f, 1e-3f, 0.25f);
  }

  @Test void crlfLineEndsBlankLinesAByteOrderMarkAndQuotedNamesAreRead() throws IOException {
    Path f = Files.writeString(dir.resolve("w.csv"), "\uFEFF\"x\",\"label\",y\r\n\r\n0.5,3,7\r\n   \n-2,4,1e2");

    Images v = Csv.readSet(f);

    assertThat(v.pixels()).containsExactly(0.5f, 7f, -2f, 100f);
    assertThat(v.labels()).containsExactly(3, 4);
  }

  @Test void numbersAreParsedAsFloatParseFloatDoesWholeOnesExactly() throws IOException {
    String[] texts = {"0", "255", "-7", "1234567", "16777217", "0.1", "3.4028234e38", "1.4e-45", "+2.5", "-.5e1"};
    Path f = Files.writeString(dir.resolve("n.csv"), String.join(",", texts) + "\n");

    float[] v = Csv.readSet(f).pixels();

    float[] expected = new float[texts.length];
    for (int i = 0; i < texts.length; i++) expected[i] = Float.parseFloat(texts[i]);
    assertThat(v).containsExactly(expected);
  }

  // ---- bad files ----

  private Path csv(String text) throws IOException { return Files.writeString(dir.resolve("bad.csv"), text); }

  private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(BadDataException.class).hasMessage(message);
  }

  @Test void aRaggedLineIsNamedWithBothCounts() throws IOException {
    Path f = csv("label,a,b\n1,0,0\n2,0\n");
    assertBad(() -> Csv.readSet(f), f + " line 3 has 2 fields but line 1 has 3; every line needs the same number of fields");
    Path g = csv("1,2\n\n3,4,5\n");
    assertBad(() -> Csv.readSet(g), g + " line 3 has 3 fields but line 1 has 2; every line needs the same number of fields");
  }

  @Test void aFieldThatIsNotANumberIsNamedByLineColumnAndText() throws IOException {
    Path f = csv("label,a,b\n1,0,0\n2,0,abc\n");
    assertBad(() -> Csv.readSet(f), f + " line 3, column 3 (b): 'abc' is not a number");
    for (String text : new String[] {"nan", "", "1.2.3", "0x10", "1f", "e5", "1e", "--1"}) {
      Path g = csv("1,2\n3," + text + "\n");
      assertBad(() -> Csv.readSet(g), g + " line 2, column 2: '" + text + "' is not a number");
    }
    Path h = csv("1,2\n3,1e39\n");
    assertBad(() -> Csv.readSet(h), h + " line 2, column 2: 1e39 is out of float32 range (magnitudes up to 3.4e38); scale the data down");
  }

  @Test void aFirstLineOfNamesAndNumbersIsRefusedRatherThanGuessed() throws IOException {
    Path f = csv("label,0,1\n3,0.5,0.25\n");
    assertBad(() -> Csv.readSet(f), f + " line 1 is neither a header nor a line of numbers: column 1 is 'label' but column 2 is the"
        + " number 0; a header line names every column, a data line holds only numbers");
    Path g = csv("0.5,0.25,train\n");
    assertBad(() -> Csv.read(g), g + " line 1 is neither a header nor a line of numbers: column 3 is 'train' but column 1 is the"
        + " number 0.5; a header line names every column, a data line holds only numbers");
  }

  @Test void aLabelThatIsNotAWholeNumberIsNamed() throws IOException {
    Path f = csv("a,label\n0,1\n0,2.5\n");
    assertBad(() -> Csv.readSet(f), f + " line 3, column 2 (label): '2.5' is not a whole number; labels must be integers");
  }

  @Test void anEmptyFileOrOneWithOnlyAHeaderIsRefused() throws IOException {
    Path f = csv("");
    assertBad(() -> Csv.readSet(f), f + " is empty; a CSV data file holds one example per line of comma-separated numbers");
    Path g = csv("\n  \n");
    assertBad(() -> DataSplit.read(g), g + " is empty; a CSV data file holds one example per line of comma-separated numbers");
    Path h = csv("label,a\n");
    assertBad(() -> Csv.readSet(h), h + " has a header but no lines of data");
  }

  @Test void oneFileNeedsASplitColumnWithTrainAndTestLines() throws IOException {
    Path f = csv("label,a\n1,0\n");
    assertBad(() -> DataSplit.read(f), f + " has no split column to tell its training lines from its test lines; add a column"
        + " named split holding train or test on each line, or give the test set as a second file (DataSplit.read(train, test))");
    Path g = csv("a,split\n1,train\n2,validation\n");
    assertBad(() -> Csv.read(g), g + " line 3, column 2 (split): 'validation' is neither train nor test");
    Path h = csv("a,split\n1,train\n2,train\n");
    assertBad(() -> Csv.read(h), h + " has no line whose split is test");
    Path i = csv("a,split\n1,train\n");
    assertBad(() -> Csv.readSet(i), i + " has a split column (column 2); read a file that holds both sets with"
        + " DataSplit.read(file), or drop the column");
  }

  @Test void twoFilesMustHaveTheSameColumnsAndHeadersNoRepeatedRoles() throws IOException {
    Path a = Files.writeString(dir.resolve("a.csv"), "1,2,3\n"), b = Files.writeString(dir.resolve("b.csv"), "1,2\n");
    assertBad(() -> DataSplit.read(a, b), b + " has 2 values per line but " + a + " has 3; the two sets need the same columns");
    Path c = csv("label,a,label\n1,2,3\n");
    assertBad(() -> Csv.readSet(c), c + " line 1 names two label columns, 1 and 3");
    Path d = csv("label\n1\n");
    assertBad(() -> Csv.readSet(d), d + " has no value columns, only label");
  }

  @Test void missingFilesAndOtherKindsAreNamed() throws IOException {
    Path missing = dir.resolve("none.csv");
    assertBad(() -> Csv.readSet(missing), missing + " does not exist");
    assertBad(() -> DataSplit.read(missing), missing + " does not exist");
    Path noDir = dir.resolve("mnist");
    assertBad(() -> DataSplit.read(noDir), noDir + " does not exist; expected a directory of idx files, a .npz or a .csv file");
    Path other = Files.writeString(dir.resolve("data.txt"), "1,2\n");
    assertBad(() -> DataSplit.read(other), other + " is neither a directory of idx files nor a .npz or .csv file; rename it if it"
        + " is one of these");
    Path latin1 = Files.write(dir.resolve("l.csv"), new byte[] {'a', ',', (byte) 0xe9, '\n'});
    assertBad(() -> Csv.readSet(latin1), latin1 + " is not UTF-8 text; a CSV data file holds comma-separated numbers");
  }

  @Test void aLineLongerThanTheLimitIsRefusedWithoutReadingItWhole() throws IOException {
    char[] line = new char[Csv.MAX_LINE + 10];
    Arrays.fill(line, '1');
    Path f = Files.writeString(dir.resolve("long.csv"), "1\n" + new String(line));
    assertBad(() -> Csv.readSet(f), f + " line 2 is longer than " + Csv.MAX_LINE + " characters; a CSV data file holds one example per line");
  }

  private static Path fixture() {
    try {
      return Path.of(CsvTest.class.getResource("/mnist-fixture").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
