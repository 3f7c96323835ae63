package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.Activation;
import tfvae.CheckpointPolicy;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * One model queried from 8 threads at once gives exactly what the same calls give one after another, without native
 * memory growth; closing it under load makes the callers fail cleanly; two models of different architectures used
 * interleaved give what each gives alone.
 */
class ConcurrencyTest {
  static final int THREADS = 8;
  static final int ROUNDS = 100; // per thread; 4 calls each
  static DataSplit data;
  static TrainedVae model;
  static ExecutorService pool;

  @BeforeAll static void setUp() {
    data = Fixtures.mnist();
    model = Fixtures.small().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(2), CheckpointPolicy.REPLACE).model();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll static void tearDown() {
    pool.shutdownNow();
    model.close();
  }

  /** Everything call {@code k} returns, as one string, so that results compare exactly (bit for bit: %a). */
  static String call(TrainedVae m, int k) {
    Images x = data.test().slice(k % 40, k % 40 + 3 + k % 5);
    StringBuilder out = new StringBuilder();
    var enc = m.encode(x);
    for (float[] r : enc.mean()) out.append(Arrays.toString(r));
    for (float[] r : enc.logStd()) out.append(Arrays.toString(r));
    float[][] z = new float[1 + k % 3][m.spec().latent()];
    for (int i = 0; i < z.length; i++) for (int j = 0; j < z[i].length; j++) z[i][j] = (k % 7 - 3) * 0.5f + i - j;
    for (float[] r : m.decodeMeans(z)) out.append(r[k % r.length]).append(',').append(r[r.length - 1]).append(';');
    for (double v : m.elboPerImage(x, 7)) out.append(Double.toHexString(v)).append(' ');
    for (float[] r : m.samplePrior(4, k)) out.append(Arrays.toString(r));
    return out.toString();
  }

  static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status")))
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** RSS after full collections, once the heap has shrunk back: what is left is mostly native memory. */
  static double settledRssMb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rssMb();
  }

  /** Each of {@link #THREADS} threads makes every call 0..ROUNDS-1, starting at its own offset; returns mismatches. */
  static List<String> concurrentRound(TrainedVae m, List<String> expected) throws Exception {
    List<Callable<List<String>>> tasks = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      int offset = t * ROUNDS / THREADS;
      tasks.add(() -> {
        start.await();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          int k = (offset + i) % ROUNDS;
          if (!call(m, k).equals(expected.get(k))) bad.add("call " + k);
        }
        return bad;
      });
    }
    List<Future<List<String>>> futures = new ArrayList<>();
    for (var task : tasks) futures.add(pool.submit(task));
    start.countDown();
    List<String> bad = new ArrayList<>();
    for (var f : futures) bad.addAll(f.get());
    return bad;
  }

  @Test void eightThreadsGetExactlyTheSerialResultsAndRssStaysFlat() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < ROUNDS; k++) expected.add(call(model, k));
    // warm-up: malloc arenas, TensorFlow's per-thread caches and the JIT's compiled code grow in steps over the first
    // rounds (by about 20 MB, once), then stay; so warm up until three rounds in a row move RSS by less than 3 MB
    List<String> warmUp = new ArrayList<>();
    double before = settledRssMb();
    for (int round = 0, quiet = 0; round < 16 && quiet < 3; round++) {
      assertThat(concurrentRound(model, expected)).isEmpty();
      double now = settledRssMb();
      quiet = Math.abs(now - before) < 3 ? quiet + 1 : 0;
      before = now;
      warmUp.add(String.format("%.0f", now));
    }
    // two measured stretches of 4 rounds: a leak grows RSS in both, in proportion to the calls; a late one-time step
    // of the warm-up (seen on a loaded machine) grows it in one only
    double[] growth = new double[2];
    double start = before, after = before;
    for (int stretch = 0; stretch < 2; stretch++) {
      for (int round = 0; round < 4; round++) assertThat(concurrentRound(model, expected)).isEmpty();
      after = settledRssMb();
      growth[stretch] = after - start;
      start = after;
    }
    System.out.printf("ConcurrencyTest: RSS MB during warm-up %s; then twice %d calls on %d threads: RSS %.1f MB before, %+.1f and"
        + " %+.1f MB after each%n", warmUp, 4 * THREADS * ROUNDS * 4, THREADS, before, growth[0], growth[1]);
    if (before > 0) assertThat(Math.min(growth[0], growth[1])).as("RSS growth in MB over 12800 calls").isLessThan(16);
  }

  @Test void closingAModelWhileThreadsUseItMakesThemFailWithIllegalStateAndNothingElse() throws Exception {
    TrainedVae m = Fixtures.untrained(Fixtures.small());
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < 20; k++) expected.add(call(m, k));
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> ends = new ConcurrentLinkedQueue<>();
    CountDownLatch running = new CountDownLatch(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      futures.add(pool.submit(() -> {
        running.countDown();
        try {
          for (int i = 0; ; i++) {
            int k = (offset + i) % 20;
            if (!call(m, k).equals(expected.get(k))) throw new AssertionError("call " + k + " gave another result");
            calls.incrementAndGet();
          }
        } catch (Throwable e) {
          ends.add(e);
        }
      }));
    }
    running.await();
    while (calls.get() < 50) Thread.onSpinWait();
    m.close();
    for (var f : futures) f.get();
    assertThat(ends).hasSize(THREADS).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
        .hasMessage("this model was closed; load it again with Vae.load(path)"));
    System.out.printf("ConcurrencyTest: %d calls succeeded before close; all %d threads then got IllegalStateException%n",
        calls.get(), THREADS);
  }

  @Test void twoArchitecturesTrainedAndQueriedInterleavedGiveWhatEachGivesAlone() throws Exception {
    Vae a = Fixtures.small();
    Vae b = Vae.builder().hidden(32).latent(3).activation(Activation.RELU).seed(11).build();
    List<String> aloneA, aloneB;
    try (TrainedVae m = a.train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      aloneA = transcript(m);
    }
    try (TrainedVae m = b.train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      aloneB = transcript(m);
    }
    Future<TrainedVae> fa = pool.submit(() -> a.train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model());
    Future<TrainedVae> fb = pool.submit(() -> b.train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model());
    try (TrainedVae ma = fa.get(); TrainedVae mb = fb.get()) {
      List<String> ta = new ArrayList<>(), tb = new ArrayList<>();
      ta.add(ResumeTest.losses(ma).toString());
      tb.add(ResumeTest.losses(mb).toString());
      for (int k = 0; k < 10; k++) { // alternate calls on one thread
        ta.add(call(ma, k));
        tb.add(call(mb, k));
      }
      assertThat(ta).isEqualTo(aloneA);
      assertThat(tb).isEqualTo(aloneB);
      Future<List<String>> qa = pool.submit(() -> transcript(ma)), qb = pool.submit(() -> transcript(mb)); // and at once
      assertThat(qa.get()).isEqualTo(aloneA);
      assertThat(qb.get()).isEqualTo(aloneB);
    }
  }

  static List<String> transcript(TrainedVae m) {
    List<String> out = new ArrayList<>();
    out.add(ResumeTest.losses(m).toString());
    for (int k = 0; k < 10; k++) out.add(call(m, k));
    return out;
  }
}
