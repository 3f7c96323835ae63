package tfvae.runtime;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/** Copies between Java arrays and tensors. The caller owns (and closes) every tensor returned. */
final class Tensors {
  private Tensors() {}

  static TFloat32 matrix(float[] flat, int rows, int cols) {
    return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(flat, true, false));
  }

  static TFloat32 matrix(float[][] rows, int cols) {
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * cols, cols);
    return matrix(flat, rows.length, cols);
  }

  static float[] flat(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static double[] flat(TFloat64 t) {
    double[] out = new double[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static boolean[] flat(TBool t) {
    boolean[] out = new boolean[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static long[] flat(TInt64 t) {
    long[] out = new long[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  static float[][] rows(TFloat32 t) {
    int n = (int) t.shape().get(0), d = (int) t.shape().get(1);
    float[] flat = flat(t);
    float[][] out = new float[n][d];
    for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
    return out;
  }

  static TInt64 seed(long a, long b) { return TInt64.vectorOf(a, b); }
}
