package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Table;
import tfvae.cli.Cli;

/**
 * {@code scripts/vae score|encode|impute --spark local[2]} against the same command without Spark, on a table model
 * (mixed columns, missing cells, an unseen level) and an image model (a Bernoulli model, rows thresholded): the same
 * header and, matched by row, the same numbers. In this JVM, so every run shares one local SparkSession.
 */
class VaeSparkTest {
  @TempDir static Path dir;
  static Path table, tableModel, images, imageModel;

  @BeforeAll
  static void trainBoth() throws IOException {
    table = dir.resolve("t.csv");
    Files.writeString(table, VaeTablesTest.generated(15, 50, "pink"));   // three rows hold a colour unseen in training
    Path train = dir.resolve("train.csv");
    Files.writeString(train, VaeTablesTest.generated(11, 50, null));
    assertThat(Cli.execute(new VaeCommand(), new String[] {"train", "--data", train.toString(), "--out", dir.resolve("m").toString(),
        "--ignore", "id", "--epochs", "3", "--hidden", "16", "--quiet"})).isZero();
    tableModel = dir.resolve("m/model.ckpt");
    Random r = new Random(3);
    float[][] x = new float[40][12];
    StringBuilder csv = new StringBuilder();
    for (int j = 0; j < 12; j++) csv.append(j == 0 ? "" : ",").append("p").append(j);
    csv.append('\n');
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 12; j++) {
        float v = (float) Math.round(((i % 2 == 0) == (j < 6) ? 0.6 + 0.4 * r.nextDouble() : 0.4 * r.nextDouble()) * 100) / 100;
        x[i][j] = v > 0.5f ? 1f : 0f;
        csv.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", v));
      }
      csv.append('\n');
    }
    images = dir.resolve("images.csv");
    Files.writeString(images, csv);
    imageModel = dir.resolve("image.ckpt");
    Vae vae = Vae.builder().dataDim(12).latent(2).hidden(16).seed(5).build();
    try (TrainingRun run = vae.train(DataSplit.trainingOnly(Images.vectors(x)), TrainOptions.builder().epochs(2).batchSize(20).progress(false).build(),
        CheckpointPolicy.REPLACE)) {
      run.model().save(imageModel);
    }
  }

  record Run(int status, String stderr) {}

  private static Run vae(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int status = Cli.execute(new VaeCommand(), args);
      return new Run(status, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  /** @return the header, then each row by its row number, from a CSV file or a directory of CSV part files */
  private static Map<Long, String[]> rows(Path out, List<String> header) throws IOException {
    List<Path> files;
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        files = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
      }
    } else {
      files = List.of(out);
    }
    Map<Long, String[]> rows = new TreeMap<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      if (lines.size() < 2) continue;
      Table t = Table.read(f, Set.of());
      if (header.isEmpty()) header.addAll(t.names());
      assertThat(t.names()).as("the header of %s", f).isEqualTo(header);
      for (int i = 0; i < t.rowCount(); i++) {
        String[] row = new String[t.names().size()];
        for (int c = 0; c < row.length; c++) row[c] = t.text(i, c);
        assertThat(rows.put(Long.parseLong(row[0]), row)).as("row %s once", row[0]).isNull();
      }
    }
    return rows;
  }

  /** Runs the subcommand with and without --spark local[2] and compares the outputs row by row, numbers to 1e-4 relative. */
  private static void sameRowsWithSpark(String command, Path model, Path data, int expectedRows) throws IOException {
    Path single = dir.resolve(command + "-" + model.getFileName() + ".csv"), spark = dir.resolve(command + "-" + model.getFileName() + "-spark");
    Run one = vae(command, "--model", model.toString(), "--data", data.toString(), "--out", single.toString(), "--seed", "2");
    assertThat(one.status()).as(one.stderr()).isZero();
    Run r = vae(command, "--model", model.toString(), "--data", data.toString(), "--out", spark.toString(), "--seed", "2", "--spark", "local[2]");
    assertThat(r.status()).as(r.stderr()).isZero();
    assertThat(r.stderr()).as("the unseen levels said as without Spark")
        .isEqualTo(one.stderr().replace("wrote " + single + " (", "wrote file:" + spark.toAbsolutePath() + " ("));
    assertThat(spark.resolve("_SUCCESS")).exists();
    List<String> h1 = new ArrayList<>(), h2 = new ArrayList<>();
    Map<Long, String[]> a = rows(single, h1), b = rows(spark, h2);
    assertThat(h2).isEqualTo(h1);
    assertThat(b.keySet()).isEqualTo(a.keySet()).hasSize(expectedRows);
    for (long row : a.keySet())
      for (int c = 1; c < h1.size(); c++) {
        String x = a.get(row)[c], y = b.get(row)[c];
        Double dx = number(x), dy = number(y);
        if (dx == null) assertThat(y).as("%s row %d column %s", command, row, h1.get(c)).isEqualTo(x);
        else assertThat(dy).as("%s row %d column %s", command, row, h1.get(c)).isNotNull().isCloseTo(dx, within(1e-4 * Math.abs(dx) + 1e-6));
      }
  }

  private static Double number(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @ParameterizedTest @ValueSource(strings = {"score", "encode", "impute"})
  void aTableGivesTheSameRowsWithSparkAsWithout(String command) throws IOException {
    sameRowsWithSpark(command, tableModel, table, 50);
    assertThat(vae(command, "--model", tableModel.toString(), "--data", table.toString(), "--out", dir.resolve("x.csv").toString()).stderr())
        .matches("(?s)vae " + command + ": [1-3] cells? held a level unseen in training, read as missing \\(colour [1-3]\\)\n.*");
  }

  @ParameterizedTest @ValueSource(strings = {"score", "encode"})
  void anImageModelGivesTheSameRowsWithSparkAsWithout(String command) throws IOException {
    sameRowsWithSpark(command, imageModel, images, 40);
  }

  @Test
  void badInputWithSparkIsOneLineAndExit2AndLeavesOutAsItWas() throws IOException {
    String m = tableModel.toString(), d = table.toString();
    Path out = dir.resolve("bad-out");
    assertThat(vae("score", "--model", m, "--data", d, "--out", out.toString(), "--spark", "local[two]"))
        .isEqualTo(new Run(2, "vae score: error: --spark must be a Spark master such as local[2], local[*], spark://host:7077 or yarn, got 'local[two]'\n"));
    assertThat(vae("score", "--model", m, "--data", dir.resolve("nothing.csv").toString(), "--out", out.toString(), "--spark", "local[2]"))
        .isEqualTo(new Run(2, "vae score: error: --data " + dir.resolve("nothing.csv") + " does not exist\n"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertThat(vae("encode", "--model", m, "--data", d, "--out", out.toString(), "--spark", "local[2]"))
        .isEqualTo(new Run(2, "vae encode: error: --out " + out + " is a directory holding files that are not a finished Spark output"
            + " (no _SUCCESS); name a new or empty directory, or remove it\n"));
    assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    assertThat(vae("impute", "--model", imageModel.toString(), "--data", images.toString(), "--out", dir.resolve("img-imputed").toString(),
        "--spark", "local[2]")).isEqualTo(new Run(2, "vae impute: error: --model " + imageModel + " was trained on images (12 values per row, no"
            + " table schema); impute fills the cells of a table model: train one with scripts/vae train --data FILE.csv\n"));
    assertThat(dir.resolve("img-imputed")).doesNotExist();
    Path cells = dir.resolve("bad-cell.csv");
    Files.writeString(cells, "id,x,flag,colour\na,1,yes,red\nb,1;5,no,blue\n");
    assertThat(vae("score", "--model", m, "--data", cells.toString(), "--out", dir.resolve("bad-cell").toString(), "--spark", "local[2]"))
        .isEqualTo(new Run(2, "vae score: error: row 1, column x: '1;5' is not a number; a numeric column needs decimal numbers"
            + " (leave missing cells empty or NA, or declare the column categorical)\n"));
    assertThat(dir.resolve("bad-cell")).doesNotExist();
    assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tfvae-partial"));
  }
}
