/**
 * Data for the models: plain Java arrays, no TensorFlow.
 *
 * <ul>
 *   <li>{@link tfvae.data.Images}: examples of any finite values, as images (height x width, so figures can tile
 *       them) or as plain vectors; labels optional; binarizing transforms.
 *   <li>{@link tfvae.data.DataSplit}: a training and a test set; {@link tfvae.data.DataSplit#read(java.nio.file.Path)}
 *       reads any supported source by its kind, values as stored.
 *   <li>Sources: {@link tfvae.data.Mnist} (idx files: the assignment's split and MNIST's standard one, grayscale or
 *       binarized), {@link tfvae.data.Npz} (Keras's {@code mnist.npz} convention, read and written) and
 *       {@link tfvae.data.Csv} (one example per line, optional header with {@code label} and {@code split} columns).
 * </ul>
 *
 * <p>Which values a model accepts is checked by {@link tfvae.Likelihood#check(String, tfvae.data.Images)}: the
 * Bernoulli needs binary data ({@code binarize()} makes it), the continuous Bernoulli values in [0, 1], the Gaussian
 * any finite values. Bad files fail with a one-line {@link tfvae.BadDataException} naming the file and what in it.
 */
@NullMarked
package tfvae.data;

import org.jspecify.annotations.NullMarked;
