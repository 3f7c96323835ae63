package tfvae.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Makes the committed fixture {@code api/src/test/resources/mnist-fixture/}: the first {@value #TRAIN_COUNT} images and
 * labels of the real MNIST training files and the first {@value #TEST_COUNT} of the real t10k files, as gzipped idx
 * files with the standard names. Reads the source bytes directly (not through {@link Mnist}), so the fixture is an
 * independent copy of the real data.
 *
 * <pre>
 * mvn -o -q -pl api test-compile
 * java -cp api/target/test-classes:api/target/classes tfvae.data.MakeMnistFixture data/mnist api/src/test/resources/mnist-fixture
 * </pre>
 */
public final class MakeMnistFixture {
  static final int TRAIN_COUNT = 1000;
  static final int TEST_COUNT = 200;

  private MakeMnistFixture() {}

  /** @param args the source directory (raw or gzipped real MNIST files) and the target directory */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: MakeMnistFixture SOURCE_DIR TARGET_DIR");
      System.exit(2);
    }
    Path source = Path.of(args[0]), target = Path.of(args[1]);
    Files.createDirectories(target);
    copyFirst(source, target, "train", TRAIN_COUNT);
    copyFirst(source, target, "t10k", TEST_COUNT);
  }

  private static void copyFirst(Path source, Path target, String prefix, int n) throws IOException {
    String imagesName = prefix + "-images-idx3-ubyte", labelsName = prefix + "-labels-idx1-ubyte";
    try (DataInputStream in = open(source, imagesName)) {
      expectMagic(in, IdxFiles.IMAGES_MAGIC, imagesName);
      int total = in.readInt(), rows = in.readInt(), cols = in.readInt();
      if (total < n) throw new IOException(imagesName + " holds " + total + " images, fewer than " + n);
      byte[] pixels = readExactly(in, n * rows * cols, imagesName);
      Path out = IdxFiles.writeImages(target.resolve(imagesName + ".gz"), n, rows, cols, pixels, true);
      System.out.println(out + ": " + n + " x " + rows + " x " + cols + ", " + Files.size(out) + " bytes");
    }
    try (DataInputStream in = open(source, labelsName)) {
      expectMagic(in, IdxFiles.LABELS_MAGIC, labelsName);
      int total = in.readInt();
      if (total < n) throw new IOException(labelsName + " holds " + total + " labels, fewer than " + n);
      byte[] labels = readExactly(in, n, labelsName);
      Path out = IdxFiles.writeLabels(target.resolve(labelsName + ".gz"), n, labels, true);
      System.out.println(out + ": " + n + " labels, " + Files.size(out) + " bytes");
    }
  }

  private static DataInputStream open(Path dir, String name) throws IOException {
    Path raw = dir.resolve(name), gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(raw)) return new DataInputStream(new BufferedInputStream(Files.newInputStream(raw), 1 << 16));
    if (Files.isRegularFile(gz)) {
      InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
      return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
    throw new IOException(dir + " has no " + name + " (nor " + name + ".gz)");
  }

  private static void expectMagic(DataInputStream in, int magic, String name) throws IOException {
    int got = in.readInt();
    if (got != magic) throw new IOException(name + " has magic number 0x" + Integer.toHexString(got) + ", expected 0x"
        + Integer.toHexString(magic));
  }

  private static byte[] readExactly(DataInputStream in, int n, String name) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) throw new IOException(name + " ends after " + out.length + " of " + n + " bytes");
    return out;
  }
}
