package tfvae.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tfvae.CheckpointException;
import tfvae.TrainedVae;
import tfvae.Vae;

/**
 * The models of one JVM (an executor, or the driver in local mode): each is loaded once, on first use, and shared by
 * every task thread of the JVM ({@link TrainedVae}'s queries are thread-safe), then closed when the JVM exits. A
 * model read from a path is keyed by the path, its size and its modification time (a rewritten file is loaded
 * again); a model shipped as bytes is keyed by their SHA-256. A failed load is not cached: the next task tries again.
 */
final class ModelCache {
  private static final Map<String, TrainedVae> MODELS = new ConcurrentHashMap<>();
  private static final List<String> LOADS = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "tfvae-spark-models"));
  }

  private ModelCache() {}

  /**
   * @param file a checkpoint that this JVM can read
   * @return the model, loaded on the first call for this file
   * @throws CheckpointException naming the file if it cannot be read or is not a checkpoint
   */
  static TrainedVae fromPath(String file) {
    Path path = Path.of(file).toAbsolutePath();
    String key;
    try {
      key = "path:" + path + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      throw new CheckpointException("cannot read the model " + path + " on this executor: " + reason(e)
          + "; give a path every executor can read, or ship the model with setShipModel(true)", e);
    }
    return MODELS.computeIfAbsent(key, k -> load(k, path));
  }

  /**
   * @param digest the SHA-256 of {@code bytes}, in hex
   * @param bytes the checkpoint file's contents
   * @return the model, loaded (through a temporary file, deleted at once) on the first call for this digest
   */
  static TrainedVae fromBytes(String digest, java.util.function.Supplier<byte[]> bytes) {
    return MODELS.computeIfAbsent("sha256:" + digest, k -> {
      Path tmp = null;
      try {
        tmp = Files.createTempFile("tfvae-model-", ".ckpt");
        Files.write(tmp, bytes.get());
        return load(k, tmp);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the shipped model (sha256 " + digest + ") to a temporary file: " + reason(e), e);
      } finally {
        if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* a temporary file */ }
      }
    });
  }

  private static TrainedVae load(String key, Path file) {
    TrainedVae model = Vae.load(file);
    synchronized (LOADS) { LOADS.add(key); }
    return model;
  }

  /** @return the keys of the loads this JVM made, oldest first (a model loaded twice would appear twice) */
  static List<String> loads() {
    synchronized (LOADS) { return List.copyOf(LOADS); }
  }

  /** Closes every model and forgets it; the next use loads again. */
  static void closeAll() {
    for (String key : List.copyOf(MODELS.keySet())) {
      TrainedVae model = MODELS.remove(key);
      if (model != null) model.close();
    }
  }

  static String reason(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
