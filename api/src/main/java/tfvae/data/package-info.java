/** Images and the MNIST idx reader: plain Java arrays, no TensorFlow. */
@NullMarked
package tfvae.data;

import org.jspecify.annotations.NullMarked;
