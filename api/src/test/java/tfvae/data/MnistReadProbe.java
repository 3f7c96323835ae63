package tfvae.data;

import java.nio.file.Path;
import tfvae.BadDataException;

/**
 * Run in a forked JVM with a small heap by {@link MnistTest}: reads each image file given and prints one line per
 * file, the BadDataException's message or "read N images". Anything else (an OutOfMemoryError) escapes: exit 1.
 */
final class MnistReadProbe {
  private MnistReadProbe() {}

  public static void main(String[] args) {
    System.out.println("maxMemory " + Runtime.getRuntime().maxMemory());
    for (String a : args) {
      try {
        System.out.println("read " + Mnist.readImages(Path.of(a)).count() + " images");
      } catch (BadDataException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
