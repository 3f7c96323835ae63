package tfvae.runtime;

import org.tensorflow.types.TFloat32;
import tfvae.data.Images;

/**
 * The chunked-query loop of every per-image query: the images in runs of a given number of rows, each fed as one
 * tensor, under the model's lock (a closed model refuses). Chunk boundaries are part of the results' definition where
 * noise is drawn per chunk ({@link Noise#evaluation}).
 */
final class ImageChunks {
  /** Rows per query run: bounds the native memory of one call. */
  static final int CHUNK = 1000;

  /** One chunk of a query over images: rows {@code from..to-1} as the tensor {@code x}, the chunk's 0-based index. */
  @FunctionalInterface
  interface Body {
    void run(TFloat32 x, int from, int to, int chunk);
  }

  private final int dataDim;
  private final GridKernels.Guard guard;

  /** @param guard runs a body under the model's read lock, refusing once the model is closed */
  ImageChunks(int dataDim, GridKernels.Guard guard) {
    this.dataDim = dataDim;
    this.guard = guard;
  }

  /** Runs {@code body} on {@code images} in runs of {@code rows}, chunk by chunk, in order, under the guard. */
  void forEach(Images images, int rows, Body body) {
    guard.run(() -> {
      for (int from = 0, chunk = 0; from < images.count(); from += rows, chunk++) {
        int to = Math.min(images.count(), from + rows);
        try (TFloat32 x = Tensors.matrix(images.slice(from, to).pixels(), to - from, dataDim)) {
          body.run(x, from, to, chunk);
        }
      }
      return null;
    });
  }

  /** Copies a run's float results into {@code out} from row {@code from} on, widened to double. */
  static void copyInto(double[] out, int from, TFloat32 values) {
    float[] v = Tensors.flat(values);
    for (int i = 0; i < v.length; i++) out[from + i] = v[i];
  }
}
