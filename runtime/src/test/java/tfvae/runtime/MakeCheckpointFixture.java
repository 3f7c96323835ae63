package tfvae.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.MnistData;

/**
 * Writes {@code src/test/resources/checkpoint-format-1.ckpt}, the committed checkpoint of today's format that
 * {@link CheckpointFormatTest} loads so that a change which can no longer read it fails the build, and prints the
 * outputs that test expects. Run from the runtime module directory, after {@code mvn -o -q -pl runtime -am test-compile}:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) tfvae.runtime.MakeCheckpointFixture}
 * (cp.txt from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}).
 * Do not rerun it to make a failing test pass: the point of the file is that it was written by an older build.
 */
final class MakeCheckpointFixture {
  static final Path FILE = Path.of("src", "test", "resources", "checkpoint-format-1.ckpt");
  /** The tiny model: 784 pixels, latent 2, 8 hidden units, 10 epochs of 20 steps (Adam 0.01) on the fixture. */
  static final Vae SPEC = Vae.builder().hidden(8).seed(7).build();

  private MakeCheckpointFixture() {}

  public static void main(String[] args) {
    MnistData data = Fixtures.mnist();
    try (TrainedVae m = SPEC.train(data, TrainOptions.builder().epochs(10).batchSize(25).learningRate(0.01).testEvery(5).progress(false).build())) {
      m.save(FILE);
      Images x = data.test().slice(0, 3);
      System.out.println("history trainElbo " + m.history().stream().map(s -> Double.toString(s.trainElbo())).toList());
      System.out.println("history testElbo " + m.history().stream().map(s -> Double.toString(s.testElbo())).toList());
      System.out.println("encoder_w1[3200..3203] " + Arrays.toString(Arrays.copyOfRange(((TfVae) m).variables().get("encoder_w1").floats(), 3200, 3204)));
      System.out.println("adam/step " + Arrays.toString(((TfVae) m).variables().get("adam/step").longs()));
      System.out.println("encode mean " + Arrays.deepToString(m.encode(x).mean()));
      System.out.println("decodeMeans[0][200..203] " + Arrays.toString(Arrays.copyOfRange(m.decodeMeans(new float[][] {{0.5f, -1f}})[0], 200, 204)));
      System.out.println("elboPerImage seed 1 " + Arrays.toString(m.elboPerImage(x, 1)));
    }
    System.out.println("wrote " + FILE.toAbsolutePath());
  }
}
