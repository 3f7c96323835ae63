package tfvae.examples.part4c;

import tfvae.examples.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The closed forms of the part 4(c) answers (d) and (e); then the command itself writes the five rows in order. The
 * computations of (a), (b) and (c) are the library's ({@code Factorization}, {@code PredictiveDependence}, {@code
 * PosteriorKl}), tested against independent computations in runtime's ExactMeasuresTest.
 */
class Part4cQuestionsTest {
  @Test void dAndeTheClosedForms() {
    KlCurve.Closed c = KlCurve.closedForms();
    assertThat(c.negatives()).isZero();
    assertThat(c.minOverSweep()).isPositive();
    assertThat(c.atMean()).isCloseTo(3.9894, within(1e-4)).isGreaterThan(1);
    assertThat(KlCurve.normalPdf(0, 0, 0.5)).isLessThan(1);
  }

  @Test void theCommandWritesTheFiveRowsInOrder(@TempDir Path out) throws Exception {
    int status = new CommandLine(new Part4cQuestions()).execute("--data", TestData.FIXTURE.toString(), "--train", "500",
        "--test", "500", "--hidden", "64", "--epochs", "3", "--until", "3", "--images", "20", "--mc-seeds", "2",
        "--checkpoint", out.resolve("none.ckpt").toString(), "--out", out.toString());
    assertThat(status).isZero();
    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("part4c.json"))).getAsJsonObject();
    JsonArray q = json.getAsJsonArray("questions");
    List<String> ids = new ArrayList<>(), answers = new ArrayList<>();
    for (var e : q) {
      ids.add(e.getAsJsonObject().get("id").getAsString());
      answers.add(e.getAsJsonObject().get("answer").getAsString());
    }
    assertThat(ids).containsExactly("a", "b", "c", "d", "e");
    assertThat(answers).containsExactly("yes", "no", "no", "no", "yes");
    for (int k : new int[] {0, 1, 3, 4}) // (c) needs a run long enough to catch an interval; the others must agree
      assertThat(q.get(k).getAsJsonObject().get("evidence_agrees").getAsBoolean()).as(ids.get(k)).isTrue();
    assertThat(json.getAsJsonArray("c_kl_per_epoch_test_subset")).hasSize(3);
    List<String> rows = Files.readString(out.resolve("part4c.md")).lines().filter(l -> l.matches("\\| [a-e] \\| .*")).toList();
    assertThat(rows).hasSize(5);
    String[] want = {"yes", "no", "no", "no", "yes"};
    for (int k = 0; k < 5; k++) assertThat(rows.get(k)).startsWith("| " + "abcde".charAt(k) + " | ").contains("? | " + want[k] + " | ");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("part4c.json", "part4c.md");
    }
  }

  @Test void badInputEndsWithOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(TestData.ROOT.resolve("scripts/part4c").toString(), "--data", missing.toString(),
        "--out", dir.resolve("out").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    List<String> lines = Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("building tfvae")).toList();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("part4c: error: MNIST directory " + missing + " does not exist");
  }
}
