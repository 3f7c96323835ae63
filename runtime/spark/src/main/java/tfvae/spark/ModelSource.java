package tfvae.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import tfvae.CheckpointException;
import tfvae.TrainedVae;

/**
 * Where executors get the model: a path each of them reads, or the checkpoint's bytes, read once by the driver and
 * broadcast with the job (Spark sends them to each executor once, not with every task). Serializable: it travels in
 * the task closure; the model itself never does.
 */
final class ModelSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final Broadcast<byte[]> bytes;
  private final String digest;

  private ModelSource(String path, Broadcast<byte[]> bytes, String digest) {
    this.path = path;
    this.bytes = bytes;
    this.digest = digest;
  }

  /** @return a source that each executor reads from {@code path} itself */
  static ModelSource path(String path) { return new ModelSource(path, null, null); }

  /**
   * Reads the checkpoint on the driver and broadcasts it.
   *
   * @throws CheckpointException naming the file if the driver cannot read it
   */
  static ModelSource shipped(SparkSession spark, String path) {
    byte[] data;
    try {
      data = Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new CheckpointException("cannot read the model " + Path.of(path).toAbsolutePath() + " on the driver: " + ModelCache.reason(e), e);
    }
    String digest = sha256(data);
    Broadcast<byte[]> b = spark.sparkContext().broadcast(data, scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
    return new ModelSource(path, b, digest);
  }

  /** @return the model, loaded once per JVM */
  TrainedVae model() { return bytes == null ? ModelCache.fromPath(path) : ModelCache.fromBytes(digest, bytes::value); }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
