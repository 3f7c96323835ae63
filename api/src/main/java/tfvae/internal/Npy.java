package tfvae.internal;

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
import org.jspecify.annotations.Nullable;

/**
 * NumPy's {@code .npy} format (versions 1.0 and 2.0; see NumPy's {@code numpy/lib/format.py}), C order. Internal:
 * not part of the public API.
 *
 * <p>Two uses share this one reader. Checkpoints store little-endian float32 ({@code <f4}) and int64 ({@code <i8})
 * arrays and read them strictly with {@link #read(InputStream, String, long)}: anything else is rejected with a
 * message, never guessed at, because checkpoints can come from anywhere. Data files ({@code .npz} in Keras's
 * {@code mnist.npz} convention) hold other dtypes: {@link #readHeader} parses any header, and
 * {@link #readFloats}/{@link #readLongs} decode the numeric dtypes of either byte order into Java arrays.
 *
 * <p>No header is trusted for memory: callers bound the element count ({@code maxElements}), and the data is decoded
 * in 64 KB pieces into arrays that grow as bytes arrive, so a header promising more than the stream holds is reported
 * as truncated without allocating what it promised.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern HEADER = Pattern.compile(
      "\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([^)]*)\\)\\s*,?\\s*\\}\\s*");
  private static final Pattern DESCR = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d+)");
  private static final int MAX_HEADER = 4096;
  /** Elements allocated before any data has arrived; the arrays then grow as the data does. */
  private static final int INITIAL_CAPACITY = 1 << 16;
  private static final int CHUNK = 1 << 16;

  /**
   * A float32 or int64 array as checkpoints store it: exactly one of {@code floats} and {@code longs} is set.
   *
   * @param shape the dimensions, outermost first
   * @param floats the float32 values in C order, or null
   * @param longs the int64 values in C order, or null
   */
  public record Array(long[] shape, float @Nullable [] floats, long @Nullable [] longs) {
    /**
     * @param shape the dimensions
     * @param values the float32 values (not copied)
     * @return the array
     */
    public static Array of(long[] shape, float[] values) { return new Array(shape, values, null); }

    /**
     * @param shape the dimensions
     * @param values the int64 values (not copied)
     * @return the array
     */
    public static Array of(long[] shape, long[] values) { return new Array(shape, null, values); }

    /** @return whether this is a float32 array */
    public boolean isFloat() { return floats != null; }

    /** @return {@code float32} or {@code int64} */
    public String dtype() { return isFloat() ? "float32" : "int64"; }
  }

  /**
   * A parsed {@code .npy} header: the data after it is {@link #count()} elements of {@link #descr()} in C order.
   *
   * @param descr NumPy's dtype string, e.g. {@code |u1}, {@code <f4}, {@code >i8}
   * @param shape the dimensions, outermost first (empty for a scalar)
   */
  public record Header(String descr, long[] shape) {
    /** @return the number of elements, the product of the shape */
    public long count() {
      long n = 1;
      for (long d : shape) n *= d;
      return n;
    }

    /** @return the dtype's kind: {@code f} float, {@code i} signed, {@code u} unsigned integer, {@code b} bool, ... */
    public char kind() {
      Matcher m = DESCR.matcher(descr);
      return m.matches() ? m.group(2).charAt(0) : '?';
    }

    /** @return bytes per element, or 0 if the dtype string is not of the form {@code <kind><bytes>} */
    public int itemSize() {
      Matcher m = DESCR.matcher(descr);
      return m.matches() && m.group(3).length() <= 2 ? Integer.parseInt(m.group(3)) : 0;
    }

    /** @return the byte order of multi-byte elements ({@code >} big-endian, else little-endian) */
    public ByteOrder order() { return descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; }

    /** @return NumPy's name for the dtype, e.g. {@code uint8}, {@code float64}, {@code bool}, or the dtype string itself */
    public String dtype() {
      int bits = itemSize() * 8;
      return switch (kind()) {
        case 'f' -> bits == 0 ? descr : "float" + bits;
        case 'i' -> bits == 0 ? descr : "int" + bits;
        case 'u' -> bits == 0 ? descr : "uint" + bits;
        case 'b' -> "bool";
        default -> descr;
      };
    }

    /** @return the shape as NumPy prints it: {@code (60000, 28, 28)}, {@code (8,)}, {@code ()} */
    public String shapeText() { return shapeText(shape); }

    /**
     * @param shape dimensions
     * @return the shape as NumPy prints it: {@code (60000, 28, 28)}, {@code (8,)}, {@code ()}
     */
    public static String shapeText(long[] shape) {
      if (shape.length == 1) return "(" + shape[0] + ",)";
      StringBuilder s = new StringBuilder("(");
      for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
      return s.append(')').toString();
    }

    boolean isNumeric() {
      int size = itemSize();
      return switch (kind()) {
        case 'f' -> size == 4 || size == 8;
        case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
        default -> false;
      } && (size == 1 || !descr.startsWith("|"));
    }
  }

  /** The bytes are not a .npy array this reader accepts; the message names the array and the problem. */
  public static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message names the array and the problem */
    public FormatException(String message) { super(message); }
  }

  private Npy() {}

  /**
   * Writes a float32 or int64 array, little-endian, as {@code .npy} version 1.0.
   *
   * @param out where to write
   * @param a the array
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, Array a) throws IOException {
    int n = a.isFloat() ? a.floats().length : a.longs().length;
    ByteBuffer buf = ByteBuffer.allocate(n * (a.isFloat() ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    if (a.isFloat()) buf.asFloatBuffer().put(a.floats());
    else buf.asLongBuffer().put(a.longs());
    writeRaw(out, a.isFloat() ? "<f4" : "<i8", a.shape(), buf.array());
  }

  /**
   * Writes a {@code .npy} version 1.0 header for {@code descr} and {@code shape}, then {@code data} verbatim. No check
   * that the data fits the header, so that tests can write files that lie.
   *
   * @param out where to write
   * @param descr NumPy's dtype string, e.g. {@code |u1} or {@code <f8}
   * @param shape the dimensions
   * @param data the elements' bytes in C order, in the byte order {@code descr} names
   * @throws IOException if writing fails
   */
  public static void writeRaw(OutputStream out, String descr, long[] shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + Header.shapeText(shape) + ", }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    out.write(MAGIC);
    out.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    out.write(data);
  }

  /**
   * @param a a float32 or int64 array
   * @return its {@code .npy} bytes
   */
  public static byte[] bytes(Array a) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(out, a);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e); // in-memory
    }
  }

  /**
   * Reads a little-endian float32 or int64 array, strictly (the checkpoints' reader).
   *
   * @param in the entry's bytes
   * @param name for messages
   * @param maxElements refuse arrays larger than this (protects against a header promising terabytes)
   * @return the array
   * @throws FormatException with a message naming {@code name} if the data is not a float32 or int64 C-order array
   * @throws IOException if the stream cannot be read
   */
  public static Array read(InputStream in, String name, long maxElements) throws IOException {
    Header h = readHeader(in, name, maxElements);
    boolean isFloat = h.descr().equals("<f4");
    if (!isFloat && !h.descr().equals("<i8"))
      throw new FormatException(name + " has dtype " + h.descr() + "; expected <f4 (float32) or <i8 (int64)");
    return isFloat ? Array.of(h.shape(), readFloats(in, h, name)) : Array.of(h.shape(), readLongs(in, h, name));
  }

  /**
   * Reads a {@code .npy} preamble and header of any dtype.
   *
   * @param in the entry's bytes, positioned at its start
   * @param name for messages
   * @param maxElements refuse arrays larger than this
   * @return the header; {@code in} is left at the first data byte
   * @throws FormatException naming {@code name} if the header is malformed, in Fortran order, of a shape that is
   *     invalid or larger than {@code maxElements}, or of elements too many for one Java array
   * @throws IOException if the stream cannot be read
   */
  public static Header readHeader(InputStream in, String name, long maxElements) throws IOException {
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
    if (m.group(2).equals("True")) throw new FormatException(name + " is in Fortran order; only C order is read");
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
    if (count > Integer.MAX_VALUE - 8)
      throw new FormatException(name + " has " + Arrays.toString(shape) + " elements, more than one array can hold");
    return new Header(m.group(1), shape);
  }

  /**
   * Decodes the data after {@code h} as floats: float32 as it is, float64 rounded to the nearest float, integers
   * converted (exactly up to 2^24). Checks that the stream ends exactly after the data.
   *
   * @param in the stream after {@link #readHeader}
   * @param h the header
   * @param name for messages
   * @return the {@code h.count()} values in C order
   * @throws FormatException naming {@code name} if the dtype is not numeric, or the data is short or too long
   * @throws IOException if the stream cannot be read
   */
  public static float[] readFloats(InputStream in, Header h, String name) throws IOException {
    Decoded d = decode(in, h, name, true);
    return d.floats;
  }

  /**
   * Decodes the data after {@code h} as longs: integer dtypes only (uint64 values above 2^63 - 1 are refused).
   * Checks that the stream ends exactly after the data.
   *
   * @param in the stream after {@link #readHeader}
   * @param h the header
   * @param name for messages
   * @return the {@code h.count()} values in C order
   * @throws FormatException naming {@code name} if the dtype is not an integer type, a value does not fit a long, or
   *     the data is short or too long
   * @throws IOException if the stream cannot be read
   */
  public static long[] readLongs(InputStream in, Header h, String name) throws IOException {
    if (h.kind() != 'i' && h.kind() != 'u' || !h.isNumeric())
      throw new FormatException(name + " has dtype " + h.dtype() + "; expected an integer dtype");
    return decode(in, h, name, false).longs;
  }

  /** The decoded values: exactly one array is set, of the header's count. */
  private record Decoded(float[] floats, long[] longs) {}

  private static Decoded decode(InputStream in, Header h, String name, boolean asFloats) throws IOException {
    if (!h.isNumeric()) throw new FormatException(name + " has dtype " + h.dtype() + "; expected a numeric dtype");
    int count = (int) h.count(), size = h.itemSize();
    char kind = h.kind(); // parsed once: not per element
    long needBytes = (long) count * size;
    float[] floats = asFloats ? new float[Math.min(count, INITIAL_CAPACITY)] : null;
    long[] longs = asFloats ? null : new long[Math.min(count, INITIAL_CAPACITY)];
    byte[] buf = new byte[CHUNK - CHUNK % size];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order());
    int done = 0;
    while (done < count) {
      int want = (int) Math.min(buf.length, (long) (count - done) * size);
      int got = in.readNBytes(buf, 0, want);
      if (got < want) {
        throw new FormatException(name + " is truncated: shape " + Arrays.toString(h.shape()) + " needs " + needBytes
            + " bytes of data, found " + ((long) done * size + got));
      }
      int n = got / size;
      if (asFloats && done + n > floats.length) floats = Arrays.copyOf(floats, (int) Math.min(count, Math.max(done + n, 2L * floats.length)));
      if (!asFloats && done + n > longs.length) longs = Arrays.copyOf(longs, (int) Math.min(count, Math.max(done + n, 2L * longs.length)));
      for (int k = 0; k < n; k++) {
        int at = k * size;
        if (asFloats) {
          float f = floatAt(bb, at, kind, size);
          if (Float.isInfinite(f) && kind == 'f' && size == 8 && Double.isFinite(bb.getDouble(at)))
            throw new FormatException(name + " value " + (done + k) + " is " + bb.getDouble(at) + ", out of float32 range (magnitudes"
                + " up to 3.4e38); scale the data down");
          floats[done + k] = f;
        } else {
          long v = longAt(bb, at, kind, size);
          if (kind == 'u' && size == 8 && v < 0)
            throw new FormatException(name + " value " + (done + k) + " is " + Long.toUnsignedString(v) + ", larger than a long holds");
          longs[done + k] = v;
        }
      }
      done += n;
    }
    if (in.read() != -1) throw new FormatException(name + " has data beyond its shape " + Arrays.toString(h.shape()));
    return new Decoded(floats, longs);
  }

  private static float floatAt(ByteBuffer bb, int at, char kind, int size) {
    if (kind == 'f') return size == 4 ? bb.getFloat(at) : (float) bb.getDouble(at);
    long v = longAt(bb, at, kind, size);
    return kind == 'u' && size == 8 && v < 0 ? (float) (v >>> 1) * 2f : (float) v;
  }

  private static long longAt(ByteBuffer bb, int at, char kind, int size) {
    boolean signed = kind == 'i';
    return switch (size) {
      case 1 -> signed ? bb.get(at) : bb.get(at) & 0xffL;
      case 2 -> signed ? bb.getShort(at) : bb.getShort(at) & 0xffffL;
      case 4 -> signed ? bb.getInt(at) : bb.getInt(at) & 0xffffffffL;
      default -> bb.getLong(at);
    };
  }
}
