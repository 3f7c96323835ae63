package tfvae.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes idx files (the MNIST format: a big-endian int magic number, big-endian int dimensions, then unsigned bytes)
 * for the committed fixture and for the malformed-file tests. The header is written exactly as given, with no check
 * that it agrees with the data, so that tests can write files that lie.
 *
 * <p>Gzipped output is deterministic: {@link GZIPOutputStream} writes a fixed header (modification time 0, no file
 * name), so the same bytes in give the same file out on the same JDK.
 */
final class IdxFiles {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  static final int IMAGES_HEADER_BYTES = 16;
  static final int LABELS_HEADER_BYTES = 8;

  private IdxFiles() {}

  /** Writes an idx3 image file: magic 0x00000803, then n, rows, cols, then {@code pixels} verbatim. */
  static Path writeImages(Path file, int n, int rows, int cols, byte[] pixels, boolean gzip) throws IOException {
    return write(file, gzip, IMAGES_MAGIC, new int[] {n, rows, cols}, pixels);
  }

  /** Writes an idx1 label file: magic 0x00000801, then n, then {@code labels} verbatim. */
  static Path writeLabels(Path file, int n, byte[] labels, boolean gzip) throws IOException {
    return write(file, gzip, LABELS_MAGIC, new int[] {n}, labels);
  }

  /** Writes {@code magic}, each of {@code dims}, then {@code data}; any magic or dimensions, for bad files. */
  static Path write(Path file, boolean gzip, int magic, int[] dims, byte[] data) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(open(file, gzip), 1 << 16))) {
      out.writeInt(magic);
      for (int d : dims) out.writeInt(d);
      out.write(data);
    }
    return file;
  }

  /**
   * Writes a gzipped idx file whose header is {@code magic} and {@code dims} and whose data is {@code zeros} zero bytes,
   * streamed: a gzip bomb of any size from a few kilobytes of disk (zeros compress about 1000 to 1).
   */
  static Path writeGzippedZeros(Path file, int magic, int[] dims, long zeros) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(open(file, true), 1 << 16))) {
      out.writeInt(magic);
      for (int d : dims) out.writeInt(d);
      byte[] block = new byte[1 << 20];
      for (long left = zeros; left > 0; left -= block.length) out.write(block, 0, (int) Math.min(block.length, left));
    }
    return file;
  }

  /** Writes {@code bytes} as they are (or gzipped): for files cut inside the header, or not idx at all. */
  static Path writeBytes(Path file, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out = open(file, gzip)) {
      out.write(bytes);
    }
    return file;
  }

  /** @return the bytes of {@code file}, gunzipped if its name ends in {@code .gz} */
  static byte[] readDecompressed(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
    }
  }

  /** @return the values 0..255 as (signed) bytes, e.g. {@code unsigned(0, 127, 128, 255)} */
  static byte[] unsigned(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 255) throw new IllegalArgumentException("not a byte value: " + values[i]);
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static OutputStream open(Path file, boolean gzip) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return gzip ? new GZIPOutputStream(out, 1 << 16) : out;
  }
}
