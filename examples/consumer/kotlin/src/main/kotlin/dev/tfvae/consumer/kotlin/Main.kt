@file:JvmName("Main")

package dev.tfvae.consumer.kotlin

import java.nio.file.Path
import java.util.Locale
import tfvae.Mask
import tfvae.data.DataSplit
import tfvae.kotlin.complete
import tfvae.kotlin.fitPosterior
import tfvae.kotlin.hidden
import tfvae.kotlin.history
import tfvae.kotlin.train
import tfvae.kotlin.vae

/** `Main DATA_DIR N_TRAIN N_TEST`: the tfvae-kotlin DSL from a Kotlin 2.2 project; trains 2 epochs and prints what it got. */
fun main(args: Array<String>) {
    val data = DataSplit.assignment(Path.of(args[0]), args[1].toInt(), args[2].toInt()).binarize()
    val spec = vae { latent = 2; hidden = 50; seed = 0 }
    println("spec: latent ${spec.latent}, hidden ${spec.hidden}")
    spec.train(data) { epochs = 2; batchSize = 100 }.model.use { model ->
        println("%d epochs, test ELBO %.2f nats".format(Locale.ROOT, model.history.size, model.elbo(data.test)))
        val x = data.test.image(0)
        val top = Mask.topHalf(28, 28)
        val q = model.fitPosterior(x, top) { samples = 50; iterations = 100; seed = 1 }
        println("q(z | top half): %d iterations, ELBO %.2f nats".format(Locale.ROOT, q.elboTrace().size, q.elbo()))
        val completed = model.complete(x, top)
        println("completed ${completed.size} values, ${top.observed().count { completed[it] == x[it] }} observed kept")
    }
}
