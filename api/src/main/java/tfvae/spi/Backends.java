package tfvae.spi;

import java.util.ServiceLoader;
import tfvae.VaeException;

/** Finds the {@link VaeBackend} on the class path once. */
public final class Backends {
  private Backends() {}

  private static final class Holder {
    static final VaeBackend INSTANCE = ServiceLoader.load(VaeBackend.class).findFirst().orElseThrow(() ->
        new VaeException("no tfvae backend on the class path; add the dependency dev.tfvae:tfvae-runtime"));
  }

  /**
   * @return the backend
   * @throws VaeException if none is on the class path (the message names the artifact to add)
   */
  public static VaeBackend get() { return Holder.INSTANCE; }
}
