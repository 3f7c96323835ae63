package tfvae.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import tfvae.BadDataException;

/**
 * Reads MNIST-format data: the standard idx files (LeCun et al.), raw or gzipped, from a directory that holds
 * {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (and usually the {@code t10k-} pair). Any
 * data set in that layout works, Fashion-MNIST included.
 *
 * <p>The assignment's split takes training-file images 0..9999 to train and 10000..19999 to test; pixels are
 * binarized as pixel/255 &gt; 0.5.
 */
public final class Mnist {
  /** Training images in the assignment's split. */
  public static final int ASSIGNMENT_TRAIN = 10_000;
  /** Test images in the assignment's split. */
  public static final int ASSIGNMENT_TEST = 10_000;

  private static final int IMAGES_MAGIC = 0x0803;
  private static final int LABELS_MAGIC = 0x0801;

  private Mnist() {}

  /**
   * The assignment's data: training-file images 0..9999 to train, 10000..19999 to test, binarized at 0.5, labels kept.
   *
   * @param dir a directory holding {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]}
   * @return the split
   * @throws BadDataException if the directory or a file is missing, malformed, or holds fewer than 20000 images
   */
  public static MnistData load(Path dir) { return load(dir, ASSIGNMENT_TRAIN, ASSIGNMENT_TEST); }

  /**
   * The first {@code nTrain} images of the training file to train, the next {@code nTest} to test, binarized at 0.5.
   *
   * @param dir a directory holding {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]}
   * @param nTrain training images, at least 1
   * @param nTest test images, at least 1
   * @return the split
   * @throws BadDataException if the directory or a file is missing or malformed, or holds fewer than
   *     {@code nTrain + nTest} images
   */
  public static MnistData load(Path dir, int nTrain, int nTest) {
    if (nTrain < 1 || nTest < 1) throw new BadDataException("nTrain and nTest must be at least 1, got " + nTrain + " and " + nTest);
    Images all = readSet(dir, "train", (int) Math.min(Integer.MAX_VALUE, (long) nTrain + nTest));
    if (all.count() < (long) nTrain + nTest)
      throw new BadDataException(find(dir, "train-images-idx3-ubyte") + " holds " + all.count() + " images, but the split needs "
          + nTrain + " + " + nTest + " = " + ((long) nTrain + nTest) + "; use Mnist.load(dir, nTrain, nTest) with smaller counts");
    Images bin = all.slice(0, nTrain + nTest).binarize();
    return new MnistData(bin.slice(0, nTrain), bin.slice(nTrain, nTrain + nTest));
  }

  /**
   * Reads one labelled set of a standard directory, unbinarized (pixel / 255).
   *
   * @param dir the directory
   * @param prefix {@code train} or {@code t10k}
   * @return the images with their labels
   * @throws BadDataException if a file is missing or malformed, or the counts differ
   */
  public static Images readSet(Path dir, String prefix) { return readSet(dir, prefix, Integer.MAX_VALUE); }

  /** Like {@link #readSet(Path, String)}, keeping only the first {@code limit} images (the files are still checked whole). */
  static Images readSet(Path dir, String prefix, int limit) {
    if (!Files.isDirectory(dir))
      throw new BadDataException("MNIST directory " + dir + " does not exist; run scripts/fetch-mnist, or point --data at a directory"
          + " holding the four idx files");
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    int[] lab = readLabels(labels);
    int[] total = new int[1];
    Images im = readImages(images, limit, total);
    if (lab.length != total[0])
      throw new BadDataException(images + " holds " + total[0] + " images but " + labels + " holds " + lab.length + " labels");
    return Images.trusted(im.count(), im.rows(), im.cols(), im.pixels(), java.util.Arrays.copyOf(lab, im.count()));
  }

  /**
   * Reads an idx3 image file (magic 0x00000803), raw or gzipped, into pixels / 255.
   *
   * @param file the file
   * @return the images, without labels
   * @throws BadDataException naming the file if it is missing, has the wrong magic number, bad dimensions, or too
   *     little or too much data
   */
  public static Images readImages(Path file) { return readImages(file, Integer.MAX_VALUE, new int[1]); }

  /** Decodes the first {@code limit} images, checks the rest of the file, and stores the file's count in {@code total[0]}. */
  private static Images readImages(Path file, int limit, int[] total) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC)
        throw new BadDataException(file + " is not an idx image file: magic number 0x" + hex(magic) + ", expected 0x" + hex(IMAGES_MAGIC));
      int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
      if (n < 0 || rows < 1 || cols < 1 || rows > 4096 || cols > 4096 || (long) n * rows * cols > Integer.MAX_VALUE - 8)
        throw new BadDataException(file + " has impossible dimensions " + n + " x " + rows + " x " + cols);
      total[0] = n;
      int keep = Math.min(n, limit);
      byte[] raw = readExactly(in, keep * rows * cols, (long) (n - keep) * rows * cols, file,
          "images " + n + " x " + rows + " x " + cols);
      float[] px = new float[raw.length];
      for (int i = 0; i < raw.length; i++) px[i] = (raw[i] & 0xff) / 255f;
      return Images.trusted(keep, rows, cols, px, null);
    } catch (IOException e) {
      throw ioFailure(file, e);
    }
  }

  /**
   * Reads an idx1 label file (magic 0x00000801), raw or gzipped.
   *
   * @param file the file
   * @return the labels
   * @throws BadDataException naming the file if it is missing or malformed
   */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC)
        throw new BadDataException(file + " is not an idx label file: magic number 0x" + hex(magic) + ", expected 0x" + hex(LABELS_MAGIC));
      int n = in.readInt();
      if (n < 0 || n > Integer.MAX_VALUE - 8) throw new BadDataException(file + " has an impossible label count " + n);
      byte[] raw = readExactly(in, n, 0, file, n + " labels");
      int[] out = new int[n];
      for (int i = 0; i < n; i++) out[i] = raw[i] & 0xff;
      return out;
    } catch (IOException e) {
      throw ioFailure(file, e);
    }
  }

  private static Path find(Path dir, String name) {
    Path raw = dir.resolve(name), gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(raw)) return raw;
    if (Files.isRegularFile(gz)) return gz;
    throw new BadDataException(dir + " has no " + name + " (nor " + name + ".gz); run scripts/fetch-mnist, or point --data at a"
        + " directory holding the four idx files");
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
    return new DataInputStream(in);
  }

  /**
   * Reads {@code n} bytes, then skips {@code rest} more, and checks that the file ends exactly there. The buffer
   * grows as data arrives, so a damaged header that promises gigabytes cannot make it allocate them.
   */
  private static byte[] readExactly(DataInputStream in, int n, long rest, Path file, String what) throws IOException {
    byte[] buf = new byte[0];
    boolean complete = false;
    try {
      buf = in.readNBytes(n);
      if (buf.length == n) {
        in.skipNBytes(rest);
        complete = true;
      }
    } catch (EOFException e) { // a cut-off gzip stream, or too little data to skip
      complete = false;
    }
    if (!complete)
      throw new BadDataException(file + " is truncated: its header promises " + what + " but the data ends early");
    if (in.read() != -1) throw new BadDataException(file + " has data beyond the " + what + " its header promises");
    return buf;
  }

  private static BadDataException ioFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) return new BadDataException(file + " does not exist", e);
    if (e instanceof EOFException) return new BadDataException(file + " is truncated: it ends inside its header", e);
    return new BadDataException("cannot read " + file + ": " + e.getMessage(), e);
  }

  private static String hex(int v) { return String.format("%08x", v); }
}
