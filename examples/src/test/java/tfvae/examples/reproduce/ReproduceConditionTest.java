package tfvae.examples.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.examples.Launcher;
import tfvae.examples.Launcher.Run;
import tfvae.examples.TestData;

/** The conditional bar in a tiny form: --condition label trains, draws the conditional figures and records the condition. */
class ReproduceConditionTest {
  @TempDir Path dir;

  @Test void aLabelConditionTrainsDrawsSamplesPerClassAndRecordsTheCondition() throws Exception {
    Path out = dir.resolve("cond");
    Run r = Launcher.run(dir, "reproduce", List.of("--data", TestData.FIXTURE.toString(), "--train", "200", "--test", "100",
        "--epochs", "1", "--batch-size", "50", "--hidden", "16", "--condition", "label", "--no-part4", "--no-evaluate", "--quiet",
        "--out", out.toString()));
    assertThat(r.status()).as(r.stderr()).isZero();
    JsonObject rep = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    assertThat(rep.get("condition").getAsString()).isEqualTo("label:10");
    assertThat(rep.get("test_elbo").getAsDouble()).isFinite().isNegative();
    assertThat(out.resolve("fig-conditional-samples.png")).isNotEmptyFile();
    assertThat(out.resolve("fig-conditional-styles.png")).isNotEmptyFile();
    assertThat(out.resolve("fig-2e-samples.png")).doesNotExist();   // the unconditional samples are not drawn for it
  }

  @Test void aConditionWithPart4OrInAnotherFormIsOneLineAndExitTwo() throws Exception {
    Path out = dir.resolve("bad");
    Run part4 = Launcher.run(dir, "reproduce", List.of("--data", TestData.FIXTURE.toString(), "--condition", "label", "--out", out.toString()));
    assertThat(part4.status()).isEqualTo(2);
    assertThat(part4.stderr()).isEqualTo("reproduce: error: --condition: part 4 (SVI on the top halves, the completions) takes no"
        + " condition yet; add --no-part4\n");
    Run form = Launcher.run(dir, "reproduce", List.of("--data", TestData.FIXTURE.toString(), "--condition", "digit", "--no-part4",
        "--out", out.toString()));
    assertThat(form.stderr()).isEqualTo("reproduce: error: condition must be label:CLASSES or columns:COUNT, got 'digit'\n");
    assertThat(out).doesNotExist();
  }
}
