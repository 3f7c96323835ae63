package tfvae.data;

import java.nio.file.Path;

/**
 * Turns an idx directory (MNIST, Fashion-MNIST: the four standard files, raw or gzipped) into a {@code .npz} in
 * Keras's {@code mnist.npz} convention: uint8 {@code x_train} (60000, 28, 28) and {@code x_test} (10000, 28, 28) from
 * the train and t10k files, uint8 {@code y_train}, {@code y_test}. Byte for byte the idx data: the idx reader gives
 * byte k as k / 255 and {@link Npz#writeUint8} stores k again. For example, for Debian's
 * {@code dataset-fashion-mnist} package (which installs the idx files, gzipped, under {@code /usr/share/datasets/fashion-mnist}):
 *
 * <pre>
 * mvn -o -q -pl api test-compile
 * java -cp api/target/test-classes:api/target/classes tfvae.data.MakeKerasNpz /usr/share/datasets/fashion-mnist fashion-mnist.npz
 * </pre>
 */
public final class MakeKerasNpz {
  private MakeKerasNpz() {}

  /** @param args the idx directory and the .npz to write */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: MakeKerasNpz IDX_DIR OUT.npz");
      System.exit(2);
    }
    Path out = Path.of(args[1]);
    try {
      DataSplit data = DataSplit.read(Path.of(args[0]));
      Npz.writeUint8(out, data);
      System.out.println(out + ": x_train " + data.train() + ", x_test " + data.test());
    } catch (tfvae.BadDataException | java.io.UncheckedIOException e) {
      System.err.println("MakeKerasNpz: error: " + e.getMessage());
      System.exit(2);
    }
  }
}
