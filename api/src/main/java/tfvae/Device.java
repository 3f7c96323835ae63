package tfvae;

import java.util.Locale;

/** Where TensorFlow runs the model. */
public enum Device {
  /** The CPU, even where a GPU is present (the default: it is what the results table was measured on). */
  CPU,
  /**
   * The first GPU. Needs the GPU native library (build with {@code -Pgpu}) and a CUDA machine; without one,
   * building the model fails with a message that says so.
   */
  GPU,
  /** A GPU where TensorFlow finds one, else the CPU. */
  AUTO;

  /**
   * Parses {@code cpu}, {@code gpu} or {@code auto}, case-insensitively.
   *
   * @param name the device name
   * @return the device
   * @throws InvalidConfigException for any other name
   */
  public static Device parse(String name) {
    for (Device d : values()) if (d.name().equalsIgnoreCase(name.trim())) return d;
    throw new InvalidConfigException("device must be one of cpu, gpu, auto, got " + name);
  }

  @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
}
