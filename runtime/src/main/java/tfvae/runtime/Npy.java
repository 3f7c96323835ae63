package tfvae.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0), for the two element types we store: little-endian float32
 * ({@code <f4}) and int64 ({@code <i8}), C order. Reading is strict: anything else is rejected with a message,
 * never guessed at, because checkpoints can come from anywhere.
 */
final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern HEADER = Pattern.compile(
      "\\{\\s*'descr'\\s*:\\s*'([<>|]?[a-z]\\d+)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([^)]*)\\)\\s*,?\\s*\\}\\s*");
  private static final int MAX_HEADER = 4096;

  /** An array read from or written to a .npy file: exactly one of {@code floats} and {@code longs} is set. */
  record Array(long[] shape, float[] floats, long[] longs) {
    static Array of(long[] shape, float[] values) { return new Array(shape, values, null); }
    static Array of(long[] shape, long[] values) { return new Array(shape, null, values); }
    boolean isFloat() { return floats != null; }
    String dtype() { return isFloat() ? "float32" : "int64"; }
  }

  /** The bytes are not a .npy array this reader accepts; the message names the array and the problem. */
  static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(String message) { super(message); }
  }

  private Npy() {}

  static void write(OutputStream out, Array a) throws IOException {
    StringBuilder shape = new StringBuilder();
    for (long d : a.shape()) shape.append(d).append(", ");
    String dims = a.shape().length == 1 ? shape.toString().trim() : shape.toString().replaceAll(", $", "");
    String dict = "{'descr': '" + (a.isFloat() ? "<f4" : "<i8") + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    out.write(MAGIC);
    out.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    int n = a.isFloat() ? a.floats().length : a.longs().length;
    ByteBuffer buf = ByteBuffer.allocate(n * (a.isFloat() ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    if (a.isFloat()) buf.asFloatBuffer().put(a.floats());
    else buf.asLongBuffer().put(a.longs());
    out.write(buf.array());
  }

  /**
   * @param in the entry's bytes
   * @param name for messages
   * @param maxElements refuse arrays larger than this (protects against a header promising terabytes)
   * @return the array
   * @throws FormatException with a message naming {@code name} if the data is not a float32 or int64 C-order array
   * @throws IOException if the stream cannot be read
   */
  static Array read(InputStream in, String name, long maxElements) throws IOException {
    byte[] pre = in.readNBytes(10);
    if (pre.length < 10 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) throw new FormatException(name + " is not a .npy array (bad magic)");
    if (pre[6] != 1 && pre[6] != 2) throw new FormatException(name + " has .npy version " + pre[6] + "." + pre[7] + "; only 1.x and 2.x are read");
    int headerLen;
    if (pre[6] == 1) {
      headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
    } else {
      byte[] more = in.readNBytes(2);
      if (more.length < 2) throw new FormatException(name + " is truncated inside its .npy header");
      headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8 | (more[0] & 0xff) << 16 | (more[1] & 0xff) << 24;
    }
    if (headerLen < 0 || headerLen > MAX_HEADER) throw new FormatException(name + " has an implausible .npy header length " + headerLen);
    byte[] hb = in.readNBytes(headerLen);
    if (hb.length < headerLen) throw new FormatException(name + " is truncated inside its .npy header");
    Matcher m = HEADER.matcher(new String(hb, StandardCharsets.ISO_8859_1));
    if (!m.matches()) throw new FormatException(name + " has an unreadable .npy header");
    String descr = m.group(1);
    if (m.group(2).equals("True")) throw new FormatException(name + " is in Fortran order; only C order is read");
    boolean isFloat = descr.equals("<f4");
    if (!isFloat && !descr.equals("<i8")) throw new FormatException(name + " has dtype " + descr + "; expected <f4 (float32) or <i8 (int64)");
    String[] parts = m.group(3).split(",");
    long[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(s -> {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return -1;
      }
    }).toArray();
    long count = 1;
    for (long d : shape) {
      if (d < 0 || d > maxElements) throw new FormatException(name + " has an invalid shape " + Arrays.toString(shape));
      count *= d;
      if (count > maxElements) throw new FormatException(name + " has " + Arrays.toString(shape) + " elements, more than the " + maxElements + " allowed");
    }
    int itemSize = isFloat ? 4 : 8;
    if (count * itemSize > Integer.MAX_VALUE - 8)
      throw new FormatException(name + " has " + Arrays.toString(shape) + " elements, more than one array can hold");
    byte[] body = in.readNBytes((int) (count * itemSize)); // grows as data arrives: a lying header cannot make it allocate
    if (body.length < count * itemSize) throw new FormatException(name + " is truncated: shape " + Arrays.toString(shape) + " needs "
        + count * itemSize + " bytes of data, found " + body.length);
    if (in.read() != -1) throw new FormatException(name + " has data beyond its shape " + Arrays.toString(shape));
    ByteBuffer buf = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    if (isFloat) {
      float[] v = new float[(int) count];
      buf.asFloatBuffer().get(v);
      return Array.of(shape, v);
    }
    long[] v = new long[(int) count];
    buf.asLongBuffer().get(v);
    return Array.of(shape, v);
  }

  static byte[] bytes(Array a) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(out, a);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e); // in-memory
    }
  }
}
