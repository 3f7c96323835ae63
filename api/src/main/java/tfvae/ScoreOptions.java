package tfvae;

import tfvae.internal.Check;

/**
 * How {@link TrainedVae#score} and {@link TrainedVae#impute} weigh each row: importance weighting with the encoder's
 * q(z|x_obs) as the proposal, {@code k} draws per row. Each row's draws are a pure function of {@code seed} and the
 * row's own values (not of the other rows, its position or the number of threads), so a row gets the same numbers
 * alone or in a table of a million.
 *
 * @param k draws of z ~ q(z|x_obs) per row, in [1, 100000]; default 100
 * @param seed noise seed; default 0
 */
public record ScoreOptions(int k, long seed) {
  /** Default draws per row. */
  public static final int DEFAULT_K = 100;

  /**
   * @param k draws per row, in [1, 100000]
   * @param seed noise seed
   * @throws InvalidConfigException if k is out of range
   */
  public ScoreOptions { Check.range("k", k, 1, 100_000); }

  /** @return 100 draws per row, seed 0 */
  public static ScoreOptions defaults() { return new ScoreOptions(DEFAULT_K, 0); }

  /**
   * @param draws draws per row, in [1, 100000]
   * @return these options with {@code k} draws
   */
  public ScoreOptions withK(int draws) { return new ScoreOptions(draws, seed); }

  /**
   * @param noiseSeed the noise seed
   * @return these options with that seed
   */
  public ScoreOptions withSeed(long noiseSeed) { return new ScoreOptions(k, noiseSeed); }
}
