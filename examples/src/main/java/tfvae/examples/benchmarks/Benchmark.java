package tfvae.examples.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.cli.Cli;
import tfvae.cli.Memory;
import tfvae.EpochStats;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.data.DataSplit;

/** Training speed and memory: seconds per epoch, steps/s, ms and CPU ms per step, RSS per epoch. Prints numbers; asserts nothing. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Trains the assignment's VAE (or --preset keras-conv) without per-epoch evaluation and prints speed and memory.")
public final class Benchmark implements Callable<Integer>, Cli.OptionCheck {
  @Option(names = "--data", paramLabel = "DIR", description = "MNIST idx directory")
  Path data = Path.of("data/mnist");

  @Option(names = "--epochs", paramLabel = "N", description = "epochs to time")
  int epochs = 100;

  @Option(names = "--seed", paramLabel = "S", description = "seed")
  long seed = 0;

  @Option(names = "--preset", paramLabel = "NAME", description = "the networks: assignment (the MLP) or keras-conv")
  String preset = "assignment";

  public static void main(String[] args) { Cli.run(new Benchmark(), args); }

  /** --epochs and --preset checked, nothing read (scripts/benchmark runs this before it fetches MNIST). */
  @Override public void checkOptions() {
    if (epochs < 1 || epochs > 100_000) throw new tfvae.InvalidConfigException("--epochs must be in [1, 100000], got " + epochs);
    tfvae.Preset.parse(preset);
  }

  @Override public Integer call() {
    checkOptions();
    DataSplit mnist = DataSplit.assignment(data).binarize();
    List<Double> rss = new java.util.ArrayList<>(), cpu = new java.util.ArrayList<>(); // cpu: the process's CPU seconds (all threads) at each epoch's end
    TrainOptions options = TrainOptions.builder().epochs(epochs).testEvery(0).progress(false).listener(s -> { rss.add(Memory.rssMb());
      cpu.add(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9); }).build();
    System.out.printf("%s, %d processors, TF_ENABLE_ONEDNN_OPTS=%s, TFVAE_THREADS=%s%n", tfvae.Version.backendName(),
        Runtime.getRuntime().availableProcessors(), System.getenv("TF_ENABLE_ONEDNN_OPTS"), System.getenv("TFVAE_THREADS"));
    long t0 = System.nanoTime();
    try (TrainedVae model = tfvae.Preset.parse(preset).builder().seed(seed).build().train(DataSplit.trainingOnly(mnist.train()), options, CheckpointPolicy.REPLACE).model()) {
      List<EpochStats> h = model.history();
      double[] secs = h.stream().mapToDouble(EpochStats::seconds).toArray();
      double total = Arrays.stream(secs).sum(), later = Arrays.stream(secs).skip(1).sum();
      long stepsPerEpoch = h.get(0).steps();
      System.out.printf("epoch seconds: %s%nrss MB per epoch: %s%n", Arrays.stream(secs).mapToObj(s -> String.format("%.3f", s)).toList(),
          rss.stream().map(r -> String.format("%.0f", r)).toList());
      System.out.printf("epochs %d, steps %d, train ELBO last epoch %.2f%nseconds per epoch (median) %.3f%n", h.size(),
          h.get(h.size() - 1).steps(), h.get(h.size() - 1).trainElbo(), median(secs));
      if (secs.length > 1) System.out.printf("steps/s over epochs 2-%d: %.1f; per step %.1f ms, CPU %.1f ms (all threads)%n", secs.length,
          stepsPerEpoch * (secs.length - 1) / later, 1000 * later / (stepsPerEpoch * (secs.length - 1)),
          1000 * (cpu.get(cpu.size() - 1) - cpu.get(0)) / (stepsPerEpoch * (secs.length - 1)));
      System.out.printf("steps/s over all epochs: %.1f%ntotal step seconds %.1f, wall seconds (graph build + data load + steps) %.1f%n",
          stepsPerEpoch * secs.length / total, total, (System.nanoTime() - t0) / 1e9);
      System.out.printf("rss MB after epoch 1 %.0f, after epoch %d %.0f, peak %.0f%s%n", rss.get(0), rss.size(), rss.get(rss.size() - 1),
          Memory.peakRssMb(), rss.size() > 5 ? String.format(" (%+.0f after epoch 5: a leak shows here)", rss.get(rss.size() - 1) - rss.get(4)) : "");
    }
    return 0;
  }

  private static double median(double[] v) {
    double[] s = Arrays.stream(v).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
