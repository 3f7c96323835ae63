package tfvae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {
  private static byte[] raw(String descr, long[] shape, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.writeRaw(out, descr, shape, data);
    return out.toByteArray();
  }

  @Test void float32AndInt64ArraysRoundTripThroughTheStrictReader() throws IOException {
    float[] f = {1.5f, -0f, Float.MIN_VALUE, -3e38f, 7f, 0.1f};
    long[] l = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};

    Npy.Array a = Npy.read(new ByteArrayInputStream(Npy.bytes(Npy.Array.of(new long[] {2, 3}, f))), "a", 100);
    Npy.Array b = Npy.read(new ByteArrayInputStream(Npy.bytes(Npy.Array.of(new long[] {4}, l))), "b", 100);

    assertThat(a.shape()).containsExactly(2, 3);
    assertThat(a.floats()).containsExactly(f);
    assertThat(a.dtype()).isEqualTo("float32");
    assertThat(b.longs()).containsExactly(l);
    assertThat(b.dtype()).isEqualTo("int64");
  }

  @Test void theHeaderIsPaddedTo64BytesAsNumpyWritesIt() throws IOException {
    byte[] npy = raw("|u1", new long[] {3, 28, 28}, new byte[0]);

    assertThat(npy.length % 64).isZero();
    String header = new String(npy, 10, npy.length - 10, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 28, 28), }").endsWith(" \n");
    assertThat(new String(raw("<f4", new long[] {8}, new byte[0]), StandardCharsets.US_ASCII)).contains("'shape': (8,), }");
    assertThat(new String(raw("<i8", new long[0], new byte[0]), StandardCharsets.US_ASCII)).contains("'shape': (), }");
  }

  @Test void theStrictReaderRefusesOtherDtypesNamingThem() throws IOException {
    byte[] f8 = raw("<f8", new long[] {1}, new byte[8]);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(f8), "w", 10)).isInstanceOf(Npy.FormatException.class)
        .hasMessage("w has dtype <f8; expected <f4 (float32) or <i8 (int64)");
  }

  @Test void integersOfEverySizeAndByteOrderAreDecodedAsFloatsAndLongs() throws IOException {
    ByteBuffer be = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) -2).putShort((short) 300).putShort((short) 0x7fff);
    ByteBuffer le = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(65536).putInt(Integer.MIN_VALUE);

    assertThat(longs(">i2", be.array(), 3)).containsExactly(-2, 300, 0x7fff);
    assertThat(longs("<u4", le.array(), 3)).containsExactly(0xffffffffL, 65536, 0x80000000L);
    assertThat(longs("<i4", le.array(), 3)).containsExactly(-1, 65536, Integer.MIN_VALUE);
    assertThat(longs("|u1", new byte[] {(byte) 255, 0}, 2)).containsExactly(255, 0);
    assertThat(longs("|i1", new byte[] {(byte) 255, 0}, 2)).containsExactly(-1, 0);
    byte[] npy = raw(">i2", new long[] {3}, be.array());
    java.io.InputStream in = new ByteArrayInputStream(npy);
    assertThat(Npy.readFloats(in, Npy.readHeader(in, "x", 10), "x")).containsExactly(-2f, 300f, 32767f);
  }

  @Test void uint64BeyondALongAndFloatsAsLabelsAreRefused() throws IOException {
    byte[] big = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
    assertThatThrownBy(() -> longs("<u8", big, 1)).isInstanceOf(Npy.FormatException.class)
        .hasMessage("y value 0 is 18446744073709551615, larger than a long holds");
    assertThatThrownBy(() -> longs("<f4", new byte[4], 1)).isInstanceOf(Npy.FormatException.class)
        .hasMessage("y has dtype float32; expected an integer dtype");
    assertThatThrownBy(() -> longs("<U3", new byte[12], 1)).isInstanceOf(Npy.FormatException.class)
        .hasMessage("y has dtype <U3; expected an integer dtype");
  }

  @Test void aHeaderPromisingMoreThanTheLimitIsRefusedBeforeAnyData() throws IOException {
    byte[] npy = raw("<f4", new long[] {1L << 20, 1L << 20}, new byte[0]);

    assertThatThrownBy(() -> Npy.readHeader(new ByteArrayInputStream(npy), "x", Integer.MAX_VALUE))
        .isInstanceOf(Npy.FormatException.class)
        .hasMessage("x has [1048576, 1048576] elements, more than the 2147483647 allowed");
  }

  @Test void aVersion2HeaderIsRead() throws IOException {
    byte[] v1 = raw("<f4", new long[] {2}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f).array());
    int headerLen = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
    ByteArrayOutputStream v2 = new ByteArrayOutputStream();
    v2.write(v1, 0, 6);
    v2.write(new byte[] {2, 0, (byte) headerLen, (byte) (headerLen >> 8), 0, 0});
    v2.write(v1, 10, v1.length - 10);

    assertThat(Npy.read(new ByteArrayInputStream(v2.toByteArray()), "v2", 10).floats()).containsExactly(1f, 2f);
  }

  private static long[] longs(String descr, byte[] data, long n) throws IOException {
    java.io.InputStream in = new ByteArrayInputStream(raw(descr, new long[] {n}, data));
    return Npy.readLongs(in, Npy.readHeader(in, "y", 100), "y");
  }
}
