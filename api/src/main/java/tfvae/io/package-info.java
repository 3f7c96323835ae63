/**
 * Files written whole or not at all: {@link tfvae.io.AtomicFiles} is the one atomic writer of the library, the figures
 * and the programs (checkpoints, {@code .npz} exports, figures, reports).
 */
@NullMarked
package tfvae.io;

import org.jspecify.annotations.NullMarked;
