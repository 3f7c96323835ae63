@file:JvmName("KotlinExample")

package tfvae.examples

import java.nio.file.Path
import java.util.Locale
import kotlin.system.exitProcess
import tfvae.LatentViews
import tfvae.charts.VaeFigures
import tfvae.data.DataSplit
import tfvae.data.Mnist
import tfvae.kotlin.history
import tfvae.kotlin.train
import tfvae.kotlin.vae

/** What [trainAndPlot] produced: the mean test ELBO in nats, the epochs trained and the figure's files (PNG and SVG). */
data class KotlinRun(val testElbo: Double, val epochs: Int, val figureFiles: List<Path>)

/**
 * Builds the assignment's VAE with the tfvae-kotlin DSL, trains it for [epochs] epochs on the MNIST files in
 * [dataDir] (the first [nTrain] images for training, the next [nTest] for testing), prints one line per epoch,
 * evaluates the test ELBO and draws 20 samples from the prior into [outDir]. The model is closed by `use {}`.
 */
fun trainAndPlot(
    dataDir: Path,
    outDir: Path,
    epochs: Int = 5,
    nTrain: Int = Mnist.ASSIGNMENT_TRAIN,
    nTest: Int = Mnist.ASSIGNMENT_TEST,
): KotlinRun {
    val data = DataSplit.assignment(dataDir, nTrain, nTest).binarize()
    val spec = vae { latent = 2; hidden = 500; seed = 0 }
    return spec.train(data) {
        this.epochs = epochs
        onEpoch { println("epoch %d: train ELBO %.2f nats".format(Locale.ROOT, it.epoch, it.trainElbo)) }
    }.use { run ->
        val model = run.model
        KotlinRun(model.elbo(data.test), model.history.size, VaeFigures.priorSamples(LatentViews.priorMeans(model, 20, 1), model.spec().likelihood).save(outDir))
    }
}

/** `KotlinExample DATA_DIR [OUT_DIR [EPOCHS [N_TRAIN N_TEST]]]`: trains, prints the test ELBO, draws one figure. */
fun main(args: Array<String>) {
    if (args.isEmpty()) {
        System.err.println("usage: KotlinExample DATA_DIR [OUT_DIR [EPOCHS [N_TRAIN N_TEST]]]")
        exitProcess(2)
    }
    val run = trainAndPlot(
        dataDir = Path.of(args[0]),
        outDir = Path.of(args.getOrElse(1) { "out/kotlin" }),
        epochs = args.getOrNull(2)?.toInt() ?: 5,
        nTrain = args.getOrNull(3)?.toInt() ?: Mnist.ASSIGNMENT_TRAIN,
        nTest = args.getOrNull(4)?.toInt() ?: Mnist.ASSIGNMENT_TEST,
    )
    println("test ELBO %.2f nats".format(Locale.ROOT, run.testElbo))
    println("wrote ${run.figureFiles.joinToString(", ")}")
}
