package tfvae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;
import tfvae.io.AtomicFiles;
import tfvae.internal.Npy;

/**
 * Reads and writes NumPy {@code .npz} files in Keras's {@code mnist.npz} convention: a zip of {@code .npy} arrays
 * {@code x_train} and {@code x_test} (required) and {@code y_train}, {@code y_test} (optional labels). Other arrays
 * in the file are ignored.
 *
 * <ul>
 *   <li>{@code x_*} of dtype uint8 are scaled to [0, 1] by 1/255 (byte k becomes {@code k / 255f}, as the idx reader
 *       gives); float32 values are taken as they are, float64 values rounded to the nearest float. Values must be
 *       finite. Either byte order is read; C order only.
 *   <li>{@code x_*} of shape (n, height, width) are images of that size; of shape (n, dim), vectors without an image
 *       shape. {@code x_train} and {@code x_test} must agree on everything but n.
 *   <li>{@code y_*} of any integer dtype, shape (n,) or (n, 1), n the count of its {@code x_*}; values must fit an int.
 * </ul>
 *
 * <p>Every failure is a one-line {@link BadDataException} naming the file and the array. Headers are not trusted for
 * memory: the data a header promises is checked against the size its zip entry declares and against the JVM's
 * maximum heap before anything is allocated, and arrays then grow only as the data arrives.
 */
public final class Npz {
  /** The largest array read: one Java array's worth of elements. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private Npz() {}

  /**
   * @param file a {@code .npz} in Keras's {@code mnist.npz} convention
   * @return {@code x_train}/{@code y_train} to train, {@code x_test}/{@code y_test} to test
   * @throws BadDataException naming the file and the array if the file is missing, not a zip, lacks {@code x_train}
   *     or {@code x_test}, or holds arrays of unsupported dtype, inconsistent shapes or counts, or non-finite values
   */
  public static DataSplit read(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Map<String, ZipEntry> arrays = new LinkedHashMap<>();
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (!e.isDirectory() && e.getName().endsWith(".npy")) arrays.put(e.getName().substring(0, e.getName().length() - 4), e);
      }
      if (arrays.isEmpty())
        throw new BadDataException(file + " holds no arrays; a .npz in Keras's mnist.npz convention holds x_train and x_test,"
            + " and optionally y_train and y_test");
      for (String required : new String[] {"x_train", "x_test"})
        if (!arrays.containsKey(required))
          throw new BadDataException(file + " has no " + required + " array (it holds " + String.join(", ", arrays.keySet())
              + "); a .npz in Keras's mnist.npz convention holds x_train and x_test, and optionally y_train and y_test");
      Part train = readSet(zip, file, arrays, "train"), test = readSet(zip, file, arrays, "test");
      long[] a = train.shape, b = test.shape;
      if (a.length != b.length || a.length == 3 && (a[1] != b[1] || a[2] != b[2]) || a.length == 2 && a[1] != b[1])
        throw new BadDataException(file + ": x_test has shape " + Npy.Header.shapeText(b) + " but x_train has "
            + Npy.Header.shapeText(a) + "; their examples must have the same shape");
      return new DataSplit(train.images, test.images);
    } catch (NoSuchFileException e) {
      throw new BadDataException(file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new BadDataException("cannot read " + file + ": permission denied; give this user read access to it", e);
    } catch (ZipException e) {
      throw new BadDataException(file + " is not a readable .npz (zip) file (" + e.getMessage() + "); a .npz is a zip of .npy"
          + " arrays, as NumPy's savez writes", e);
    } catch (Npy.FormatException e) {
      throw new BadDataException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) throw new BadDataException("cannot read " + file + ": Is a directory", e);
      throw new BadDataException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One set read from the file: its images and the shape of its x array. */
  private record Part(Images images, long[] shape) {}

  private static Part readSet(ZipFile zip, Path file, Map<String, ZipEntry> arrays, String set) throws IOException {
    String xName = "x_" + set, yName = "y_" + set;
    ZipEntry xe = arrays.get(xName);
    long[] shape;
    float[] values;
    try (InputStream in = new BufferedInputStream(zip.getInputStream(xe), 1 << 16)) {
      Npy.Header h = Npy.readHeader(in, xName, MAX_ELEMENTS);
      boolean bytes = h.descr().equals("|u1") || h.descr().equals("<u1") || h.descr().equals(">u1");
      if (!bytes && !(h.kind() == 'f' && (h.itemSize() == 4 || h.itemSize() == 8) && !h.descr().startsWith("|")))
        throw new BadDataException(file + ": " + xName + " has dtype " + h.dtype() + "; expected uint8, float32 or float64");
      shape = h.shape();
      if (shape.length < 2 || shape.length > 3)
        throw new BadDataException(file + ": " + xName + " has shape " + h.shapeText() + "; expected (n, height, width) for images"
            + " or (n, dim) for vectors");
      for (int d = 1; d < shape.length; d++)
        if (shape[d] < 1) throw new BadDataException(file + ": " + xName + " has shape " + h.shapeText() + "; each example needs at least one value");
      checkPromise(file, xName, xe, h, (long) Float.BYTES * h.count());
      values = Npy.readFloats(in, h, xName);
      if (bytes) for (int i = 0; i < values.length; i++) values[i] = values[i] / 255f;
    } catch (OutOfMemoryError e) {
      throw tooLarge(file, xName);
    }
    int n = (int) shape[0];
    for (int i = 0; i < values.length; i++)
      if (!Float.isFinite(values[i]))
        throw new BadDataException(file + ": " + xName + index(shape, i) + " is " + values[i] + "; values must be finite");
    int @Nullable [] labels = arrays.containsKey(yName) ? readLabels(zip, file, arrays.get(yName), yName, xName, n) : null;
    Images images = shape.length == 3 ? Images.trusted(n, (int) shape[1], (int) shape[2], values, labels)
        : Images.trustedVectors(n, (int) shape[1], values, labels);
    return new Part(images, shape);
  }

  private static int[] readLabels(ZipFile zip, Path file, ZipEntry e, String yName, String xName, int n) throws IOException {
    try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
      Npy.Header h = Npy.readHeader(in, yName, MAX_ELEMENTS);
      if (h.kind() != 'i' && h.kind() != 'u')
        throw new BadDataException(file + ": " + yName + " has dtype " + h.dtype() + "; labels need an integer dtype");
      long[] s = h.shape();
      if (!(s.length == 1 || s.length == 2 && s[1] == 1))
        throw new BadDataException(file + ": " + yName + " has shape " + h.shapeText() + "; expected (n,) or (n, 1)");
      if (s[0] != n) throw new BadDataException(file + ": " + yName + " has " + s[0] + " labels but " + xName + " has " + n + " examples");
      checkPromise(file, yName, e, h, (long) Long.BYTES * h.count());
      long[] v = Npy.readLongs(in, h, yName);
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE)
          throw new BadDataException(file + ": " + yName + "[" + i + "] is " + v[i] + ", outside the range of an int label");
        out[i] = (int) v[i];
      }
      return out;
    } catch (OutOfMemoryError oom) {
      throw tooLarge(file, yName);
    }
  }

  /**
   * Refuses a header whose data cannot be in its entry (more bytes than the entry's declared uncompressed size) or
   * cannot fit the heap once decoded ({@code decodedBytes}).
   */
  private static void checkPromise(Path file, String name, ZipEntry e, Npy.Header h, long decodedBytes) {
    long data = h.count() * h.itemSize();
    if (e.getSize() >= 0 && data > e.getSize())
      throw new BadDataException(file + ": " + name + " is truncated: its header promises " + h.dtype() + " data of shape "
          + h.shapeText() + ", " + data + " bytes, but its entry holds " + e.getSize() + " bytes in all");
    long max = Runtime.getRuntime().maxMemory();
    if (decodedBytes > max)
      throw new BadDataException(file + ": " + name + " of shape " + h.shapeText() + " needs " + Mnist.Values.size(decodedBytes)
          + " of memory, more than this JVM's maximum heap of " + Mnist.Values.size(max) + "; give the JVM more memory (-Xmx)");
  }

  private static BadDataException tooLarge(Path file, String name) {
    return new BadDataException(file + ": " + name + " does not fit in this JVM's heap (maximum "
        + Mnist.Values.size(Runtime.getRuntime().maxMemory()) + "); give the JVM more memory (-Xmx)");
  }

  /** @return e.g. {@code [7, 0, 3]}: the C-order index of flat element {@code flat} of an array of {@code shape} */
  private static String index(long[] shape, long flat) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    StringBuilder s = new StringBuilder("[");
    for (int d = 0; d < idx.length; d++) s.append(d == 0 ? "" : ", ").append(idx[d]);
    return s.append(']').toString();
  }

  /**
   * Writes {@code data} as a {@code .npz} in Keras's convention with float32 values: {@code x_train}, {@code x_test}
   * of shape (n, height, width) for images or (n, dim) for vectors, and int64 {@code y_train}, {@code y_test} for the
   * sets that have labels. {@link #read(Path)} gives back the same split. Written completely or not at all.
   *
   * @param file the file to create or replace
   * @param data the split
   * @throws tfvae.WriteException naming the file and the reason if it cannot be written
   */
  public static void write(Path file, DataSplit data) { write(file, data, false); }

  /**
   * Writes {@code data} as Keras's own {@code mnist.npz} stores MNIST: uint8 {@code x_train}, {@code x_test} holding
   * byte k for each value k / 255 (so {@link #read(Path)} gives back the same values), and uint8 {@code y_*} (int64
   * if a label is outside 0..255). For grayscale data as the idx reader gives it, e.g.
   * {@code Npz.writeUint8(out, DataSplit.read(dir))} turns an idx directory (MNIST, Fashion-MNIST) into the
   * {@code .npz} Keras ships. Written completely or not at all.
   *
   * @param file the file to create or replace
   * @param data the split, every value a whole number of 255ths in [0, 1]
   * @throws BadDataException naming the set, example and value if a value is not k / 255 for a whole k in 0..255
   * @throws tfvae.WriteException naming the file and the reason if it cannot be written
   */
  public static void writeUint8(Path file, DataSplit data) {
    for (Images im : List.of(data.train(), data.test())) {
      float[] v = im.pixels();
      for (int i = 0; i < v.length; i++) {
        int k = Math.round(v[i] * 255f);
        if (k < 0 || k > 255 || k / 255f != v[i])
          throw new BadDataException((im == data.train() ? "training" : "test") + " example " + i / im.dim() + " value " + i % im.dim()
              + " is " + v[i] + ", not k / 255 for a whole k in 0..255; write float32 values with Npz.write instead");
      }
    }
    write(file, data, true);
  }

  private static void write(Path file, DataSplit data, boolean uint8) {
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (String set : new String[] {"train", "test"}) {
        Images im = set.equals("train") ? data.train() : data.test();
        long[] shape = im.hasImageShape() ? new long[] {im.count(), im.height(), im.width()} : new long[] {im.count(), im.dim()};
        float[] v = im.pixels();
        zip.putNextEntry(new ZipEntry("x_" + set + ".npy"));
        if (uint8) {
          byte[] b = new byte[v.length];
          for (int i = 0; i < v.length; i++) b[i] = (byte) Math.round(v[i] * 255f);
          Npy.writeRaw(zip, "|u1", shape, b);
        } else {
          ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          buf.asFloatBuffer().put(v);
          Npy.writeRaw(zip, "<f4", shape, buf.array());
        }
        zip.closeEntry();
        if (!im.hasLabels()) continue;
        int[] labels = im.labels();
        boolean bytes = uint8 && java.util.Arrays.stream(labels).allMatch(l -> l >= 0 && l <= 255);
        ByteBuffer buf = ByteBuffer.allocate(labels.length * (bytes ? 1 : Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (int l : labels) {
          if (bytes) buf.put((byte) l);
          else buf.putLong(l);
        }
        zip.putNextEntry(new ZipEntry("y_" + set + ".npy"));
        Npy.writeRaw(zip, bytes ? "|u1" : "<i8", new long[] {labels.length}, buf.array());
        zip.closeEntry();
      }
      zip.finish();
    });
  }
}
