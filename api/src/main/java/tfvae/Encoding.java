package tfvae;

/**
 * The encoder's output for a batch of images: q(z|x) = N(mean, diag(exp(logStd))^2).
 *
 * @param mean one row of {@code latent} means per image
 * @param logStd one row of {@code latent} log standard deviations per image
 */
public record Encoding(float[][] mean, float[][] logStd) {}
