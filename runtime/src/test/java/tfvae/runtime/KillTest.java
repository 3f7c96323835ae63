package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/**
 * SIGKILL (Process.destroyForcibly) a training JVM that checkpoints every epoch: while a checkpoint is being written
 * (its temporary file is on disk), in the middle of an epoch, and right after a checkpoint was renamed into place.
 * After every kill the directory holds exactly one checkpoint, which loads; leftover temporaries never count as one
 * and the next write removes them; each restarted JVM resumes from the checkpoint, and the run that finally completes
 * ends with the same losses and parameters, bit for bit, as an unbroken run in this JVM.
 */
class KillTest {
  static final Vae SPEC = Vae.builder().dataDim(784).hidden(256).seed(5).build();
  static final int EPOCHS = 8;
  static final String NAME = "model.ckpt";

  static TrainOptions options(int epochs, Path checkpoint) {
    return TrainOptions.builder().epochs(epochs).batchSize(25).testEvery(0).progress(false).checkpoint(checkpoint).build();
  }

  /** The JVM that gets killed: trains or resumes to {@link #EPOCHS}, printing one line per finished epoch. */
  static final class Child {
    public static void main(String[] args) {
      Path ckpt = Path.of(args[0]);
      TrainOptions o = options(EPOCHS, ckpt).toBuilder().listener(s -> {
        System.out.println("epoch " + s.epoch());
        System.out.flush();
      }).build();
      try (TrainedVae m = SPEC.train(Fixtures.mnist(), o, tfvae.CheckpointPolicy.RESUME).model()) {
        System.out.println("done " + m.history().size());
      }
    }
  }

  /** A running child and the lines it printed so far. */
  record Run(Process process, List<String> lines) {
    static Run start(Path ckpt) throws IOException {
      Process p = Forks.java(Child.class, ckpt.toString()).start();
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) lines.add(line);
        } catch (IOException ignored) {
          // the process was killed
        }
      });
      t.setDaemon(true);
      t.start();
      return new Run(p, lines);
    }

    int firstEpoch() {
      synchronized (lines) {
        return lines.stream().filter(l -> l.startsWith("epoch ")).mapToInt(l -> Integer.parseInt(l.substring(6).trim())).findFirst().orElse(-1);
      }
    }

    long epochLines() { synchronized (lines) { return lines.stream().filter(l -> l.startsWith("epoch ")).count(); } }

    void await(String what, BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!condition.getAsBoolean()) {
        assertThat(process.isAlive()).as("the child ended before " + what + "; it printed " + lines).isTrue();
        assertThat(System.nanoTime()).as("timed out waiting for " + what + "; the child printed " + lines).isLessThan(deadline);
        Thread.onSpinWait();
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  static List<Path> temporaries(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("." + NAME + ".") && p.getFileName().toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** @return the epochs in the directory's one checkpoint, after checking that nothing else looks like one */
  static int checkAfterKill(Path dir, String when) throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names.stream().filter(n -> !n.endsWith(".tmp")).toList()).as(when + ": " + names).containsExactly(NAME);
    assertThat(names.stream().filter(n -> n.endsWith(".tmp"))).as(when).allMatch(n -> n.startsWith("." + NAME + "."));
    try (TrainedVae m = Vae.load(dir.resolve(NAME))) {
      assertThat(m.spec()).isEqualTo(SPEC);
      assertThat(m.history()).isNotEmpty();
      return m.history().size();
    }
  }

  @Test void killedAtAnyPointTheDirectoryHoldsOneLoadableCheckpointAndTheRunResumesExactly(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve(NAME);
    List<String> log = new ArrayList<>();
    int leftovers = 0;

    Run r = Run.start(ckpt); // 1: while the second checkpoint is being written
    r.await("the first checkpoint", () -> Files.exists(ckpt));
    r.await("a checkpoint write", () -> !temporaries(dir).isEmpty());
    r.kill();
    leftovers += temporaries(dir).size();
    int saved = checkAfterKill(dir, "killed during a write");
    log.add("during a write: " + saved + " epochs, " + temporaries(dir).size() + " temporaries");

    r = Run.start(ckpt); // 2: in the middle of an epoch
    Run r2 = r;
    r.await("an epoch", () -> r2.epochLines() >= 1);
    assertThat(r.firstEpoch()).as("run 2 resumes after epoch " + saved).isEqualTo(saved + 1);
    assertThat(temporaries(dir)).as("the resumed run's first write removes the killed one's temporaries").isEmpty();
    Thread.sleep(20);
    r.kill();
    saved = checkAfterKill(dir, "killed mid-epoch");
    log.add("mid-epoch: " + saved + " epochs");

    r = Run.start(ckpt); // 3: just after a checkpoint was renamed into place and reported
    Run r3 = r;
    r.await("an epoch", () -> r3.epochLines() >= 1);
    r.kill();
    assertThat(r.firstEpoch()).as("run 3 resumes after epoch " + saved).isEqualTo(saved + 1);
    saved = checkAfterKill(dir, "killed after a rename");
    assertThat(saved).as("the checkpoint holds the epoch the killed run reported").isGreaterThanOrEqualTo(r.firstEpoch());
    log.add("after a rename: " + saved + " epochs");

    r = Run.start(ckpt); // 4: to the end
    assertThat(r.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(r.process().exitValue()).as(String.join("\n", r.lines())).isZero();
    assertThat(r.lines()).contains("done " + EPOCHS);
    assertThat(r.firstEpoch()).as("run 4 resumes after epoch " + saved).isEqualTo(saved + 1);
    assertThat(temporaries(dir)).isEmpty();
    System.out.println("KillTest: " + log + "; temporaries left by kills: " + leftovers);

    DataSplit data = Fixtures.mnist();
    try (TrainedVae straight = SPEC.train(data, options(EPOCHS, null), CheckpointPolicy.REPLACE).model(); TrainedVae resumed = Vae.load(ckpt)) {
      assertThat(ResumeTest.losses(resumed)).isEqualTo(ResumeTest.losses(straight));
      ResumeTest.assertSameVariables(straight, resumed);
    }
  }
}
