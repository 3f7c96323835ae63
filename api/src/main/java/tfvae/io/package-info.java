/**
 * Files written whole or not at all, and a run's output directory. {@link tfvae.io.AtomicFiles} is the one atomic writer
 * of the library, the figures and the programs (checkpoints, {@code .npz} exports, figures, reports);
 * {@link tfvae.io.OutputDirectory} checks a directory writable before any work; {@link tfvae.io.OutputLock} keeps two
 * runs out of one directory; {@link tfvae.io.StagedOutputs} replaces a run's files together or not at all.
 *
 * <pre>{@code
 * OutputDirectory.prepare(out);
 * try (OutputLock lock = OutputLock.acquire(out)) {
 *   StagedOutputs stage = StagedOutputs.begin(out, "model.ckpt", System.out::println);
 *   try {
 *     AtomicFiles.writeString(stage.dir().resolve("report.md"), markdown);
 *     stage.promote();
 *   } finally {
 *     stage.abandon(false, w -> System.err.println("mytool: warning: " + w));
 *   }
 * }
 * }</pre>
 */
@NullMarked
package tfvae.io;

import org.jspecify.annotations.NullMarked;
