package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.data.Table;
import tfvae.cli.TestData;
import tfvae.cli.Cli;

/**
 * scripts/vae end to end on a generated table (numeric, binary, categorical and an ignored id column, with missing
 * cells): train once, then score, impute and encode, and the bad inputs that need a trained model.
 */
class VaeTablesTest {
  @TempDir static Path dir;
  static Path table, model;
  static final int ROWS = 60;

  /** Rows of x ~ N(50, 10), flag yes when x > 50 (mostly), colour by thirds of x; about 10 % of cells missing. */
  static String generated(long seed, int rows, String oddColour) {
    Random rng = new Random(seed);
    StringBuilder csv = new StringBuilder("id,x,flag,colour\n");
    String[] colours = {"red", "green", "blue"};
    for (int r = 0; r < rows; r++) {
      double x = 50 + 10 * rng.nextGaussian();
      String[] cells = {"r" + r, String.format(Locale.ROOT, "%.2f", x), (x > 50) != (rng.nextDouble() < 0.1) ? "yes" : "no",
          oddColour != null && r % 20 == 3 ? oddColour : colours[Math.min(2, Math.max(0, (int) ((x - 40) / 10)))]};
      for (int c = 1; c < 4; c++) if (rng.nextDouble() < 0.1) cells[c] = rng.nextBoolean() ? "" : "NA";
      if (r == 0) cells[1] = "NA"; // row 0 always has a missing x
      if (r == 5) cells[0] = "NA"; // an ignored column's missing token is copied as it is
      csv.append(String.join(",", cells)).append('\n');
    }
    return csv.toString();
  }

  @BeforeAll
  static void trainOnce() throws IOException {
    table = dir.resolve("t.csv");
    Files.writeString(table, generated(7, ROWS, null));
    assertThat(Cli.execute(new VaeCommand(), new String[] {"train", "--data", table.toString(), "--out", dir.resolve("m").toString(),
        "--ignore", "id", "--epochs", "3", "--hidden", "16", "--quiet"})).isZero();
    model = dir.resolve("m/model.ckpt");
  }

  private static List<String[]> rows(Path csv) {
    Table t = Table.read(csv, Set.of());
    List<String[]> out = new ArrayList<>();
    out.add(t.names().toArray(String[]::new));
    for (int r = 0; r < t.rowCount(); r++) {
      String[] row = new String[t.names().size()];
      for (int c = 0; c < row.length; c++) row[c] = t.text(r, c);
      out.add(row);
    }
    return out;
  }

  @Test
  void scoreWritesARowNumberLogPxAndAShareForEachModelledColumnTheSameForARowAlone() throws IOException {
    Path out = dir.resolve("scores.csv");
    assertThat(Cli.execute(new VaeCommand(), new String[] {"score", "--model", model.toString(), "--data", table.toString(),
        "--out", out.toString(), "--seed", "3"})).isZero();
    List<String[]> all = rows(out);
    assertThat(all.get(0)).containsExactly("row", "log_px", "x", "flag", "colour");
    assertThat(all).hasSize(ROWS + 1);
    for (int r = 0; r < ROWS; r++) {
      assertThat(all.get(r + 1)[0]).isEqualTo(Integer.toString(r));
      assertThat(Double.parseDouble(all.get(r + 1)[1])).isFinite().isNegative();
    }
    assertThat(Double.parseDouble(all.get(1)[2])).as("row 0's missing x adds nothing").isZero();
    // row 9 alone, in a file of its own: the same numbers (a pure function of the model, the row and the seed)
    List<String> lines = Files.readAllLines(table);
    Path one = dir.resolve("one.csv"), oneOut = dir.resolve("one-scores.csv");
    Files.writeString(one, lines.get(0) + "\n" + lines.get(10) + "\n");
    assertThat(Cli.execute(new VaeCommand(), new String[] {"score", "--model", model.toString(), "--data", one.toString(),
        "--out", oneOut.toString(), "--seed", "3"})).isZero();
    String[] alone = rows(oneOut).get(1);
    assertThat(alone[0]).isEqualTo("0");
    for (int c = 1; c < alone.length; c++)
      assertThat(Double.parseDouble(alone[c])).isCloseTo(Double.parseDouble(all.get(10)[c]), within(1e-4 * Math.abs(Double.parseDouble(alone[c])) + 1e-9));
  }

  @Test
  void imputeFillsEveryMissingModelledCellAndCopiesTheRest() throws IOException {
    Path out = dir.resolve("imputed.csv");
    assertThat(Cli.execute(new VaeCommand(), new String[] {"impute", "--model", model.toString(), "--data", table.toString(),
        "--out", out.toString()})).isZero();
    List<String[]> in = rows(table), filled = rows(out);
    assertThat(filled.get(0)).containsExactly("row", "id", "x", "flag", "colour");
    assertThat(filled).hasSize(ROWS + 1);
    for (int r = 1; r <= ROWS; r++) {
      String[] a = in.get(r), b = filled.get(r);
      assertThat(b[0]).isEqualTo(Integer.toString(r - 1));
      assertThat(b[1]).as("the ignored id, copied").isEqualTo(a[0]);
      for (int c = 1; c < 4; c++) {
        boolean missing = a[c].isEmpty() || a[c].equals("NA");
        if (!missing) assertThat(b[c + 1]).as("an observed cell is unchanged").isEqualTo(a[c]);
      }
      assertThat(Double.parseDouble(b[2])).isBetween(0.0, 100.0);
      assertThat(b[3]).isIn("no", "yes");
      assertThat(b[4]).isIn("red", "green", "blue");
    }
    assertThat(filled.get(6)[1]).isEqualTo("NA");
  }

  @Test
  void encodeWritesTheLatentMeansOfTheTableDefaultLatent() throws IOException {
    Path out = dir.resolve("z.csv");
    assertThat(Cli.execute(new VaeCommand(), new String[] {"encode", "--model", model.toString(), "--data", table.toString(),
        "--out", out.toString()})).isZero();
    List<String[]> z = rows(out);
    List<String> header = new ArrayList<>(List.of("row"));
    for (int a = 1; a <= tfvae.data.TableDefaults.LATENT; a++) header.add("z" + a);
    assertThat(z.get(0)).containsExactlyElementsOf(header);
    assertThat(z).hasSize(ROWS + 1);
    // a table trains on the IWAE bound by default (MIWAE): the single-sample ELBO let q collapse on a mixed table
    String spec = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("m/report.json"))).getAsJsonObject().get("spec").getAsString();
    assertThat(spec).contains("objective=iwae(k=" + tfvae.data.TableDefaults.IWAE_K + ")");
  }

  @Test
  void inChunksOfSevenRowsScoreWritesTheSameRowsAndABadCellInALaterChunkLeavesOutAsItWas() throws IOException {
    Path whole = dir.resolve("chunks-whole.csv"), chunked = dir.resolve("chunks-7.csv");
    for (Path out : List.of(whole, chunked))
      assertThat(Cli.execute(new VaeCommand(), new String[] {"score", "--model", model.toString(), "--data", table.toString(),
          "--out", out.toString(), "--seed", "3", "--chunk-rows", out == whole ? "1024" : "7"})).isZero();
    List<String[]> a = rows(whole), b = rows(chunked);
    assertThat(b).hasSize(ROWS + 1);
    assertThat(b.get(0)).containsExactly(a.get(0));
    for (int r = 1; r <= ROWS; r++) {
      assertThat(b.get(r)[0]).isEqualTo(Integer.toString(r - 1));
      // TensorFlow rounds batched products differently for other batch sizes: the same numbers up to float rounding
      for (int c = 1; c < a.get(r).length; c++)
        assertThat(Double.parseDouble(b.get(r)[c])).isCloseTo(Double.parseDouble(a.get(r)[c]), within(1e-4 * Math.abs(Double.parseDouble(a.get(r)[c])) + 1e-6));
    }
    byte[] before = Files.readAllBytes(chunked);
    List<String> lines = new ArrayList<>(Files.readAllLines(table));
    lines.set(46, lines.get(46).replaceFirst(",[^,]*,", ",4;5,"));   // row 45, in the seventh chunk
    Path bad = dir.resolve("bad-late.csv");
    Files.write(bad, lines);
    assertThat(Cli.execute(new VaeCommand(), new String[] {"score", "--model", model.toString(), "--data", bad.toString(),
        "--out", chunked.toString(), "--chunk-rows", "7"})).isEqualTo(2);
    assertThat(Files.readAllBytes(chunked)).as("--out as it was").isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".chunks-7.csv"))).as("no temporary file").isEmpty();
    }
  }

  record Run(int status, String stderr) {}

  private static Run vae(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/vae").toString()));
    cmd.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n"));
  }

  @Test
  void aLevelUnseenInTrainingIsReadAsMissingAndSaidOnceWithTheCount() throws Exception {
    Path odd = dir.resolve("odd.csv");
    Files.writeString(odd, generated(8, 40, "pink"));
    Run r = vae("score", "--model", model.toString(), "--data", odd.toString(), "--out", dir.resolve("odd-scores.csv").toString());
    assertThat(r.stderr()).isEqualTo("vae score: 2 cells held a level unseen in training, read as missing (colour 2)\n"
        + "wrote " + dir.resolve("odd-scores.csv") + " (40 rows)\n");
    assertThat(r.status()).isZero();
  }

  @Test
  void aTableOfAnotherSchemaIsOneLineAndExit2WithNothingWritten() throws Exception {
    Path other = dir.resolve("other.csv");
    Files.writeString(other, "id,x,colour\na,1,red\nb,2,blue\n");
    Path out = dir.resolve("other-imputed.csv");
    Run r = vae("impute", "--model", model.toString(), "--data", other.toString(), "--out", out.toString());
    assertThat(r.stderr()).isEqualTo("vae impute: error: the model was trained on another schema: it has column flag, which " + other
        + " does not have (the model's columns: x, flag, colour; the file's: id, x, colour)\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(out).doesNotExist();
  }
}
