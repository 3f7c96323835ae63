/** Internal helpers shared by the tfvae modules; not part of the public API and free to change. */
@NullMarked
package tfvae.internal;

import org.jspecify.annotations.NullMarked;
