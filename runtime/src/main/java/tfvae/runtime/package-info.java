/**
 * The TensorFlow Java engine: densities and networks as graph ops, the Adam minimizer, sessions and
 * checkpoints. Public classes here other than {@link tfvae.runtime.TfBackend} are building blocks for advanced
 * use and may change between versions; the stable API is in {@code tfvae}.
 */
@NullMarked
package tfvae.runtime;

import org.jspecify.annotations.NullMarked;
