package tfvae.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O operation failed, in words: the JDK's file exceptions often carry only the path as their message
 * ("cannot be written (/out)"), their reason in the type. Not part of the API.
 */
public final class IoReasons {
  private IoReasons() {}

  /**
   * @param e the failure
   * @return its reason in a few words, e.g. {@code "permission denied: /out"}, {@code "no such file or directory: /a/b"},
   *     or the exception's own message when it already says more than a path
   */
  public static String describe(IOException e) {
    String reason = reason(e);
    if (e instanceof FileSystemException f) {
      String file = f.getFile();
      String other = f.getOtherFile();
      String where = file == null ? "" : ": " + file + (other == null ? "" : " -> " + other);
      return (reason != null ? reason : f.getReason() != null ? f.getReason() : "file system error") + where;
    }
    return reason != null ? reason : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof NotDirectoryException) return "not a directory";
    if (e instanceof DirectoryNotEmptyException) return "directory not empty";
    if (e instanceof FileAlreadyExistsException) return "a file of that name exists";
    if (e instanceof FileSystemLoopException) return "a loop of symbolic links";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return null;
  }
}
