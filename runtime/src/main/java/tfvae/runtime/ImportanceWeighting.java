package tfvae.runtime;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.data.Images;

/**
 * The importance-weighted estimate of log p(x) with k draws (Burda et al. 2015) on a model's session: images in chunks
 * of at most {@link #rowsPerRun} decoded rows, or, for more draws than one run decodes, image by image in parts whose
 * estimates combine exactly. The caller checks the arguments.
 */
final class ImportanceWeighting {
  /** Decoded rows per run of the importance-weighted estimate (k draws x images), at most; fewer for wide data (see {@link #rowsPerRun}). */
  static final int IW_ROWS = 10_000;
  /** Decoded values per run of the importance-weighted estimate: IW_ROWS rows of MNIST's 784. */
  static final long IW_VALUES = 7_840_000;

  private final Session session;
  private final VaeGraph g;
  private final ImageChunks chunks;

  ImportanceWeighting(Session session, VaeGraph g, ImageChunks chunks) {
    this.session = session;
    this.g = g;
    this.chunks = chunks;
  }

  /** @return decoded rows per run of the importance-weighted estimate: {@link #IW_ROWS}, fewer for data wider than 784 values */
  static int rowsPerRun(long dataDim) { return (int) Math.max(1, Math.min(IW_ROWS, IW_VALUES / dataDim)); }

  /** @return the estimate per image with {@code k >= 1} draws, the noise of chunk c seeded by {@link Noise#evaluation} */
  double[] estimate(Images images, int k, long seed) {
    int perRun = rowsPerRun(g.net.valuesPerRow());   // dataDim, or a conv network's activations per row
    if (k > perRun) return inParts(images, k, seed, perRun);
    int rows = Math.max(1, Math.min(ImageChunks.CHUNK, perRun / k));
    double[] out = new double[images.count()];
    chunks.forEach(images, rows, (x, from, to, chunk) -> {
      try (TInt64 kt = TInt64.scalarOf(k); TInt64 s = Noise.evaluation(seed, chunk);
           Result r = session.runner().feed(g.x, x).feed(g.iwK, kt).feed(g.seed, s).fetch(g.iwLogP).run()) {
        ImageChunks.copyInto(out, from, (TFloat32) r.get(0));
      }
    });
    return out;
  }

  /**
   * More draws per image than one run decodes: image by image, the k draws in parts of at most {@code perRun}, each part
   * with its own noise (part p of image i: {@link Noise#evaluationPart}), combined exactly: log (1/k) sum over parts of
   * k_p exp(estimate_p).
   */
  private double[] inParts(Images images, int k, long seed, int perRun) {
    double[] out = new double[images.count()];
    chunks.forEach(images, 1, (x, from, to, chunk) -> {
      int parts = (k + perRun - 1) / perRun;
      double[] terms = new double[parts];
      for (int p = 0; p < parts; p++) {
        int kp = Math.min(perRun, k - p * perRun);
        try (TInt64 kt = TInt64.scalarOf(kp); TInt64 s = Noise.evaluationPart(seed, chunk, p);
             Result r = session.runner().feed(g.x, x).feed(g.iwK, kt).feed(g.seed, s).fetch(g.iwLogP).run()) {
          terms[p] = Tensors.flat((TFloat32) r.get(0))[0] + Math.log(kp);
        }
      }
      double max = Double.NEGATIVE_INFINITY, sum = 0;
      for (double t : terms) max = Math.max(max, t);
      for (double t : terms) sum += Math.exp(t - max);
      out[from] = max + Math.log(sum) - Math.log(k);
    });
    return out;
  }
}
