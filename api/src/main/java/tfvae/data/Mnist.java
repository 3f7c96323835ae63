package tfvae.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tfvae.BadDataException;

/**
 * Reads MNIST-format data: the standard idx files (LeCun et al.), raw or gzipped, from a directory that holds
 * {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} and, for the standard split, the {@code t10k-}
 * pair. Any data set in that layout works, Fashion-MNIST included. Each file may also be named with a dot before
 * {@code idx} ({@code train-images.idx3-ubyte}, as some copies are), and either name may end in {@code .gz}; the first
 * present of {@code train-images-idx3-ubyte}, {@code train-images.idx3-ubyte}, {@code train-images-idx3-ubyte.gz},
 * {@code train-images.idx3-ubyte.gz} is read (likewise for the labels and the t10k files).
 *
 * <p>The splits are {@link DataSplit}'s: {@link DataSplit#read(Path)} gives MNIST's standard one (the whole train file
 * to train, the whole t10k file to test) and {@link DataSplit#assignment(Path)} the assignment's (training-file images
 * 0..9999 to train, 10000..19999 to test); both give pixel values as stored, byte / 255 in [0, 1]. This class reads
 * the files: one labelled set ({@link #readSet(Path, String)}), an image file or a label file.
 *
 * <p>Damaged files fail with a {@link BadDataException} naming the file: a header that promises more data than the
 * file holds, or more than the JVM's heap can take, is rejected without allocating what it promises.
 */
public final class Mnist {
  /** Training images in the assignment's split. */
  public static final int ASSIGNMENT_TRAIN = 10_000;
  /** Test images in the assignment's split. */
  public static final int ASSIGNMENT_TEST = 10_000;

  private static final int IMAGES_MAGIC = 0x0803;
  private static final int LABELS_MAGIC = 0x0801;
  /** Elements allocated before any data has arrived; the arrays then grow as the data does. */
  private static final int INITIAL_CAPACITY = 1 << 20;

  private Mnist() {}

  /**
   * The split {@link DataSplit#assignment(Path, int, int)} describes, values as stored.
   */
  static DataSplit read(Path dir, int nTrain, int nTest) {
    if (nTrain < 1 || nTest < 1) throw new BadDataException("nTrain and nTest must be at least 1, got " + nTrain + " and " + nTest);
    long assignmentEnd = (long) ASSIGNMENT_TRAIN + nTest;
    Images all = readSet(dir, "train", (int) Math.min(Integer.MAX_VALUE, Math.max((long) nTrain + nTest, assignmentEnd)));
    if (all.count() < (long) nTrain + nTest)
      throw new BadDataException(find(dir, "train-images-idx3-ubyte") + " holds " + all.count() + " images, but the split needs "
          + nTrain + " + " + nTest + " = " + ((long) nTrain + nTest) + "; ask for at most " + all.count()
          + " in all (smaller nTrain and nTest)");
    int testFrom = nTrain <= ASSIGNMENT_TRAIN && all.count() >= assignmentEnd ? ASSIGNMENT_TRAIN : nTrain;
    return new DataSplit(all.slice(0, nTrain), all.slice(testFrom, testFrom + nTest));
  }

  /**
   * MNIST's standard split, grayscale (pixel / 255), labels kept: every image of the train file to train (60000 in
   * MNIST and Fashion-MNIST) and every image of the t10k file to test (10000).
   *
   * @param dir a directory holding the train and t10k idx files, raw or gzipped
   * @return the split
   * @throws BadDataException if the directory or a file is missing or malformed, or the two sets' images differ in size
   */
  static DataSplit readStandard(Path dir) {
    Images train = readSet(dir, "train"), test = readSet(dir, "t10k");
    if (train.height() != test.height() || train.width() != test.width())
      throw new BadDataException(find(dir, "t10k-images-idx3-ubyte") + " holds images of " + test.height() + "x" + test.width()
          + " pixels but " + find(dir, "train-images-idx3-ubyte") + " holds " + train.height() + "x" + train.width());
    return new DataSplit(train, test);
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
    String imagesName = prefix + "-images-idx3-ubyte", labelsName = prefix + "-labels-idx1-ubyte";
    if (!Files.isDirectory(dir))
      throw new BadDataException("MNIST directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
          + "; expected a directory holding the idx files " + imagesName + " and " + labelsName + ", raw or gzipped");
    Path images = find(dir, imagesName);
    Path labels = find(dir, labelsName);
    int[] lab = readLabels(labels);
    int[] total = new int[1];
    Images im = readImages(images, limit, total);
    if (lab.length != total[0])
      throw new BadDataException(images + " holds " + total[0] + " images but " + labels + " holds " + lab.length + " labels");
    return im.withLabels(java.util.Arrays.copyOf(lab, im.count()));
  }

  /**
   * Reads an idx3 image file (magic 0x00000803), raw or gzipped, into pixels / 255.
   *
   * @param file the file
   * @return the images, without labels
   * @throws BadDataException naming the file if it is missing or unreadable, has the wrong magic number, bad
   *     dimensions, too little or too much data, or promises more pixels than the JVM's heap can hold
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
      String what = "images " + n + " x " + rows + " x " + cols;
      Values px = new Values(file, keep * rows * cols, true, (keep == n ? "the " + n : "the first " + keep + " of its " + n)
          + " images of " + rows + " x " + cols + " pixels its header promises");
      readExactly(in, px, (long) (n - keep) * rows * cols, file, what);
      return Images.trusted(keep, rows, cols, px.floats, null);
    } catch (IOException e) {
      throw ioFailure(file, e);
    }
  }

  /**
   * Reads an idx1 label file (magic 0x00000801), raw or gzipped.
   *
   * @param file the file
   * @return the labels
   * @throws BadDataException naming the file if it is missing, unreadable or malformed, or promises more labels than
   *     the JVM's heap can hold
   */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC)
        throw new BadDataException(file + " is not an idx label file: magic number 0x" + hex(magic) + ", expected 0x" + hex(LABELS_MAGIC));
      int n = in.readInt();
      if (n < 0 || n > Integer.MAX_VALUE - 8) throw new BadDataException(file + " has an impossible label count " + n);
      Values labels = new Values(file, n, false, "the " + n + " labels its header promises");
      readExactly(in, labels, 0, file, n + " labels");
      return labels.ints;
    } catch (IOException e) {
      throw ioFailure(file, e);
    }
  }

  /**
   * @param name the standard name, e.g. {@code train-images-idx3-ubyte}
   * @return the first of its four accepted names present in {@code dir}: as given, with a dot before {@code idx},
   *     and either of those with {@code .gz}
   */
  private static Path find(Path dir, String name) {
    String dotted = dotted(name);
    for (String candidate : new String[] {name, dotted, name + ".gz", dotted + ".gz"}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) return p;
    }
    String other = name.contains("-images-") ? name.replace("-images-idx3-", "-labels-idx1-") : name.replace("-labels-idx1-", "-images-idx3-");
    String[] pair = name.contains("-images-") ? new String[] {name, other} : new String[] {other, name};
    throw new BadDataException(dir + " has no " + name + " (nor " + dotted + ", nor either with .gz); expected the idx files "
        + pair[0] + " and " + pair[1] + " there, raw or gzipped");
  }

  /** @return e.g. {@code train-images.idx3-ubyte} for {@code train-images-idx3-ubyte} */
  private static String dotted(String name) { return name.replace("-idx", ".idx"); }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
    return new DataInputStream(in);
  }

  /**
   * The decoded values of an idx file's data (pixels / 255 as floats, or labels as ints), in an array that grows as
   * the data arrives. A header's promise is checked against the JVM's maximum heap and never allocated up front
   * beyond {@link #INITIAL_CAPACITY} values; a stream that delivers more than the heap can take while it grows ends
   * in a BadDataException too. So a damaged header or a gzip bomb cannot crash the JVM with an OutOfMemoryError.
   */
  static final class Values {
    final Path file;
    final int count;
    final String promise;
    float[] floats;
    int[] ints;
    int size;

    /** @param pixels true for pixels / 255 as floats, false for labels as ints */
    Values(Path file, int count, boolean pixels, String promise) {
      this.file = file;
      this.count = count;
      this.promise = promise;
      long need = (long) count * (pixels ? Float.BYTES : Integer.BYTES), max = Runtime.getRuntime().maxMemory();
      if (need > max)
        throw new BadDataException(file + ": " + promise + " need " + size(need) + " of memory, more than this JVM's maximum heap"
            + " of " + size(max) + "; if the file is damaged, replace it; if it is genuine, give the JVM more memory (-Xmx)");
      int initial = Math.min(count, INITIAL_CAPACITY);
      if (pixels) floats = new float[initial];
      else ints = new int[initial];
    }

    /** Appends {@code len} bytes of {@code buf}, growing the array (at most to {@code count}) if it is full. */
    void append(byte[] buf, int len) {
      int capacity = floats != null ? floats.length : ints.length;
      if (size + len > capacity) grow(Math.max(size + len, (int) Math.min(count, 2L * capacity)));
      if (floats != null) for (int i = 0; i < len; i++) floats[size + i] = (buf[i] & 0xff) / 255f;
      else for (int i = 0; i < len; i++) ints[size + i] = buf[i] & 0xff;
      size += len;
    }

    private void grow(int capacity) {
      try {
        if (floats != null) floats = java.util.Arrays.copyOf(floats, capacity);
        else ints = java.util.Arrays.copyOf(ints, capacity);
      } catch (OutOfMemoryError e) { // the heap filled up meanwhile: the answer to a file, not a crash
        floats = null;
        ints = null;
        throw new BadDataException(file + ": " + promise + " do not fit in this JVM's heap (maximum "
            + size(Runtime.getRuntime().maxMemory()) + "); if the file is damaged, replace it; if it is genuine, give the JVM"
            + " more memory (-Xmx)");
      }
    }

    /** @return e.g. "8.05 GB" or "62 MB" */
    static String size(long bytes) {
      return bytes >= 1e9 ? String.format(java.util.Locale.ROOT, "%.2f GB", bytes / 1e9)
          : String.format(java.util.Locale.ROOT, "%d MB", Math.round(bytes / 1e6));
    }
  }

  /**
   * Reads {@code values.count} bytes into {@code values}, then skips {@code rest} more, and checks that the file ends
   * exactly there. The data is read in 64 KB pieces, so memory follows what the stream really delivers.
   */
  private static void readExactly(DataInputStream in, Values values, long rest, Path file, String what) throws IOException {
    byte[] buf = new byte[1 << 16];
    boolean complete = false;
    try {
      while (values.size < values.count) {
        int got = in.read(buf, 0, Math.min(buf.length, values.count - values.size));
        if (got < 0) break;
        values.append(buf, got);
      }
      if (values.size == values.count) {
        in.skipNBytes(rest);
        complete = true;
      }
    } catch (EOFException e) { // a cut-off gzip stream, or too little data to skip
      complete = false;
    }
    if (!complete)
      throw new BadDataException(file + " is truncated: its header promises " + what + " but the data ends early");
    if (in.read() != -1) throw new BadDataException(file + " has data beyond the " + what + " its header promises");
  }

  private static BadDataException ioFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) return new BadDataException(file + " does not exist", e);
    if (e instanceof EOFException) return new BadDataException(file + " is truncated: it ends inside its header", e);
    if (e instanceof AccessDeniedException)
      return new BadDataException("cannot read " + file + ": permission denied; give this user read access to it", e);
    if (e instanceof ZipException)
      return new BadDataException(file + " is not valid gzip data (" + e.getMessage() + "); its name ends in .gz, so it must"
          + " be a gzipped idx file", e);
    String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
        : e instanceof FileSystemException ? e.getClass().getSimpleName() : e.getMessage();
    return new BadDataException("cannot read " + file + ": " + reason, e);
  }

  private static String hex(int v) { return String.format("%08x", v); }
}
