@file:JvmName("TfvaeKotlin")

package tfvae.kotlin

import java.nio.file.Path
import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KProperty
import tfvae.Activation
import tfvae.CheckpointPolicy
import tfvae.Condition
import tfvae.Device
import tfvae.EpochProbe
import tfvae.EpochStats
import tfvae.Init
import tfvae.Layer
import tfvae.Likelihood
import tfvae.Mask
import tfvae.Objective
import tfvae.PosteriorFit
import tfvae.SviOptions
import tfvae.TrainOptions
import tfvae.TrainedVae
import tfvae.TrainingRun
import tfvae.Vae
import tfvae.data.DataSplit
import tfvae.data.Images

/** Marks the DSL's scopes, so an inner block cannot set an outer block's properties by accident. */
@DslMarker
annotation class TfvaeDsl

/**
 * The base of the DSL's scopes: it holds one Java builder. Each property is a [setting]: reading gives the value last
 * set (at first the builder's starting value), writing calls the builder's setter at once, so a bad value fails on
 * the line that sets it, with the Java builder's message. Adding a builder setting to the DSL is one line:
 * `var name by setting(start.name(), Builder::name)`.
 */
abstract class BuilderScope<B> internal constructor(internal val builder: B) {
    /** A property backed by the builder's setter [set]; [start] is the builder's value before the block runs. */
    protected fun <T> setting(start: T, set: (B, T) -> Any?): ReadWriteProperty<Any, T> = object : ReadWriteProperty<Any, T> {
        private var value = start
        override fun getValue(thisRef: Any, property: KProperty<*>): T = value
        override fun setValue(thisRef: Any, property: KProperty<*>, value: T) {
            set(builder, value)
            this.value = value
        }
    }

    /** For a builder method this scope has no property for (yet): `builder { someSetting(3) }`. */
    fun builder(block: B.() -> Unit) = builder.block()
}

/** The receiver of [vae] and [copy]: one property per [Vae.Builder] setting. */
@TfvaeDsl
class VaeScope internal constructor(start: Vae) : BuilderScope<Vae.Builder>(start.toBuilder()) {
    var dataDim by setting(start.dataDim(), Vae.Builder::dataDim)
    var latent by setting(start.latent(), Vae.Builder::latent)
    /** One hidden layer of this width in both networks; reads -1 when the networks have other shapes. */
    var hidden by setting(start.hidden(), Vae.Builder::hidden)
    /** The encoder's layers, input side first: `encoder = listOf(conv(32, 3, 2, RELU), flatten(), dense(16, RELU))`. */
    var encoder: List<Layer> by setting(start.encoder()) { b, layers -> b.encoder(layers) }
    /** The decoder's layers, latent side first (see [Vae.decoder]). */
    var decoder: List<Layer> by setting(start.decoder()) { b, layers -> b.decoder(layers) }
    var likelihood: Likelihood by setting(start.likelihood(), Vae.Builder::likelihood)
    var activation: Activation by setting(start.activation(), Vae.Builder::activation)
    var initScale by setting(start.initScale(), Vae.Builder::initScale)
    var seed by setting(start.seed(), Vae.Builder::seed)
    var objective: Objective by setting(start.objective(), Vae.Builder::objective)
    /** A conditional model's condition: `condition = Condition.label(10)` (one-hot labels) or `Condition.columns(n)`; null for none. */
    var condition: Condition? by setting(start.condition(), Vae.Builder::condition)

    internal fun build(): Vae = builder.build()
}

/**
 * The receiver of [train]'s trailing lambda: one property per [TrainOptions.Builder] setting, and [onEpoch] for the
 * per-epoch listener. As in Java, progress is off unless `progress = true`.
 */
@TfvaeDsl
class TrainScope internal constructor(start: TrainOptions) : BuilderScope<TrainOptions.Builder>(start.toBuilder()) {
    var epochs by setting(start.epochs(), TrainOptions.Builder::epochs)
    var batchSize by setting(start.batchSize(), TrainOptions.Builder::batchSize)
    var learningRate by setting(start.learningRate(), TrainOptions.Builder::learningRate)
    var testEvery by setting(start.testEvery(), TrainOptions.Builder::testEvery)
    var threads by setting(start.threads(), TrainOptions.Builder::threads)
    var progress by setting(start.progress(), TrainOptions.Builder::progress)
    var checkpoint: Path? by setting(start.checkpoint(), TrainOptions.Builder::checkpoint)
    var checkpointEvery by setting(start.checkpointEvery(), TrainOptions.Builder::checkpointEvery)
    var device: Device by setting(start.device(), TrainOptions.Builder::device)
    var shuffle by setting(start.shuffle(), TrainOptions.Builder::shuffle)
    /** What to measure after chosen epochs ([EpochProbe]); null for nothing. See also [probe]. */
    var probe: EpochProbe? by setting(start.probe(), TrainOptions.Builder::probe)

    /**
     * Measures the model after each epoch for which [due] is true (epoch, last epoch), on the training thread:
     * `probe("held-out log p(x)", { e, total -> e % 5 == 0 || e == total }) { model, _ -> mapOf("log_px" to ...) }`.
     * [name] names the measurement and its settings (compared when a checkpoint is reused). Replaces an earlier probe.
     */
    fun probe(name: String, due: (Int, Int) -> Boolean, measure: (TrainedVae, EpochStats) -> Map<String, Double>) {
        builder.probe(object : EpochProbe {
            override fun name() = name
            override fun due(epoch: Int, total: Int) = due(epoch, total)
            override fun measure(model: TrainedVae, stats: EpochStats) = measure(model, stats)
        })
    }

    /** Calls [listener] after every epoch, on the training thread (replaces an earlier listener). */
    fun onEpoch(listener: (EpochStats) -> Unit) {
        builder.listener(listener)
    }

    internal fun build(): TrainOptions = builder.build()
}

/** The receiver of [fitPosterior]'s trailing lambda: one property per [SviOptions.Builder] setting. */
@TfvaeDsl
class SviScope internal constructor() : BuilderScope<SviOptions.Builder>(SviOptions.builder()) {
    private val start = SviOptions.defaults()
    var samples by setting(start.samples(), SviOptions.Builder::samples)
    var iterations by setting(start.iterations(), SviOptions.Builder::iterations)
    var learningRate by setting(start.learningRate(), SviOptions.Builder::learningRate)
    var seed by setting(start.seed(), SviOptions.Builder::seed)
    var progress by setting(start.progress(), SviOptions.Builder::progress)

    internal fun build(): SviOptions = builder.build()
}

/** A dense layer of [units]; [activation] null means the spec's; [init] null means the one that suits the activation. */
fun dense(units: Int, activation: Activation? = null, init: Init? = null): Layer.Dense =
    Layer.dense(units).let { l -> if (activation == null) l else l.with(activation) }.let { l -> if (init == null) l else l.with(init) }

/** A 'same'-padded 2-D convolution (see [Layer.conv]); [activation] null means the spec's. */
fun conv(filters: Int, kernel: Int, stride: Int, activation: Activation? = null, init: Init? = null): Layer.Conv =
    Layer.conv(filters, kernel, stride).let { l -> if (activation == null) l else l.with(activation) }
        .let { l -> if (init == null) l else l.with(init) }

/** A 'same'-padded transposed 2-D convolution (see [Layer.convTranspose]); [activation] null means the spec's. */
fun convTranspose(filters: Int, kernel: Int, stride: Int, activation: Activation? = null, init: Init? = null): Layer.ConvTranspose =
    Layer.convTranspose(filters, kernel, stride).let { l -> if (activation == null) l else l.with(activation) }
        .let { l -> if (init == null) l else l.with(init) }

/** A reshape of each example to [height] x [width] x [channels]. */
fun reshape(height: Int, width: Int, channels: Int): Layer.Reshape = Layer.reshape(height, width, channels)

/** A flatten of each example to one row. */
fun flatten(): Layer.Flatten = Layer.flatten()

/** A model spec: `vae { latent = 2; hidden = 500 }`; unset properties keep the assignment's defaults. */
fun vae(block: VaeScope.() -> Unit = {}): Vae = VaeScope(Vae.builder().build()).apply(block).build()

/** This spec with some properties changed: `spec.copy { hidden = 100 }`. */
fun Vae.copy(block: VaeScope.() -> Unit): Vae = VaeScope(this).apply(block).build()

/** These options with some properties changed: `options.copy { epochs = 10 }`. */
fun TrainOptions.copy(block: TrainScope.() -> Unit): TrainOptions = TrainScope(this).apply(block).build()

/** Training options: `trainOptions { epochs = 5 }`, starting from [TrainOptions.defaults]. */
fun trainOptions(block: TrainScope.() -> Unit = {}): TrainOptions = TrainScope(TrainOptions.defaults()).apply(block).build()

/**
 * The one training entry, as [Vae.train]: trains afresh, or reuses or resumes a checkpoint by [policy] (REUSE and
 * RESUME need a `checkpoint`): `spec.train(data) { epochs = 5; onEpoch { println(it.trainElbo) } }.use { run -> run.model }`.
 * Close the run (or its model) when done.
 */
fun Vae.train(data: DataSplit, policy: CheckpointPolicy = CheckpointPolicy.REPLACE, options: TrainScope.() -> Unit = {}): TrainingRun =
    train(data, trainOptions(options), policy)

/**
 * Fits q(z | x_obs) by SVI to the values of [example] that [mask] observes:
 * `model.fitPosterior(x, Mask.topHalf(28, 28)) { samples = 1000; iterations = 500 }`. See [TrainedVae.fitPosterior].
 */
fun TrainedVae.fitPosterior(example: FloatArray, mask: Mask, options: SviScope.() -> Unit = {}): PosteriorFit =
    fitPosterior(example, mask, SviScope().apply(options).build())

/**
 * [example] with every value [mask] does not observe replaced by its posterior predictive mean:
 * `model.complete(x, Mask.topHalf(28, 28))`. Exact for a 2-D latent; otherwise the mean over [samples] draws from the
 * SVI fit, seeded by [seed]. See [TrainedVae.completion].
 */
fun TrainedVae.complete(example: FloatArray, mask: Mask, samples: Int = 1000, seed: Long = 0): FloatArray =
    completion(example, mask, samples, seed).values()

/** One hidden layer's width in both networks, or -1 when the networks have other shapes: `spec.hidden`, like `spec.latent`. */
val Vae.hidden: Int get() = hidden()

/** The spec the model was built from. */
val TrainedVae.spec: Vae get() = spec()

/** Every epoch trained so far, oldest first. */
val TrainedVae.history: List<EpochStats> get() = history()

/** The last epoch trained, or null for an untrained model. */
val TrainedVae.lastEpoch: EpochStats? get() = history().lastOrNull()

/** The number of images. */
val Images.size: Int get() = count()

/** Pixels per image. */
val Images.pixelCount: Int get() = dim()
