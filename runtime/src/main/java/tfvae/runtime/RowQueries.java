package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.BadDataException;
import tfvae.Imputation;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.RowScores;
import tfvae.Schema;
import tfvae.ScoreOptions;
import tfvae.Vae;
import tfvae.data.Images;

/**
 * Per-row results for many rows at once ({@code score}, {@code impute}, {@code encodeRows}, {@code sampleRows}),
 * batched and amortized: importance weighting with the encoder's q(z|x_obs) as the proposal. Purity: a row's k draws
 * eps come from a Java stream seeded by (seed, a hash of the row's own values), and the weights are combined per row
 * in double precision in Java, so a row's numbers do not depend on the other rows, its position or the thread count
 * (up to the float rounding of the batched matrix products, which TensorFlow may block differently for other batch
 * sizes).
 */
final class RowQueries {
  /** Decoded values per run (draws x rows x output values), at most: bounds one run's native memory. */
  static final long VALUES_PER_RUN = 8_000_000;
  /** Keeps the row streams apart from every other stream of {@link Noise}. */
  static final long ROW_SALT = 0x5DEECE66DL;

  private final Vae spec;
  private final Session session;
  private final VaeGraph g;
  private final Inputs check;
  private final GridKernels.Guard guard;
  private final Schema schema;

  RowQueries(Vae spec, Session session, VaeGraph g, Inputs check, GridKernels.Guard guard) {
    this.spec = spec;
    this.session = session;
    this.g = g;
    this.check = check;
    this.guard = guard;
    this.schema = spec.schema();
  }

  /** @return the rows, checked: a table's against its schema (NaN missing), an image model's against its likelihood */
  private float[][] checked(String what, float[][] rows) {
    if (rows == null) throw new BadDataException(what + " are null; pass rows of " + spec.dataDim() + " values");
    for (int i = 0; i < rows.length; i++)
      if (rows[i] == null || rows[i].length != spec.dataDim())
        throw new BadDataException(what + ": row " + i + " has " + (rows[i] == null ? 0 : rows[i].length) + " values; the model's rows have "
            + spec.dataDim() + (schema == null ? "" : " (the schema's encoded width)"));
    if (rows.length == 0) return rows;
    if (schema != null) schema.check(what, rows);
    else check.values(what, Images.vectors(rows));
    return rows;
  }

  /** The k weighted draws of each row of a chunk: per draw, its log weight and (tables) its per-column log-likelihoods. */
  private record Draws(int n, int k, double[][] logW, float[] columns, float[] params) {}

  private Draws draw(float[][] rows, int from, int to, ScoreOptions o, boolean params) {
    int n = to - from, k = o.k(), z = spec.latent(), d = spec.dataDim();
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) System.arraycopy(rows[from + i], 0, flat, i * d, d);
    try (TFloat32 x = Tensors.matrix(flat, n, d)) {
      float[] mean, logStd;
      try (Result r = session.runner().feed(g.x, x).fetch(g.mean).fetch(g.logStd).run()) {
        mean = Tensors.flat((TFloat32) r.get(0));
        logStd = Tensors.flat((TFloat32) r.get(1));
      }
      float[] points = new float[n * k * z];
      double[][] logW = new double[n][k];
      for (int i = 0; i < n; i++) {
        SplittableRandom rng = new SplittableRandom(Noise.mix(o.seed() + ROW_SALT, hash(rows[from + i])));
        for (int j = 0; j < k; j++) {
          double prior = 0, q = 0;
          for (int a = 0; a < z; a++) {
            double eps = rng.nextGaussian();
            float zv = (float) (mean[i * z + a] + Math.exp(logStd[i * z + a]) * eps);
            points[(i * k + j) * z + a] = zv;
            prior += -0.5 * zv * zv - Densities.HALF_LOG_2PI;
            q += -0.5 * eps * eps - logStd[i * z + a] - Densities.HALF_LOG_2PI;
          }
          logW[i][j] = (schema == null ? 0 : prior) - q;
        }
      }
      try (TFloat32 zt = Tensors.matrix(points, n * k, z); TInt64 pt = TInt64.scalarOf(k)) {
        var runner = session.runner().feed(g.x, x).feed(g.z, zt).feed(g.pointsPerRow, pt).fetch(schema == null ? g.pairedJoint : g.rowColumns);
        if (params) runner.fetch(g.probs);
        try (Result r = runner.run()) {
          float[] v = Tensors.flat((TFloat32) r.get(0));
          float[] cols = null;
          if (schema == null) {
            for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) logW[i][j] += v[i * k + j];       // log p(x, z) from the graph
          } else {
            int c = schema.columns().size();
            for (int i = 0; i < n; i++)
              for (int j = 0; j < k; j++) {
                double s = 0;
                for (int col = 0; col < c; col++) s += v[(i * k + j) * c + col];
                logW[i][j] += s;
              }
            cols = v;
          }
          return new Draws(n, k, logW, cols, params ? Tensors.flat((TFloat32) r.get(1)) : null);
        }
      }
    }
  }

  /** @return a 64-bit hash of the row's values (their float bits; every NaN alike) */
  static long hash(float[] row) {
    long h = row.length;
    for (float v : row) h = Noise.mix(h, Float.floatToIntBits(v));
    return h;
  }

  /** @return the normalized weights a_j of one row's log weights, and its log (1/k) sum exp(logW) in slot k */
  private static double[] weights(double[] logW) {
    int k = logW.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logW) max = Math.max(max, v);
    double[] a = new double[k + 1];
    if (!Double.isFinite(max)) {
      java.util.Arrays.fill(a, 0, k, 1.0 / k);
      a[k] = max;
      return a;
    }
    double sum = 0;
    for (int j = 0; j < k; j++) sum += a[j] = Math.exp(logW[j] - max);
    for (int j = 0; j < k; j++) a[j] /= sum;
    a[k] = max + Math.log(sum) - Math.log(k);
    return a;
  }

  private int rowsPerRun(int k, int width) { return (int) Math.max(1, Math.min(10_000, VALUES_PER_RUN / ((long) k * Math.max(1, width)))); }

  private List<String> names() {
    if (schema != null) return schema.names();
    return List.of();
  }

  RowScores score(float[][] rows, ScoreOptions o) {
    checked("rows", rows);
    int n = rows.length, c = schema == null ? 0 : schema.columns().size();
    double[] logPx = new double[n];
    double[][] shares = new double[n][c];
    int per = rowsPerRun(o.k(), spec.dataDim() + c);
    guard.run(() -> {
      for (int from = 0; from < n; from += per) {
        int to = Math.min(n, from + per);
        Draws d = draw(rows, from, to, o, false);
        for (int i = 0; i < d.n(); i++) {
          double[] a = weights(d.logW()[i]);
          logPx[from + i] = a[d.k()];
          if (schema == null) continue;
          for (int j = 0; j < d.k(); j++)
            for (int col = 0; col < c; col++) shares[from + i][col] += a[j] * d.columns()[(i * d.k() + j) * c + col];
        }
      }
      return null;
    });
    return new RowScores(names(), logPx, shares);
  }

  Imputation impute(float[][] rows, ScoreOptions o) {
    if (schema == null)
      throw new InvalidConfigException("impute fills the missing cells of a table model's rows; this is an image model (no schema): complete images with complete(example, mask, samples, seed)");
    checked("rows", rows);
    int n = rows.length, c = schema.columns().size(), w = TableLikelihood.outputWidth(schema);
    float[][] out = new float[n][];
    double[][] prob = new double[n][c];
    int per = rowsPerRun(o.k(), spec.dataDim() + c + w);
    guard.run(() -> {
      for (int from = 0; from < n; from += per) {
        int to = Math.min(n, from + per);
        Draws d = draw(rows, from, to, o, true);
        for (int i = 0; i < d.n(); i++) {
          double[] a = weights(d.logW()[i]);
          float[] row = rows[from + i].clone();
          java.util.Arrays.fill(prob[from + i], Double.NaN);
          int off = 0;
          for (int col = 0; col < c; col++) {
            Schema.Column cc = schema.columns().get(col);
            int cw = cc.width();
            if (Float.isNaN(row[off])) {
              double[] e = new double[cw];
              for (int j = 0; j < d.k(); j++) for (int v = 0; v < cw; v++) e[v] += a[j] * d.params()[(i * d.k() + j) * w + off + v];
              switch (cc.kind()) {
                case NUMERIC, COUNT -> row[off] = (float) e[0];
                case BINARY -> {
                  row[off] = e[0] >= 0.5 ? 1f : 0f;
                  prob[from + i][col] = Math.max(e[0], 1 - e[0]);
                }
                case CATEGORICAL -> {
                  int best = 0;
                  for (int v = 1; v < cw; v++) if (e[v] > e[best]) best = v;
                  for (int v = 0; v < cw; v++) row[off + v] = v == best ? 1f : 0f;
                  prob[from + i][col] = e[best];
                }
              }
            }
            off += cw;
          }
          out[from + i] = row;
        }
      }
      return null;
    });
    return new Imputation(out, prob);
  }

  float[][] encodeRows(float[][] rows) {
    checked("rows", rows);
    int n = rows.length, d = spec.dataDim();
    float[][] out = new float[n][];
    guard.run(() -> {
      for (int from = 0; from < n; from += TfVae.CHUNK) {
        int to = Math.min(n, from + TfVae.CHUNK);
        float[] flat = new float[(to - from) * d];
        for (int i = from; i < to; i++) System.arraycopy(rows[i], 0, flat, (i - from) * d, d);
        try (TFloat32 x = Tensors.matrix(flat, to - from, d); Result r = session.runner().feed(g.x, x).fetch(g.mean).run()) {
          System.arraycopy(Tensors.rows((TFloat32) r.get(0)), 0, out, from, to - from);
        }
      }
      return null;
    });
    return out;
  }

  float[][] sampleRows(int n, long seed) {
    if (n < 1) throw new InvalidConfigException("n must be at least 1, got " + n);
    MemoryBudget.checkRows("sampling " + n + " rows", n, spec.dataDim());
    int z = spec.latent();
    float[][] out = new float[n][];
    guard.run(() -> {
      for (int from = 0; from < n; from += TfVae.CHUNK) {
        int to = Math.min(n, from + TfVae.CHUNK);
        List<SplittableRandom> rngs = new ArrayList<>();
        float[] points = new float[(to - from) * z];
        for (int i = from; i < to; i++) {
          SplittableRandom rng = new SplittableRandom(Noise.mix(seed + ROW_SALT, -1L - i));
          for (int a = 0; a < z; a++) points[(i - from) * z + a] = (float) rng.nextGaussian();
          rngs.add(rng);
        }
        try (TFloat32 zt = Tensors.matrix(points, to - from, z); TInt64 s = Noise.decode(seed);
             Result r = session.runner().feed(g.z, zt).feed(g.seed, s).fetch(g.probs).run()) {
          float[][] params = Tensors.rows((TFloat32) r.get(0));
          for (int i = from; i < to; i++) out[i] = draw(params[i - from], rngs.get(i - from));
        }
      }
      return null;
    });
    return out;
  }

  /** @return one row drawn from p(x|z) given the decoder's params at z (tables: {@link TableLikelihood#params}) */
  private float[] draw(float[] p, SplittableRandom rng) {
    int d = spec.dataDim();
    float[] x = new float[d];
    if (schema == null) {
      if (spec.likelihood() != Likelihood.BERNOULLI)
        throw new InvalidConfigException("sampleRows draws rows of table models and Bernoulli image models; for the " + spec.likelihood()
            + " likelihood use sampleImages(samplePrior(n, seed), seed)");
      for (int v = 0; v < d; v++) x[v] = rng.nextDouble() < p[v] ? 1f : 0f;
      return x;
    }
    int off = 0, numeric = 0;
    for (Schema.Column c : schema.columns()) {
      switch (c.kind()) {
        case NUMERIC -> x[off] = (float) (p[off] + Math.exp(p[d + numeric++]) * rng.nextGaussian());
        case BINARY -> x[off] = rng.nextDouble() < p[off] ? 1f : 0f;
        case COUNT -> x[off] = poisson(p[off], rng);
        case CATEGORICAL -> {
          double u = rng.nextDouble(), cum = 0;
          int pick = c.width() - 1;
          for (int v = 0; v < c.width(); v++) {
            cum += p[off + v];
            if (u < cum) { pick = v; break; }
          }
          for (int v = 0; v < c.width(); v++) x[off + v] = v == pick ? 1f : 0f;
        }
      }
      off += c.width();
    }
    return x;
  }

  /** A Poisson draw at {@code rate}: Knuth's product of uniforms below rate 30, else the rounded normal N(rate, rate), at least 0. */
  static float poisson(double rate, SplittableRandom rng) {
    if (!(rate > 0)) return 0f;
    if (rate < 30) {
      double limit = Math.exp(-rate), prod = rng.nextDouble();
      int count = 0;
      while (prod > limit) { prod *= rng.nextDouble(); count++; }
      return count;
    }
    return (float) Math.max(0, Math.rint(rate + Math.sqrt(rate) * rng.nextGaussian()));
  }
}
