package tfvae.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tfvae.InvalidConfigException;

/**
 * An exclusive lock on an output directory for the whole of a run, so that two runs never mix their files: an OS
 * file lock on {@code DIR/.tfvae.lock}, which holds the owner's process id. The lock goes with the process, so a
 * killed run never leaves the directory locked; the small file stays.
 */
final class OutputLock implements AutoCloseable {
  static final String FILE = ".tfvae.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param dir an existing, writable directory
   * @return the held lock; close it to release
   * @throws InvalidConfigException if another process (or this one) holds it, naming the directory and the process
   */
  static OutputLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
        ch.close();
        throw new InvalidConfigException("output directory " + dir + " is in use by another run (process "
            + (owner.isEmpty() ? "unknown" : owner) + "); wait for it to finish, or pass another --out");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(false);
      return new OutputLock(ch, lock);
    } catch (IOException e) {
      try {
        if (ch != null) ch.close();
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw new UncheckedIOException("cannot lock output directory " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  @Override public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
