/** The engine SPI: how {@code tfvae-api} finds the TensorFlow runtime without depending on it. */
@NullMarked
package tfvae.spi;

import org.jspecify.annotations.NullMarked;
