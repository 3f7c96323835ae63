package tfvae.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tfvae.internal.Npy;

/**
 * Writes {@code .npz} files for the tests: a zip of {@code .npy} entries, each written by {@link Npy#writeRaw} exactly
 * as given (any dtype string and shape, with no check that the data fits), so that tests can write files that lie.
 */
final class NpzFiles {
  private NpzFiles() {}

  /** @return the .npy bytes: a version 1.0 header for {@code descr} and {@code shape}, then {@code data} verbatim */
  static byte[] npy(String descr, long[] shape, byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.writeRaw(out, descr, shape, data);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a zip holding {@code entries} (name to bytes, in the map's order), deflated as NumPy's savez_compressed does. */
  static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream f = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(f)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** @return the values as little-endian float32 bytes */
  static byte[] f4(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  /** @return the values as float64 bytes of the given byte order */
  static byte[] f8(ByteOrder order, double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
    b.asDoubleBuffer().put(v);
    return b.array();
  }

  /** @return the values as little-endian integers of {@code size} bytes each (1, 2, 4 or 8) */
  static byte[] ints(int size, long... v) {
    ByteBuffer b = ByteBuffer.allocate(size * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      switch (size) {
        case 1 -> b.put((byte) x);
        case 2 -> b.putShort((short) x);
        case 4 -> b.putInt((int) x);
        default -> b.putLong(x);
      }
    }
    return b.array();
  }
}
