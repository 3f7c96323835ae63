package tfvae.runtime;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import java.util.SplittableRandom;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import java.util.Map;
import tfvae.EpochProbe;
import tfvae.EpochStats;
import tfvae.TrainedVae;
import tfvae.TrainOptions;
import tfvae.TrainingDivergedException;
import tfvae.Vae;
import tfvae.data.Images;

/**
 * The training loop: the training set loaded into the graph's data variable, then epochs of Adam steps (each epoch
 * first sets the order its batches are drawn in), each followed by the test ELBO and a checkpoint when {@link #due}
 * says so (and, between them, the options' {@link EpochProbe} when it says so), and the data variables emptied at
 * the end. Its caller validates the data and holds the model's write lock.
 */
final class TrainingLoop {
  /** What the loop needs of the model it trains. */
  interface Model {
    /** @return the epochs trained so far */
    int epochs();

    /** @return Adam's global step */
    long step();

    /** @return the model itself, for the test ELBO and the probe's queries (on this thread, under the write lock) */
    TrainedVae model();

    /** Records a finished epoch. */
    void append(EpochStats stats);

    /** Replaces the last epoch's record (with its measures). */
    void replaceLast(EpochStats stats);

    /** Writes the model's checkpoint. */
    void save(Path file);
  }

  private TrainingLoop() {}

  /**
   * The one schedule rule of training: an every-N-epochs task (the test ELBO, a checkpoint) is due at every N-th
   * epoch and always at the last one (N = 0: only at the last). It depends only on the epoch number and the total,
   * so a resumed run does what an unbroken one does.
   */
  static boolean due(int epoch, int total, int every) { return epoch == total || (every > 0 && epoch % every == 0); }

  /**
   * Trains until the model has {@code total} epochs. Checkpoints go where {@link CheckpointTarget#perEpoch} says,
   * and the last one to {@code o.checkpoint()}.
   */
  static void run(Session session, VaeGraph g, Vae spec, Model model, Images train, @Nullable Images test, TrainOptions o,
      int total, @Nullable Path from) {
    int n = train.count(), batch = o.batchSize(), perEpoch = n / batch, todo = total - model.epochs();
    Path target = o.checkpoint();
    Path writeTo = target == null ? null : CheckpointTarget.perEpoch(target, from);
    try (TFloat32 data = Tensors.matrix(train.pixels(), n, train.dim());   // a conditional model's rows [x | c]
         Result r = session.runner().feed(g.dataIn, data).addTarget(g.loadData).run()) {
      // the training set now lives in the graph's data variable
    }
    g.batchSize.set(session, batch);
    g.batches.set(session, perEpoch);
    g.adam.learningRate(session, o.learningRate());
    long step = model.step();
    if (!o.shuffle()) setOrder(session, g, inOrder(n));
    int saved = 0; // the last epoch this run wrote to writeTo
    ProgressLog progress = o.progress() ? new ProgressLog(todo, total) : null;
    try {
      for (int e = 1; e <= todo; e++) {
        int epoch = model.epochs() + 1;
        if (o.shuffle()) setOrder(session, g, shuffled(n, spec.seed(), epoch));
        long t0 = System.nanoTime();
        double sum = 0;
        for (int i = 0; i < perEpoch; i++, step++) {
          float loss = g.adam.step(session);
          if (!Float.isFinite(loss))
            throw new TrainingDivergedException(epoch, step, loss, CheckpointTarget.onDisk(target, from, writeTo, saved));
          sum += loss;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean evaluate = test != null && due(epoch, total, o.testEvery());
        long t1 = System.nanoTime();
        double testElbo = evaluate ? meanElbo(model.model(), test, spec.seed()) : Double.NaN;
        double evalSeconds = evaluate ? (System.nanoTime() - t1) / 1e9 : 0;
        EpochStats stats = new EpochStats(epoch, step, -sum / perEpoch, testElbo, seconds, evalSeconds, perEpoch / seconds);
        model.append(stats);
        if (o.probe() != null && o.probe().due(epoch, total)) { // the history holds this epoch; the checkpoint comes next
          stats = measure(o.probe(), model.model(), stats);
          model.replaceLast(stats);
        }
        if (target != null && epoch == total) {
          model.save(target);
          if (!writeTo.equals(target)) CheckpointTarget.delete(writeTo);
        } else if (writeTo != null && due(epoch, total, o.checkpointEvery())) {
          model.save(writeTo);
          saved = epoch;
        }
        if (progress != null) progress.epoch(stats, e);
        if (o.listener() != null) o.listener().onEpoch(stats);
      }
    } finally {
      try (TFloat32 empty = TFloat32.tensorOf(Shape.of(0, train.dim())); TInt64 none = TInt64.tensorOf(Shape.of(0));
           Result r = session.runner().feed(g.dataIn, empty).addTarget(g.loadData).feed(g.orderIn, none).addTarget(g.loadOrder).run()) {
        // frees the training set's native copy
      }
    }
  }

  /** @return the mean ELBO of the images, with the model's evaluation noise */
  private static double meanElbo(TrainedVae model, Images images, long seed) {
    double sum = 0;
    for (double v : model.elboPerImage(images, seed)) sum += v;
    return sum / images.count();
  }

  /** @return the epoch's statistics with what the probe measured on the model after it */
  private static EpochStats measure(EpochProbe probe, TrainedVae model, EpochStats stats) {
    Map<String, Double> m = probe.measure(model, stats);
    if (m == null)
      throw new IllegalStateException("the probe \"" + probe.name() + "\" returned null at epoch " + stats.epoch() + "; return an empty map to measure nothing");
    return stats.withMeasures(m);
  }

  private static void setOrder(Session session, VaeGraph g, long[] order) {
    try (TInt64 t = TInt64.tensorOf(Shape.of(order.length), org.tensorflow.ndarray.buffer.DataBuffers.of(order, true, false));
         Result r = session.runner().feed(g.orderIn, t).addTarget(g.loadOrder).run()) {
      // the batches of the coming epochs are drawn in this order
    }
  }

  /** @return 0, 1, ..., n - 1: batch b is images b * size .. (b + 1) * size - 1, the assignment's order */
  static long[] inOrder(int n) {
    long[] order = new long[n];
    for (int i = 0; i < n; i++) order[i] = i;
    return order;
  }

  /**
   * @return the order of epoch {@code epoch} (from 1) of a shuffled run: a Fisher-Yates permutation of 0..n-1 drawn
   *     from a {@link SplittableRandom} seeded by the spec's seed and the epoch number alone
   */
  static long[] shuffled(int n, long seed, int epoch) {
    long[] order = inOrder(n);
    SplittableRandom random = new SplittableRandom(Noise.mix(seed ^ SHUFFLE_SALT, epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Keeps the shuffling stream apart from the model's other seeded streams. */
  private static final long SHUFFLE_SALT = 0x5DEECE66DL;
}
