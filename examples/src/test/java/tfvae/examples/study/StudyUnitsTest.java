package tfvae.examples.study;

import tfvae.examples.TestData;
import tfvae.cli.Cli;
import tfvae.io.OutputLock;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.data.DataSplit;

/** The study's pieces that need no training: its subsets, the more-epochs rule, the cost prediction, bad input. */
class StudyUnitsTest {
  @TempDir static Path dir;

  @Test void theIwaePredictionCountsTheEncoderOnceAndTheDecoderKTimes() {
    double enc = 784 * 500 + 500 * 4, dec = 2 * 500 + 500 * 784;
    assertThat(StudyReport.macs(1)).isEqualTo(enc + dec);
    assertThat(StudyReport.macs(50) / StudyReport.macs(1)).isEqualTo((enc + 50 * dec) / (enc + dec));
  }

  @Test void theCostFitRecoversAFixedCostAndACostPerMultiplyAdd() {
    // steps taking 2 ms + 3 ms per million multiply-adds per image: k = 1, 5, 50
    java.util.List<StudyReport.Cost> cost = new java.util.ArrayList<>();
    for (int k : new int[] {1, 5, 50}) {
      double ms = 2 + 3 * StudyReport.macs(k) / 1e6;
      cost.add(new StudyReport.Cost("k" + k, k, 1e3 / ms, 100, Double.NaN, Double.NaN, StudyReport.macs(k)));
    }
    StudyReport.Fit fit = StudyReport.costFit(cost);
    assertThat(fit.fixedMsPerStep()).isCloseTo(2, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(fit.msPerStepPerMillionMacsPerImage()).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(StudyReport.costFit(cost.subList(0, 1))).isNull();
  }

  @Test void theEvaluationEpochsAreOneToFiveThenEveryStrideAndTheLast() {
    assertThat(java.util.stream.IntStream.rangeClosed(1, 22).filter(e -> Study.CurveProbe.due(e, 22, 5)).boxed().toList())
        .containsExactly(1, 2, 3, 4, 5, 10, 15, 20, 22);
    assertThat(java.util.stream.IntStream.rangeClosed(1, 3).filter(e -> Study.CurveProbe.due(e, 3, 5)).boxed().toList())
        .containsExactly(1, 2, 3);
  }

  @Test void theWarmUpModelGetsMoreEpochsOnlyWhileItsHeldOutCurveStillRises() {
    List<StudyRow.HeldOut> c = new ArrayList<>(List.of(new StudyRow.HeldOut(5, -160, 20)));
    assertThat(Study.stillRising(c)).isFalse();
    c.add(new StudyRow.HeldOut(10, -159.95, 20));
    assertThat(Study.stillRising(c)).isFalse();
    c.add(new StudyRow.HeldOut(15, -159.80, 20));
    assertThat(Study.stillRising(c)).isTrue();
  }

  // ------------------------------------------------------------------------------------------------------- errors

  record Run(int status, String stderr) {}

  private static Run study(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/study").toString()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), text);
  }

  /** Runs the command in this JVM (as the launcher's java does) with standard error captured. */
  private static Run inProcess(String... args) {
    var err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Cli.execute(new Study(), args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  @Test void badValuesAreOneLineAndExitTwo() {
    Path out = dir.resolve("bad");
    String data = TestData.FIXTURE.toString();
    assertThat(inProcess("--quick", "--data", data, "--out", out.toString(), "--epochs", "0"))
        .isEqualTo(new Run(2, "study: error: --epochs must be in [1, 100000], got 0\n"));
    assertThat(inProcess("--quick", "--data", data, "--out", out.toString(), "--warmup", "3"))
        .isEqualTo(new Run(2, "study: error: --warmup 3 must be below --epochs 3, or the KL weight never reaches 1\n"));
    assertThat(inProcess("--quick", "--data", data, "--out", out.toString(), "--k=3"))
        .isEqualTo(new Run(2, "study: error: Unknown option: '--k=3' (study --help lists the options)\n"));
    assertThat(out).doesNotExist();
  }

  @Test void theFullStudyOnTooFewImagesSaysSoAndWritesNothing() throws Exception {
    Path out = dir.resolve("small");
    Run r = study("--data", TestData.FIXTURE.toString(), "--out", out.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("study: error: the study needs training-file images 0..20999 (10000 training, 10000 test, 1000"
        + " held-out from 20000) but " + TestData.FIXTURE + " holds 1000 (pass --quick for a small study)\n");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(OutputLock.FILE);
    }
  }

  @Test void aMissingDataDirectoryNamesFetchMnist() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Run r = study("--quick", "--data", missing.toString(), "--out", dir.resolve("m").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("study: error: MNIST directory " + missing + " does not exist")
        .endsWith("; run scripts/fetch-mnist, or point --data at a directory holding the MNIST idx files\n");
  }
}
