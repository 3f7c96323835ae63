package tfvae;

import java.util.Locale;
import tfvae.internal.Check;

/**
 * The training objective: the quantity whose batch mean Adam maximizes. Three bounds on log p(x), each optionally
 * with a KL weight {@code beta} and a linear warm-up of that weight:
 * <ul>
 *   <li>{@link Kind#ELBO}: the single-sample Monte Carlo ELBO, log p(x|z) + beta (log p(z) - log q(z|x)) with one
 *       reparameterized z ~ q(z|x) (Kingma and Welling 2013, eq. 6-7). The assignment's, and the default.
 *   <li>{@link Kind#ANALYTIC_KL}: log p(x|z) - beta KL(q(z|x) || N(0, I)), the KL in closed form (their eq. 10).
 *   <li>{@link Kind#IWAE}: the importance-weighted bound with {@code k} draws, log (1/k) sum_i w_i with
 *       log w_i = log p(x|z_i) + beta (log p(z_i) - log q(z_i|x)) (Burda, Grosse and Salakhutdinov 2016). With
 *       k = 1 it is the single-sample ELBO on the same noise.
 * </ul>
 * With {@code warmupEpochs} = N &gt; 0, the weight rises linearly from 0 to {@code beta} over the first N epochs: at
 * Adam step t (from 0) it is beta * min(1, t / (N * batches per epoch)), a function of the step alone, so a resumed
 * run continues the ramp exactly. Evaluation ({@link TrainedVae#elbo}, importance weighting, quadrature) always
 * scores the true bounds, with beta = 1.
 *
 * <p>Make one with {@link #elbo()}, {@link #analyticKl()} or {@link #iwae(int)}, then {@link #withBeta(double)} and
 * {@link #withWarmup(int)}.
 *
 * @param kind which bound
 * @param k draws per image: 1 for the ELBOs, in [1, 5000] for IWAE
 * @param beta the weight of log p(z) - log q(z|x) (or of the KL), in (0, 1000]; 1 for the true bound
 * @param warmupEpochs epochs over which the weight rises linearly from 0 to beta; 0 for none
 */
public record Objective(Kind kind, int k, double beta, int warmupEpochs) {
  /** Which bound on log p(x). */
  public enum Kind {
    /** The single-sample Monte Carlo ELBO. */
    ELBO,
    /** The ELBO with the KL to the prior in closed form. */
    ANALYTIC_KL,
    /** The importance-weighted bound with k draws. */
    IWAE
  }

  /** The largest k: a batch of 100 images decodes 100 k latent points per step. */
  public static final int MAX_K = 5000;

  /**
   * @param kind which bound
   * @param k draws per image
   * @param beta the KL weight
   * @param warmupEpochs warm-up epochs
   * @throws InvalidConfigException if a value is out of range, or k is not 1 for an ELBO
   */
  public Objective {
    Check.notNull("kind", kind);
    if (kind == Kind.IWAE) Check.range("k", k, 1, MAX_K);
    else if (k != 1) throw new InvalidConfigException("k must be 1 for the " + name(kind) + " objective, got " + k + "; k applies to iwae");
    Check.positive("beta", beta, 1000);
    Check.range("warmupEpochs", warmupEpochs, 0, 1_000_000);
  }

  /** @return the single-sample Monte Carlo ELBO, beta 1, no warm-up (the default) */
  public static Objective elbo() { return new Objective(Kind.ELBO, 1, 1, 0); }

  /** @return the analytic-KL ELBO, beta 1, no warm-up */
  public static Objective analyticKl() { return new Objective(Kind.ANALYTIC_KL, 1, 1, 0); }

  /**
   * @param k draws per image, in [1, 5000]
   * @return the importance-weighted bound with k draws, beta 1, no warm-up
   */
  public static Objective iwae(int k) { return new Objective(Kind.IWAE, k, 1, 0); }

  /**
   * @param beta the KL weight, in (0, 1000]
   * @return this objective with that weight
   */
  public Objective withBeta(double beta) { return new Objective(kind, k, beta, warmupEpochs); }

  /**
   * @param epochs warm-up epochs, 0 for none
   * @return this objective with a linear warm-up of the weight over that many epochs
   */
  public Objective withWarmup(int epochs) { return new Objective(kind, k, beta, epochs); }

  /**
   * @param name {@code elbo}, {@code analytic-kl} or {@code iwae}, case-insensitive
   * @param k draws per image (used by iwae; must be 1 otherwise)
   * @return the objective of that name, beta 1, no warm-up
   * @throws InvalidConfigException for another name, or k out of range
   */
  public static Objective parse(String name, int k) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "elbo" -> new Objective(Kind.ELBO, k, 1, 0);
      case "analytic-kl" -> new Objective(Kind.ANALYTIC_KL, k, 1, 0);
      case "iwae" -> iwae(k);
      default -> throw new InvalidConfigException("objective must be elbo, analytic-kl or iwae, got " + name);
    };
  }

  /** @return whether this is the true bound as it is (beta 1, no warm-up) */
  public boolean unweighted() { return beta == 1 && warmupEpochs == 0; }

  /** @return the command-line name: {@code elbo}, {@code analytic-kl} or {@code iwae} */
  public String cliName() { return name(kind); }

  private static String name(Kind kind) { return kind.name().toLowerCase(Locale.ROOT).replace('_', '-'); }

  /** @return for example {@code iwae(k=5)}, {@code elbo(beta=0.5, warmup=10 epochs)} or {@code elbo} */
  @Override public String toString() {
    StringBuilder s = new StringBuilder(cliName());
    String args = (kind == Kind.IWAE ? "k=" + k : "") + (beta == 1 ? "" : (kind == Kind.IWAE ? ", " : "") + "beta=" + beta);
    if (warmupEpochs > 0) args += (args.isEmpty() ? "" : ", ") + "warmup=" + warmupEpochs + " epochs";
    if (!args.isEmpty()) s.append('(').append(args).append(')');
    return s.toString();
  }
}
