package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.cli.TestData;

/** scripts/vae through the launcher: each subcommand's --help, and bad input as one line, exit 2, nothing written. */
class VaeCommandTest {
  @TempDir Path dir;

  record Run(int status, String stdout, String stderr) {}

  private Run vae(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/vae").toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandHasHelp(String sub, String firstWords) throws Exception {
    Run r = vae(sub, "--help");
    assertThat(r.status()).isZero();
    assertThat(r.stdout()).startsWith("Usage: vae " + sub + " ").contains(firstWords).contains("--help");
    assertThat(r.stderr()).isEmpty();
  }

  static Stream<Arguments> subcommands() {
    return Stream.of(
        arguments("train", "writes DIR/model.ckpt and DIR/report.json"),
        arguments("evaluate", "ELBO <= IW-k <= log p(x)"),
        arguments("score", "log_px"),
        arguments("impute", "ignored columns are copied unchanged"),
        arguments("encode", "z1, z2, ..."),
        arguments("sample", "z from the prior"),
        arguments("export", "SavedModel"));
  }

  @Test
  void withoutASubcommandItSaysWhichAreThere() throws Exception {
    Run r = vae();
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("vae: error: a subcommand is needed: train, evaluate, score, impute, encode, sample or export"
        + " (vae --help lists the options)\n");
  }

  /** The section-6 tables: each file, the options beside it, and the one line train answers with. */
  static Stream<Arguments> badTables() {
    String tenToTheFive = "id,y\n" + IntStream.range(0, 100_000).mapToObj(i -> "u" + i + "," + (i % 2)).collect(Collectors.joining("\n")) + "\n";
    return Stream.of(
        arguments("a,b,c\n1,x,5\n2,x,6\n3,x,7\n", List.of(),
            "column b of t.csv holds one value ('x') in every observed cell: nothing to model; leave it out (--ignore b)"),
        arguments("a,b,c\n1,,5\n2,NA,6\n3,?,7\n", List.of(),
            "column b of t.csv has no value: every cell is missing; leave it out (--ignore b)"),
        arguments(tenToTheFive, List.of(),
            "column id of t.csv has 100000 distinct values, more than the 1000 levels a categorical column may have; leave it out"
                + " (--ignore id) if it names rows, or declare it numeric (--types id=numeric) if its values are numbers"),
        arguments("a,b\n1.5,2\nlow,3\n4,5\n", List.of(),
            "column a of t.csv mixes numbers and text: '1.5' (row 0) and 'low' (row 1); make every cell a number (missing cells"
                + " empty or NA), or declare it categorical (--types a=categorical)"),
        arguments("visits,b\n12,1\n\"1,204\",2\n7,3\n", List.of(),
            "column visits of t.csv writes '1,204' (row 1) with a thousands separator; remove the separators (1204) so the column"
                + " reads as numbers"),
        arguments("a,b,a\n1,2,3\n4,5,6\n", List.of(),
            "t.csv: the header names column a twice (columns 1 and 3); give each column its own name"),
        arguments("a,b\n1,2\n3,4,5\n", List.of(), "t.csv: row 1 (line 3) has 3 fields; the header has 2 columns"),
        arguments("", List.of(), "t.csv is empty; a table needs a header line naming its columns, then one line per row"),
        arguments("a,b\n1,2\n3,4\n5,6\n", List.of("--ignore", "c"),
            "--ignore names column c, which t.csv does not have; its columns are a, b"),
        arguments("a,b\n1,2\n3,4\n5,6\n", List.of("--types", "visits=count"),
            "--types names column visits, which t.csv does not have; its columns are a, b"),
        arguments("a,b\nx,2\ny,4\nz,6\n", List.of("--types", "a=numeric"), "column a of t.csv cannot be numeric: 'x' (row 0) is not a number"),
        arguments("a,b\n1,2\n3,4\n5,6\n", List.of("--types", "a=ordinal"),
            "a column type must be numeric, binary, categorical or count, got 'ordinal'"));
  }

  @ParameterizedTest
  @MethodSource("badTables")
  void aBadTableIsOneLineAndExit2WithNothingWritten(String csv, List<String> options, String line) throws Exception {
    Files.writeString(dir.resolve("t.csv"), csv);
    List<String> args = new ArrayList<>(List.of("train", "--data", "t.csv", "--out", "model"));
    args.addAll(options);
    Run r = vae(args.toArray(String[]::new));
    assertThat(r.stderr()).isEqualTo("vae train: error: " + line + "\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(dir.resolve("model")).doesNotExist();
  }
}
