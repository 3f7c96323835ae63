package tfvae.kotlin

import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import tfvae.CheckpointPolicy
import tfvae.Condition
import tfvae.Activation
import tfvae.EpochStats
import tfvae.InvalidConfigException
import tfvae.Mask
import tfvae.SviOptions
import tfvae.TrainOptions
import tfvae.Preset
import tfvae.Vae
import tfvae.data.DataSplit

/** The DSL builds what the Java builders build, fails where they fail, and trains the same model. */
class DslTest {
    private val fixture: Path = Path.of("..", "src", "test", "resources", "mnist-fixture")

    @Test
    fun vaeBlockBuildsTheSameSpecAsTheJavaBuilder() {
        assertThat(vae { latent = 3; hidden = 40; seed = 7; activation = Activation.RELU; initScale = 0.05 })
            .isEqualTo(Vae.builder().latent(3).hidden(40).seed(7).activation(Activation.RELU).initScale(0.05).build())
        assertThat(vae()).isEqualTo(Vae.builder().build())
    }

    @Test
    fun conditionReadsAsTheJavaBuildersAndIsNullByDefault() {
        assertThat(vae { condition = Condition.label(10) }).isEqualTo(Vae.builder().condition(Condition.label(10)).build())
        assertThat(vae().condition()).isNull()
    }

    @Test
    fun aPropertyReadsItsDefaultUntilSetAndThenTheValueSet() {
        var before = 0
        var after = 0
        vae { before = hidden; hidden = 64; after = hidden }
        assertThat(before).isEqualTo(Vae.DEFAULT_HIDDEN)
        assertThat(after).isEqualTo(64)
    }

    @Test
    fun aBadValueFailsWithTheJavaBuildersMessage() {
        val java = runCatching { Vae.builder().latent(0) }.exceptionOrNull()
        assertThat(java).isInstanceOf(InvalidConfigException::class.java)
        assertThatThrownBy { vae { latent = 0 } }.isInstanceOf(InvalidConfigException::class.java).hasMessage(java!!.message)
        assertThatThrownBy { trainOptions { epochs = 0 } }.isInstanceOf(InvalidConfigException::class.java)
            .hasMessage(runCatching { TrainOptions.builder().epochs(0) }.exceptionOrNull()!!.message)
    }

    @Test
    fun specHiddenReadsAsAPropertyLikeLatent() {
        val spec = vae { latent = 3; hidden = 40 }
        assertThat(spec.hidden).isEqualTo(40).isEqualTo(spec.hidden())
        assertThat(spec.latent).isEqualTo(3)
        assertThat(spec.copy { encoder = listOf(dense(30), dense(20)) }.hidden).isEqualTo(-1) // two layers: no single width
    }

    @Test
    fun convLayersReadAsTheJavaBuildersAndThePreset() {
        val spec = vae {
            encoder = listOf(conv(filters = 32, kernel = 3, stride = 2, activation = Activation.RELU), conv(64, 3, 2, Activation.RELU),
                flatten(), dense(16, Activation.RELU))
            decoder = listOf(dense(7 * 7 * 64, Activation.RELU), reshape(7, 7, 64), convTranspose(64, 3, 2, Activation.RELU),
                convTranspose(32, 3, 2, Activation.RELU), convTranspose(1, 3, 1))
        }
        assertThat(spec).isEqualTo(Preset.KERAS_CONV.builder().build())
        assertThat(dense(16, Activation.RELU, tfvae.Init.SCALE).toString()).isEqualTo("16/relu/scale")
    }

    @Test
    fun fitPosteriorAndCompleteTakeAMaskAndGiveTheJavaCallsResults() {
        val data = DataSplit.assignment(fixture, 100, 100).binarize()
        vae { hidden = 10; seed = 2 }.train(DataSplit.trainingOnly(data.train)) { epochs = 1; testEvery = 0 }.model.use { model ->
            val x = data.test.image(3)
            val bottom = Mask.bottomHalf(28, 28) // not a prefix: only the Mask entry points reach it
            val q = model.fitPosterior(x, bottom) { samples = 20; iterations = 30; seed = 4 }
            val java = model.fitPosterior(x, bottom, SviOptions.builder().samples(20).iterations(30).seed(4).build())
            assertThat(q.mean()).isEqualTo(java.mean())
            assertThat(q.logStd()).isEqualTo(java.logStd())
            assertThat(q.elboTrace()).isEqualTo(java.elboTrace())
            val top = model.fitPosterior(x, Mask.topHalf(28, 28)) { samples = 20; iterations = 30; seed = 4 }
            assertThat(top.elboTrace()).isNotEqualTo(q.elboTrace()) // the mask is used, not ignored

            val completed = model.complete(x, bottom)
            assertThat(completed).isEqualTo(model.complete(x, bottom, 1000, 0))
            for (d in bottom.observed()) assertThat(completed[d]).isEqualTo(x[d])
            assertThat(completed.copyOfRange(0, 392)).isNotEqualTo(x.copyOfRange(0, 392)) // the top half is filled in
        }
    }

    /**
     * A project on an older Kotlin reads this module's metadata only up to its own version plus one: compiled for 2.4,
     * a Kotlin 2.2 project fails ("The binary version of its metadata is 2.4.0, expected version is 2.2.0").
     * examples/consumer/kotlin compiles and runs a Kotlin 2.2.21 project against the jar.
     */
    @Test
    fun everyClassCarriesKotlin22Metadata() {
        val classes = listOf(VaeScope::class.java, TrainScope::class.java, SviScope::class.java, BuilderScope::class.java,
            TfvaeDsl::class.java, Class.forName("tfvae.kotlin.TfvaeKotlin"))
        for (c in classes) {
            val metadata = c.getAnnotation(Metadata::class.java)
            assertThat(metadata).describedAs(c.name).isNotNull()
            assertThat(metadata.metadataVersion).describedAs(c.name).containsExactly(2, 2, 0)
        }
    }

    @Test
    fun copyChangesOnlyWhatTheBlockSets() {
        val base = vae { latent = 4; seed = 3 }
        assertThat(base.copy { hidden = 10 }).isEqualTo(base.toBuilder().hidden(10).build())
        val options = trainOptions { epochs = 7; batchSize = 20 }
        assertThat(options.copy { learningRate = 0.01 }).isEqualTo(options.toBuilder().learningRate(0.01).build())
    }

    @Test
    fun trainOptionsStartFromTheJavaDefaultsWithProgressOff() {
        assertThat(trainOptions()).isEqualTo(TrainOptions.defaults())
        assertThat(trainOptions().progress()).isFalse()
        assertThat(trainOptions { epochs = 3; batchSize = 50; testEvery = 0; progress = true })
            .isEqualTo(TrainOptions.builder().epochs(3).batchSize(50).testEvery(0).progress(true).build())
    }

    @Test
    fun aProbeLambdaMeasuresTheEpochsItPicks() {
        val data = DataSplit.assignment(fixture, 200, 100).binarize()
        val measures = vae { hidden = 20; seed = 5 }.train(data) {
            epochs = 2; batchSize = 50
            probe("mean z", { e, total -> e == total }) { model, stats -> mapOf("epoch" to stats.epoch.toDouble(), "z" to model.encode(data.test()).mean()[0][0].toDouble()) }
        }.use { run ->
            assertThat(run.model.training()!!.probe()).isEqualTo("mean z")
            run.model.history.map { it.measures.keys.toList() }
        }
        assertThat(measures).containsExactly(listOf(), listOf("epoch", "z"))
    }

    @Test
    fun trainingThroughTheDslGivesTheJavaBuildersModelAndCallsOnEpoch() {
        val data = DataSplit.assignment(fixture, 200, 100).binarize()
        val spec = vae { hidden = 20; seed = 5 }
        val seen = mutableListOf<EpochStats>()
        val kotlinHistory = spec.train(data) { epochs = 2; batchSize = 50; onEpoch { seen += it } }.use { run ->
            val model = run.model
            assertThat(model.spec).isEqualTo(spec.copy { dataDim = 784 }) // the trained model records the data's dimension
            assertThat(model.lastEpoch).isEqualTo(model.history.last())
            model.history.map { it.trainElbo }
        }
        assertThat(seen.map { it.epoch }).containsExactly(1, 2)
        val javaHistory = spec.train(data, TrainOptions.builder().epochs(2).batchSize(50).build(), CheckpointPolicy.REPLACE).use { run ->
            run.model().history().map { it.trainElbo() }
        }
        // seeded weights, batches and noise on the same CPU and threads: the same run to the last bit
        assertThat(kotlinHistory).isEqualTo(javaHistory)
        assertThat(seen.map { it.trainElbo }).isEqualTo(kotlinHistory)
    }

    @Test
    fun useClosesTheModel() {
        val data = DataSplit.assignment(fixture, 100, 100).binarize()
        val model = vae { hidden = 10 }.train(DataSplit.trainingOnly(data.train)) { epochs = 1; testEvery = 0 }.model
        model.use { assertThat(it.history).hasSize(1) }
        assertThatThrownBy { model.elbo(data.test) }.isInstanceOf(IllegalStateException::class.java)
    }

    @Test
    fun imagesHaveKotlinSizeProperties() {
        val data = DataSplit.assignment(fixture, 120, 30).binarize()
        assertThat(data.train.size).isEqualTo(120)
        assertThat(data.test.size).isEqualTo(30)
        assertThat(data.train.pixelCount).isEqualTo(784)
    }
}
