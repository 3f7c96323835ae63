package tfvae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import tfvae.InvalidConfigException;

/**
 * An exclusive lock on an output directory for the whole of a run, so that two runs never mix their files: an OS
 * file lock on {@code DIR/.tfvae.lock}, which holds the owner's process id. The lock goes with the process, so a
 * killed run never leaves the directory locked; the small file stays. The lock file is never reached through a
 * symbolic link: a link (dangling or not) or any other non-regular file in its place is refused before anything is
 * opened or written, and the file is opened with {@link LinkOption#NOFOLLOW_LINKS}, so a link put there in between
 * fails the open instead of redirecting the write.
 */
public final class OutputLock implements AutoCloseable {
  /** The lock file's name in the output directory. */
  public static final String FILE = ".tfvae.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param dir an existing, writable directory
   * @return the held lock; close it to release
   * @throws InvalidConfigException if another process (or this one) holds it, naming the directory and the process,
   *     or if {@code DIR/.tfvae.lock} exists and is not a regular file (a symbolic link, a directory, ...)
   */
  public static OutputLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    refuseNonRegular(file);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        ch.read(buffer, 0);
        String owner = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
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

  private static void refuseNonRegular(Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock output directory " + file.getParent() + " (" + e.getMessage() + ")", e);
    }
    if (!attributes.isRegularFile()) {
      throw new InvalidConfigException("the lock file " + file + " is not a regular file (it is "
          + (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory" : "a special file")
          + "); remove it, or pass another --out");
    }
  }

  /** Releases the lock; the small file stays. */
  @Override public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
