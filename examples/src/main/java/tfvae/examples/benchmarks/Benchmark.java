package tfvae.examples.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.examples.shared.Cli;
import tfvae.examples.shared.Memory;
import tfvae.EpochStats;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/** Training speed and memory: seconds per epoch, steps/s, RSS per epoch. Prints numbers; asserts nothing. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Trains the assignment's VAE without per-epoch evaluation and prints speed and memory.")
public final class Benchmark implements Callable<Integer>, Cli.OptionCheck {
  @Option(names = "--data", paramLabel = "DIR", description = "MNIST idx directory")
  Path data = Path.of("data/mnist");

  @Option(names = "--epochs", paramLabel = "N", description = "epochs to time")
  int epochs = 100;

  @Option(names = "--seed", paramLabel = "S", description = "seed")
  long seed = 0;

  @Option(names = "--verbose", description = "print stack traces of errors")
  boolean verbose;

  public static void main(String[] args) { Cli.run(new Benchmark(), args); }

  /** --epochs checked, nothing read (scripts/benchmark runs this before it fetches MNIST). */
  @Override public void checkOptions() {
    if (epochs < 1 || epochs > 100_000) throw new tfvae.InvalidConfigException("--epochs must be in [1, 100000], got " + epochs);
  }

  @Override public Integer call() {
    checkOptions();
    DataSplit mnist = DataSplit.assignment(data).binarize();
    List<Double> rss = new ArrayList<>();
    TrainOptions options = TrainOptions.builder().epochs(epochs).testEvery(0).progress(false)
        .listener(s -> rss.add(Memory.rssMb())).build();
    System.out.printf("%s, %d processors, TF_ENABLE_ONEDNN_OPTS=%s, TFVAE_THREADS=%s%n", tfvae.Version.backendName(),
        Runtime.getRuntime().availableProcessors(), System.getenv("TF_ENABLE_ONEDNN_OPTS"), System.getenv("TFVAE_THREADS"));
    long t0 = System.nanoTime();
    try (TrainedVae model = Vae.builder().seed(seed).build().train(DataSplit.trainingOnly(mnist.train()), options, CheckpointPolicy.REPLACE).model()) {
      double wall = (System.nanoTime() - t0) / 1e9;
      List<EpochStats> h = model.history();
      double[] secs = h.stream().mapToDouble(EpochStats::seconds).toArray();
      double total = Arrays.stream(secs).sum();
      double later = Arrays.stream(secs).skip(1).sum();
      long stepsPerEpoch = h.get(0).steps();
      System.out.printf("epoch seconds: %s%n", Arrays.stream(secs).mapToObj(s -> String.format("%.3f", s)).toList());
      System.out.printf("rss MB per epoch: %s%n", rss.stream().map(r -> String.format("%.0f", r)).toList());
      System.out.printf("epochs %d, steps %d, train ELBO last epoch %.2f%n", h.size(), h.get(h.size() - 1).steps(), h.get(h.size() - 1).trainElbo());
      System.out.printf("seconds per epoch (median) %.3f%n", median(secs));
      if (secs.length > 1) System.out.printf("steps/s over epochs 2-%d: %.1f%n", secs.length, stepsPerEpoch * (secs.length - 1) / later);
      System.out.printf("steps/s over all epochs: %.1f%n", stepsPerEpoch * secs.length / total);
      System.out.printf("total step seconds %.1f, wall seconds (graph build + data load + steps) %.1f%n", total, wall);
      System.out.printf("rss MB after epoch 1 %.0f, after epoch %d %.0f, peak %.0f%n", rss.get(0), rss.size(), rss.get(rss.size() - 1), Memory.peakRssMb());
      if (rss.size() > 5) // growth after warm-up: a leak shows here, the first epochs' allocations do not
        System.out.printf("rss MB after epoch 5 %.0f, after epoch %d %.0f (%+.0f)%n", rss.get(4), rss.size(), rss.get(rss.size() - 1),
            rss.get(rss.size() - 1) - rss.get(4));
    }
    return 0;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
