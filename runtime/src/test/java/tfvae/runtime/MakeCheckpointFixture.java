package tfvae.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * Writes one of the committed checkpoints of format 1 that {@link CheckpointFormatTest} loads, so that a change
 * which can no longer read them fails the build, and prints the outputs that test expects. Two fixtures:
 * <ul>
 *   <li>{@code format-1}: {@code src/test/resources/checkpoint-format-1.ckpt}, 8 hidden units, 10 epochs. Its encoder
 *       collapsed (every image gets the same q(z|x)), so it checks loading, the decoder and resuming, but not that
 *       the encoder reads x.
 *   <li>{@code separating}: {@code src/test/resources/checkpoint-format-1-separating.ckpt}, 16 hidden units, 40
 *       epochs at Adam 0.01: the encoder separates images (the means of q(z|x) of different test images are far
 *       apart), so the expected encodings also fail an encoder that ignores x.
 * </ul>
 * Run from the runtime module directory, after {@code mvn -o -q -pl runtime -am test-compile}:
 * {@code java -cp target/test-classes:target/classes:../api/target/classes:$(cat cp.txt) tfvae.runtime.MakeCheckpointFixture
 * separating} (cp.txt from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test});
 * a second argument writes to another path instead. Do not rerun it to make a failing test pass: the point of the
 * files is that they were written by an older build (format-1 by tfvae 0.1.0 before the separating one was added;
 * separating by tfvae 0.1.0, format 1, on 2026-12-01).
 */
final class MakeCheckpointFixture {
  /** One fixture: where it goes, the model, and how it was trained on the MNIST fixture (500 train, 500 test images). */
  record Variant(Path file, Vae spec, TrainOptions options) {}

  /** The tiny model: 784 pixels, latent 2, 8 hidden units, 10 epochs of 20 steps (Adam 0.01) on the fixture. */
  static final Variant FORMAT_1 = new Variant(Path.of("src", "test", "resources", "checkpoint-format-1.ckpt"),
      Vae.builder().hidden(8).seed(7).build(),
      TrainOptions.builder().epochs(10).batchSize(25).learningRate(0.01).testEvery(5).progress(false).build());

  /** A model whose encoder separates images: 16 hidden units, 40 epochs of 20 steps (Adam 0.01) on the fixture. */
  static final Variant SEPARATING = new Variant(Path.of("src", "test", "resources", "checkpoint-format-1-separating.ckpt"),
      Vae.builder().hidden(16).seed(7).build(),
      TrainOptions.builder().epochs(80).batchSize(25).learningRate(0.01).testEvery(40).progress(false).build());

  /** Kept for the old fixture's test: its file. */
  static final Path FILE = FORMAT_1.file();
  /** Kept for the old fixture's test: its spec. */
  static final Vae SPEC = FORMAT_1.spec();

  private MakeCheckpointFixture() {}

  public static void main(String[] args) {
    Variant v = switch (args.length == 0 ? "format-1" : args[0]) {
      case "format-1" -> FORMAT_1;
      case "separating" -> SEPARATING;
      default -> throw new IllegalArgumentException("usage: MakeCheckpointFixture format-1|separating [FILE]");
    };
    Path file = args.length > 1 ? Path.of(args[1]) : v.file();
    DataSplit data = Fixtures.mnist();
    try (TrainedVae m = v.spec().train(data, v.options(), CheckpointPolicy.REPLACE).model()) {
      m.save(file);
      Images x = data.test().slice(0, 3);
      System.out.println("history trainElbo " + m.history().stream().map(s -> Double.toString(s.trainElbo())).toList());
      System.out.println("history testElbo " + m.history().stream().map(s -> Double.toString(s.testElbo())).toList());
      System.out.println("encoder_w1[3200..3203] " + Arrays.toString(Arrays.copyOfRange(((TfVae) m).variables().get("encoder_w1").floats(), 3200, 3204)));
      System.out.println("adam/step " + Arrays.toString(((TfVae) m).variables().get("adam/step").longs()));
      float[][] mean = m.encode(x).mean();
      System.out.println("encode mean " + Arrays.deepToString(mean));
      System.out.println("encode logStd " + Arrays.deepToString(m.encode(x).logStd()));
      for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
          System.out.println("distance of means " + i + "-" + j + " " + Math.hypot(mean[i][0] - mean[j][0], mean[i][1] - mean[j][1]));
      System.out.println("decodeMeans[0][200..203] " + Arrays.toString(Arrays.copyOfRange(m.decodeMeans(new float[][] {{0.5f, -1f}})[0], 200, 204)));
      System.out.println("elboPerImage seed 1 " + Arrays.toString(m.elboPerImage(x, 1)));
    }
    System.out.println("wrote " + file.toAbsolutePath());
  }
}
