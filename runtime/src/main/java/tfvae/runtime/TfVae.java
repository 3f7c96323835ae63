package tfvae.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.BadDataException;
import tfvae.Device;
import tfvae.Encoding;
import tfvae.EpochStats;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.InvalidConfigException;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.Vae;
import tfvae.Imputation;
import tfvae.RowScores;
import tfvae.ScoreOptions;
import tfvae.internal.Check;
import tfvae.data.Images;
import tfvae.internal.Npy;

/**
 * The TensorFlow-backed model: owns one {@link Graph} and one {@link Session}, closed together by {@link #close()}.
 * Queries may run from many threads at once (TensorFlow sessions are thread-safe); {@link #close()} waits for
 * running calls, and later calls throw {@link IllegalStateException}.
 */
final class TfVae implements TrainedVae {
  /** Rows per query run: bounds the native memory of one call. */
  static final int CHUNK = ImageChunks.CHUNK;
  /** Keeps evaluation noise apart from the training noise, which uses {seed, step}; see {@link Noise}. */
  static final long EVAL_SALT = Noise.EVAL_SALT;
  /** Prior draws per run of {@link #samplePrior}: the draws of a larger n come in parts of this many, each seeded apart. */
  static final int PRIOR_ROWS = 1 << 20;

  private final Vae spec;
  private final Device device;
  private final Graph graph;
  private final Session session;
  private final VaeGraph g;
  private final GridKernels grid;
  private final ImageChunks chunks;
  private final ImportanceWeighting iw;
  private final RowQueries rowQueries;
  private final Inputs check;
  private final List<EpochStats> history = Collections.synchronizedList(new ArrayList<>());
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;
  /** What the parameters were trained with; null before training (or from an older checkpoint). */
  private volatile @Nullable TrainingRecord training;

  /** A model with the spec's initial parameters, on the CPU. */
  TfVae(Vae spec) { this(spec, Device.CPU); }

  /** A model with the spec's initial parameters; its graph is placed on {@code device} and its session opened there. */
  TfVae(Vae spec, Device device) {
    if (spec.dataDim() == Vae.FROM_DATA) throw new IllegalArgumentException("the spec's dataDim must be resolved first (Vae.resolvedFor)");
    MemoryBudget.checkModel(spec); // before any native memory is taken
    this.spec = spec;
    this.device = device;
    this.check = new Inputs(spec);
    this.graph = new Graph();
    Session s = null;
    try {
      this.g = new VaeGraph(graph, spec, Sessions.ops(graph, device));
      s = Sessions.open(graph, device);
      s.initialize();
    } catch (RuntimeException e) {
      if (s != null) s.close();
      graph.close();
      throw e;
    }
    this.session = s;
    this.grid = new GridKernels(spec, session, g, this::query);
    this.chunks = new ImageChunks(spec.dataDim() + spec.conditionDims(), this::query);
    this.iw = new ImportanceWeighting(session, g, chunks);
    this.rowQueries = new RowQueries(spec, session, g, check, this::query);
  }

  @Override public Vae spec() { return spec; }

  @Override public List<EpochStats> history() { return List.copyOf(history); }

  @Override public @Nullable TrainingRecord training() { return training; }

  @Override public Encoding encode(Images images) {
    images = check.rows("images", images, false);
    float[][] mean = new float[images.count()][], logStd = new float[images.count()][];
    chunks.forEach(images, CHUNK, (x, from, to, chunk) -> {
      try (Result r = session.runner().feed(g.x, x).fetch(g.mean).fetch(g.logStd).run()) {
        System.arraycopy(Tensors.rows((TFloat32) r.get(0)), 0, mean, from, to - from);
        System.arraycopy(Tensors.rows((TFloat32) r.get(1)), 0, logStd, from, to - from);
      }
    });
    return new Encoding(mean, logStd);
  }

  @Override public float[][] decodeLogits(float[][] z) {
    check.imagesOnly("decodeLogits");
    check.unconditional("decodeLogits");
    if (spec.likelihood() == tfvae.Likelihood.GAUSSIAN)
      throw new InvalidConfigException("the gaussian likelihood has no logits: its decoder gives means and log standard deviations; use decodeMeans(z)");
    return decode(z, null, g.logits, 0);
  }

  @Override public RowScores score(float[][] rows, ScoreOptions options) { return rowQueries.score(rows, Check.notNull("options", options)); }

  @Override public Imputation impute(float[][] rows, ScoreOptions options) { return rowQueries.impute(rows, Check.notNull("options", options)); }

  @Override public float[][] encodeRows(float[][] rows) { return rowQueries.encodeRows(rows); }

  @Override public float[][] sampleRows(int n, long seed) { return rowQueries.sampleRows(n, seed); }

  @Override public float[][] decodeMeans(float[][] z) { return decode(z, null, g.probs, 0); }

  @Override public float[][] sampleImages(float[][] z, long seed) {
    check.imagesOnly("sampleImages");
    return decode(z, null, g.sampled, seed);
  }

  @Override public float[][] decodeMeans(float[][] z, float[][] condition) { return decode(z, check.condition(z, condition), g.probs, 0); }

  @Override public float[][] sampleImages(float[][] z, float[][] condition, long seed) { return decode(z, check.condition(z, condition), g.sampled, seed); }

  private float[][] decode(float[][] z, float @Nullable [][] condition, org.tensorflow.Operand<TFloat32> head, long seed) {
    check.points("z", z);
    if (condition == null) check.unconditionalDecoder();
    MemoryBudget.checkRows("decoding " + z.length + " points", z.length, spec.dataDim());
    return query(() -> {
      try (TFloat32 in = Tensors.matrix(z, spec.latent()); TInt64 s = Noise.decode(seed);
           TFloat32 c = condition == null ? null : Tensors.matrix(condition, spec.conditionDims())) {
        org.tensorflow.Session.Runner runner = session.runner().feed(g.z, in).feed(g.seed, s);
        try (Result r = (c == null ? runner : runner.feed(g.condition, c)).fetch(head).run()) {
          return Tensors.rows((TFloat32) r.get(0));
        }
      }
    });
  }

  @Override public double[] elboPerImage(Images images, long seed) {
    images = check.rows("images", images, true);
    double[] out = new double[images.count()];
    chunks.forEach(images, CHUNK, (x, from, to, chunk) -> {
      try (TInt64 s = Noise.evaluation(seed, chunk);
           Result r = session.runner().feed(g.x, x).feed(g.seed, s).fetch(g.elbo).run()) {
        ImageChunks.copyInto(out, from, (TFloat32) r.get(0));
      }
    });
    return out;
  }

  @Override public float[][] samplePrior(int n, long seed) {
    if (n < 0) throw new InvalidConfigException("n must be at least 0, got " + n);
    MemoryBudget.checkRows("samplePrior(" + n + ")", n, spec.latent());
    return query(() -> {
      float[][] out = new float[n][];
      for (int from = 0, part = 0; from < n || part == 0; from += PRIOR_ROWS, part++) { // n = 0: one run of 0 rows
        int rows = Math.min(PRIOR_ROWS, n - from);
        try (TInt64 shape = TInt64.vectorOf(rows, spec.latent()); TInt64 s = Noise.prior(seed, part);
             Result r = session.runner().feed(g.priorShape, shape).feed(g.seed, s).fetch(g.prior).run()) {
          System.arraycopy(Tensors.rows((TFloat32) r.get(0)), 0, out, from, rows);
        }
      }
      return out;
    });
  }

  @Override public float[][] sampleGaussian(float[] mean, float[] logStd, int n, long seed) {
    check.latent("mean", mean);
    check.latent("logStd", logStd);
    if (n < 0) throw new InvalidConfigException("n must be at least 0, got " + n);
    return query(() -> {
      try (TFloat32 m = Tensors.matrix(mean, 1, spec.latent()); TFloat32 s = Tensors.matrix(logStd, 1, spec.latent());
           TInt64 shape = TInt64.vectorOf(n, spec.latent()); TInt64 sd = Noise.gaussian(seed);
           Result r = session.runner().feed(g.qMean, m).feed(g.qLogStd, s).feed(g.priorShape, shape).feed(g.seed, sd)
               .fetch(g.qSample).run()) {
        return Tensors.rows((TFloat32) r.get(0));
      }
    });
  }

  @Override public double[] logJointObserved(float[] example, Mask mask, float[][] z) {
    check.unconditional("logJointObserved");
    float[] observed = check.observed(example, mask);
    check.points("z", z);
    float[] flat = new float[z.length * spec.latent()];
    for (int i = 0; i < z.length; i++) System.arraycopy(z[i], 0, flat, i * spec.latent(), spec.latent());
    return grid.logJoint(observed, 1, mask.observed(), flat)[0];
  }

  @Override public double[][] logJoint(Images examples, float[][][] z) {
    examples = check.rows("examples", examples, true);
    int n = examples.count(), d = spec.latent();
    if (z.length != n) throw new BadDataException("z has points for " + z.length + " examples, not the " + n + " given");
    int p = n == 0 ? 0 : z[0].length;
    for (int i = 0; i < n; i++) {
      if (z[i].length != p) throw new BadDataException("z[" + i + "] has " + z[i].length + " points, not " + p + " like z[0]");
      for (int k = 0; k < p; k++) check.latent("z[" + i + "] point " + k, z[i][k]);
    }
    double[][] out = new double[n][p];
    if (p == 0) return out;
    chunks.forEach(examples, Math.max(1, Math.min(CHUNK, ImportanceWeighting.IW_ROWS / p)), (x, from, to, chunk) -> {
      float[] flat = new float[(to - from) * p * d];
      for (int i = from; i < to; i++) for (int k = 0; k < p; k++) System.arraycopy(z[i][k], 0, flat, ((i - from) * p + k) * d, d);
      try (TFloat32 zt = Tensors.matrix(flat, (to - from) * p, d); TInt64 pt = TInt64.scalarOf(p);
           Result r = session.runner().feed(g.x, x).feed(g.z, zt).feed(g.pointsPerRow, pt).fetch(g.pairedJoint).run()) {
        float[] v = Tensors.flat((TFloat32) r.get(0));
        for (int i = 0; i < to - from; i++) for (int k = 0; k < p; k++) out[from + i][k] = v[i * p + k];
      }
    });
    return out;
  }

  @Override public PosteriorFit fitPosterior(float[] example, Mask mask, SviOptions options) {
    check.unconditional("fitPosterior");
    float[] observed = check.observed(example, mask);
    return Svi.fit(spec, device, variables(), observed, mask.observed(), options);
  }

  @Override public List<PosteriorFit> fitPosteriors(Images images, @Nullable Encoding start, SviOptions options) {
    check.imagesOnly("fitPosteriors");
    check.unconditional("fitPosteriors");
    check.dim("images", images);
    check.values("images", images);
    if (start != null && start.mean().length != images.count())
      throw new BadDataException("start has " + start.mean().length + " rows for " + images.count() + " images");
    return BatchedSvi.fit(spec, device, variables(), images.pixels(), images.count(), start == null ? null : start.mean(),
        start == null ? null : start.logStd(), options);
  }

  @Override public GridPosterior exactPosterior(float[] example, Mask mask, @Nullable PosteriorFit q) {
    check.latent2("exactPosterior");
    check.unconditional("exactPosterior");
    return Quadrature.posterior(grid, check.observed(example, mask), mask.observed(), q);
  }

  @Override public Evidence logEvidence(Images examples, Mask mask, double tolerance) {
    check.latent2("logEvidence");
    check.mask(mask);
    Images x = check.rows("examples", examples, false);                         // checks the examples (and their condition)
    if (!(tolerance > 0)) throw new InvalidConfigException("tolerance must be positive, got " + tolerance);
    if (spec.condition() != null) {
      x = spec.condition().pixels(examples, spec.dataDim());
      return ConditionalEvidence.of(grid, spec.condition().values(examples, spec.dataDim()), check.observed(x, mask), mask.observed(), tolerance);
    }
    return Quadrature.evidence(grid, check.observed(examples, mask), examples.count(), mask.observed(), tolerance);
  }

  @Override public double[] importanceWeighted(Images images, int k, long seed) {
    images = check.rows("images", images, true);
    if (k < 1) throw new InvalidConfigException("k must be at least 1, got " + k);
    return iw.estimate(images, k, seed);
  }

  /** Trains on {@code train} for {@code o.epochs()} more epochs, continuing from the current parameters, Adam state and step. */
  void fit(Images train, @Nullable Images test, TrainOptions o) { fit(train, test, o, history.size() + o.epochs(), null); }

  /**
   * Trains until the history has {@code total} epochs, continuing from the current parameters, Adam state and step.
   * Which epochs evaluate the test set and write the checkpoint depends only on the epoch number and {@code total},
   * so a run resumed from a checkpoint records what an unbroken one does. Training holds the model's write lock:
   * queries from other threads wait for it to end.
   *
   * <p>Where checkpoints go: a run never replaces a checkpoint it did not start from before its last epoch. Per-epoch
   * checkpoints go to {@code from} when it is the target or the target's partial file (the run started there),
   * else to the target when there is none yet, else to the partial file beside it; after the last epoch the model
   * is saved to the target and the partial file is deleted.
   *
   * @param from the checkpoint this run was loaded from, or null for a run from the initial parameters
   */
  void fit(Images train, @Nullable Images test, TrainOptions o, int total, @Nullable Path from) {
    Images trainRows = check.rows("training images", train, true), testRows = test == null ? null : check.rows("test images", test, true);
    int n = train.count(), batch = o.batchSize();
    if (batch > n)
      throw new InvalidConfigException("batchSize " + batch + " is larger than the " + n + " training images; lower batchSize or pass more data");
    int perEpoch = n / batch, todo = total - history.size();
    if (todo <= 0) return;
    TrainingRecord record = TrainingRecord.of(o, trainRows, testRows);   // a conditional model's data are its rows [x | c]
    exclusive(() -> {
      training = record;
      TrainingLoop.run(session, g, spec, new TrainingLoop.Model() {
        @Override public int epochs() { return history.size(); }

        @Override public long step() { return TfVae.this.step(); }

        @Override public TrainedVae model() { return TfVae.this; }

        @Override public void append(EpochStats stats) { history.add(stats); }

        @Override public void replaceLast(EpochStats stats) { history.set(history.size() - 1, stats); }

        @Override public void save(Path file) { TfVae.this.save(file); }
      }, trainRows, test, o, total, from);
    });
  }

  /** @return the global Adam step (the number of updates taken) */
  long step() {
    return query(() -> {
      try (Result r = session.runner().fetch(g.adam.step()).run()) {
        return ((TInt64) r.get(0)).getLong();
      }
    });
  }

  @Override public void save(Path file) { MemoryBudget.heapBound(() -> Checkpoint.write(file, spec, training, history(), variables())); }

  @Override public void exportNpz(Path file) {
    MemoryBudget.heapBound(() -> NpzExport.write(file, spec, g.net.params(), variables()));
  }

  @Override public void exportSavedModel(Path dir) {
    check.unconditional("exportSavedModel");
    MemoryBudget.heapBound(() -> SavedModels.export(spec, variables(), dir)); }

  /** @return every saved variable's value (parameters, Adam state, step), keyed by checkpoint name */
  Map<String, Npy.Array> variables() { return query(() -> SavedVariables.fetch(session, g)); }

  /** Assigns every variable from a checkpoint already read and checked by {@link Checkpoint#read}: it only feeds tensors. */
  void restore(Path file, Checkpoint.Contents c) {
    query(() -> {
      SavedVariables.assign(session, g, c);
      return null;
    });
    history.clear();
    for (tfvae.internal.EpochJson h : c.meta().history()) history.add(h.toStats());
    training = c.training();
  }

  @Override public void close() {
    if (lock.isWriteLockedByCurrentThread()) // only training holds it: a probe (or listener) closing the model it measures
      throw new IllegalStateException("close() was called while this model trains; an EpochProbe must not close the model it measures");
    Lock w = lock.writeLock();
    w.lock();
    try {
      if (closed) return;
      closed = true;
      session.close();
      graph.close();
    } finally {
      w.unlock();
    }
  }

  @Override public String toString() {
    return "TfVae[" + spec + ", " + device + ", " + history.size() + " epochs" + (closed ? ", closed" : "") + "]";
  }

  /** @return the grid kernels of {@link Quadrature}, run on this model's session under its lock */
  GridKernels grid() { return grid; }

  /** Runs {@code body} holding the write lock: no query runs meanwhile, and a closed model refuses. */
  private void exclusive(Runnable body) {
    Lock w = lock.writeLock();
    w.lock();
    try {
      if (closed) throw new IllegalStateException("this model was closed; load it again with Vae.load(path)");
      body.run();
    } catch (OutOfMemoryError | TFResourceExhaustedException e) {
      throw MemoryBudget.outOfMemory(e);
    } finally {
      w.unlock();
    }
  }

  private <T> T query(Supplier<T> body) {
    Lock r = lock.readLock();
    r.lock();
    try {
      if (closed) throw new IllegalStateException("this model was closed; load it again with Vae.load(path)");
      return body.get();
    } catch (OutOfMemoryError | TFResourceExhaustedException e) {
      throw MemoryBudget.outOfMemory(e);
    } finally {
      r.unlock();
    }
  }
}
