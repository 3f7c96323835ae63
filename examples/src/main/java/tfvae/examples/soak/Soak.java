package tfvae.examples.soak;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.cli.Cli;
import tfvae.cli.Memory;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;

/**
 * Native memory over many model lifetimes: loads a checkpoint, runs a few queries, closes it, many times in one JVM,
 * and prints resident memory. A model that left native memory behind when closed shows as steady growth. Prints
 * numbers; asserts nothing (the test with fewer cycles does).
 */
@Command(name = "soak", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Loads a checkpoint, queries it and closes it, over and over in one JVM, and prints resident memory (RSS)"
        + " every 10th cycle and after cycle 10 versus the last.")
public final class Soak implements Callable<Integer> {
  @Option(names = "--checkpoint", paramLabel = "FILE", description = "the checkpoint to load")
  Path checkpoint = Path.of("out/model.ckpt");

  @Option(names = "--cycles", paramLabel = "N", description = "load-query-close cycles")
  int cycles = 200;

  public static void main(String[] args) { Cli.run(new Soak(), args); }

  @Override public Integer call() {
    if (cycles < 11) throw new InvalidConfigException("cycles must be at least 11, got " + cycles);
    long t0 = System.nanoTime();
    double[] rss = run(checkpoint, cycles, System.out);
    System.out.printf("RSS MB after cycle 10 %.0f, after cycle %d %.0f (%+.0f), peak %.0f; %.1f s%n", rss[9], cycles,
        rss[cycles - 1], rss[cycles - 1] - rss[9], Memory.peakRssMb(), (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /**
   * @param checkpoint the checkpoint to load each cycle
   * @param cycles how many load-query-close cycles
   * @param out where the series goes: the RSS after every 10th cycle
   * @return the RSS in MB after each cycle
   */
  static double[] run(Path checkpoint, int cycles, PrintStream out) {
    double[] rss = new double[cycles];
    StringBuilder series = new StringBuilder();
    for (int c = 0; c < cycles; c++) {
      try (TrainedVae m = Vae.load(checkpoint)) {
        query(m, c);
      }
      if (c % 10 == 9) System.gc(); // so that the series shows native memory, not garbage waiting for collection
      rss[c] = Memory.rssMb();
      if (c % 10 == 9) series.append(String.format(" %d:%.0f", c + 1, rss[c]));
    }
    out.println("RSS MB by cycle:" + series);
    return rss;
  }

  /** Prior samples, decoded and sampled to binary images, encoded, and their ELBO: every kind of query once. */
  private static void query(TrainedVae m, long seed) {
    float[][] z = m.samplePrior(64, seed);
    m.decodeMeans(z);
    float[][] x = m.sampleImages(z, seed);
    int dim = m.spec().dataDim();
    Images images = dim == 784 ? Images.ofRows(x, 28, 28) : Images.ofRows(x, 1, dim);
    m.encode(images);
    m.elboPerImage(images, seed);
  }
}
