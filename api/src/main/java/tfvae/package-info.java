/**
 * The tfvae DSL: {@link tfvae.Vae} describes a model, {@link tfvae.TrainOptions} how to train it, and
 * {@link tfvae.TrainedVae} is a model with parameters to query, save and close. No TensorFlow types appear here.
 */
@NullMarked
package tfvae;

import org.jspecify.annotations.NullMarked;
