package tfvae.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from {@code /proc/self/status} (Linux); -1 where that file is absent. */
public final class Memory {
  private Memory() {}

  /** @return current resident set size in MB */
  public static double rssMb() { return field("VmRSS:"); }

  /** @return peak resident set size in MB */
  public static double peakRssMb() { return field("VmHWM:"); }

  private static double field(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status")))
        if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
