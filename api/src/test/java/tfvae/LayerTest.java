package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static tfvae.Layer.conv;
import static tfvae.Layer.convTranspose;
import static tfvae.Layer.dense;
import static tfvae.Layer.flatten;
import static tfvae.Layer.reshape;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tfvae.data.Images;
import tfvae.internal.LayerPlan;

/** Layers as values: the text form round trips, the preset is the issue's architecture, shapes are inferred with one-line errors. */
class LayerTest {
  static final Activation RELU = Activation.RELU;

  @ParameterizedTest
  @ValueSource(strings = {"512,256", "conv:32:3:2/relu,conv:64:3:2/relu,flatten,16/relu",
      "3136/relu,reshape:7x7x64,tconv:64:3:2/relu,tconv:32:3:2/relu,tconv:1:3:1", "16/relu/scale,8/he,4/tanh,2/elu/scale,3/identity"})
  void theTextFormRoundTrips(String text) {
    List<Layer> layers = Layer.parseList(text);
    assertThat(Layer.toText(layers)).isEqualTo(text);
    assertThat(Layer.parseList(Layer.toText(layers))).isEqualTo(layers);
  }

  @Test void aProductIsADenseWidthAndAnActivationBringsTheInitThatSuitsIt() {
    assertThat(Layer.parse("64*7*7/relu")).isEqualTo(new Layer.Dense(3136, RELU, Init.HE));
    assertThat(Layer.parse("512")).isEqualTo(new Layer.Dense(512, null, Init.SCALE));
    assertThat(Layer.parse("conv:8:5:1/tanh")).isEqualTo(new Layer.Conv(8, 5, 1, Activation.TANH, Init.SCALE));
    assertThat(conv(32, 3, 2).with(RELU).with(Init.SCALE).toString()).isEqualTo("conv:32:3:2/relu/scale");
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv:32:3", "relu", "reshape:7x7", "flatten/relu", "16/relu/he/he", "16/he/relu", "12x", ""})
  void aLayerNotInTheTextFormSaysTheForm(String text) {
    assertThatThrownBy(() -> Layer.parse(text)).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("layer '" + text + "' is not in the layer text form")
        .hasMessageContaining("conv:FILTERS:KERNEL:STRIDE");
  }

  @Test void encoderOfIntsStillMeansDenseLayersOfTheSpecsActivation() {
    Vae v = Vae.builder().encoder(512, 256).decoder(256, 512).activation(RELU).build();
    assertThat(v.encoder()).containsExactly(dense(512), dense(256));
    assertThat(v.isPlainMlp()).isTrue();
    assertThat(v.layersText()).isEqualTo("encoder 512,256 decoder 256,512");
    assertThat(Vae.builder().build().hidden()).isEqualTo(500);
    assertThat(Vae.builder().encoder(dense(500).with(RELU)).decoder(dense(500).with(RELU)).build().hidden()).isEqualTo(-1);
  }

  @Test void theKerasPresetIsTheIssuesArchitecture() {
    Vae v = Preset.KERAS_CONV.builder().build();
    assertThat(Layer.toText(v.encoder())).isEqualTo("conv:32:3:2/relu,conv:64:3:2/relu,flatten,16/relu");
    assertThat(Layer.toText(v.decoder())).isEqualTo("3136/relu,reshape:7x7x64,tconv:64:3:2/relu,tconv:32:3:2/relu,tconv:1:3:1");
    assertThat(Preset.parse("keras-conv")).isEqualTo(Preset.KERAS_CONV);
    Vae mnist = v.resolvedFor(Images.of(28, 28, new float[784], null));
    assertThat(mnist.image()).isEqualTo(new ImageShape(28, 28, 1));
    List<LayerPlan.Step> enc = LayerPlan.encoder(mnist), dec = LayerPlan.decoder(mnist);
    assertThat(enc.stream().map(s -> LayerPlan.shape(s.out())).toList()).containsExactly("14x14x32", "7x7x64", "3136", "16", "4");
    assertThat(dec.stream().map(s -> LayerPlan.shape(s.out())).toList())
        .containsExactly("3136", "7x7x64", "14x14x64", "28x28x32", "28x28x1");
    assertThat(enc.get(0).toImage()).isTrue();
    assertThat(dec.get(dec.size() - 1).activation()).isNull();   // the logits
  }

  static Stream<Arguments> badNetworks() {
    Vae.Builder b = Vae.builder().image(28, 28, 1);
    return Stream.of(
        arguments((ThrowingCallable) () -> b.encoder(conv(4, 3, 2), dense(8)).build(),
            "encoder layer 2 (8) is dense but its input is 14x14x4; put flatten before it"),
        arguments((ThrowingCallable) () -> b.encoder(conv(4, 3, 2)).build(),
            "the encoder ends with a 14x14x4 output; end it with flatten (the mean and log-std head is a dense layer)"),
        arguments((ThrowingCallable) () -> b.encoder(flatten()).decoder(dense(100), reshape(7, 7, 2)).build(),
            "decoder layer 2 (reshape:7x7x2) gives 98 values, but its input is 100 = 100 values; make height x width x channels equal 100"),
        arguments((ThrowingCallable) () -> b.encoder(8).decoder(dense(98), tconvOut()).build(),
            "decoder layer 2 (tconv:1:3:2) needs an image input, but its input is a row of 98 values; put reshape:HxWxC before it"),
        arguments((ThrowingCallable) () -> b.encoder(8).decoder(dense(98), reshape(7, 7, 2), convTranspose(1, 3, 2).with(RELU)).build(),
            "the decoder's last layer tconv:1:3:2/relu is its output layer (the likelihood's parameters) and takes no activation;"
                + " write it without /relu"),
        arguments((ThrowingCallable) () -> b.encoder(8).decoder(dense(98), reshape(7, 7, 2)).build(),
            "the decoder ends with a 7x7x2 output; end it with flatten (then a dense output layer of dataDim units follows) or with"
                + " a (transposed) convolution whose output is the image"),
        arguments((ThrowingCallable) () -> Vae.builder().dataDim(784).encoder(dense(8), conv(2, 3, 1)).build(),
            "encoder layer 2 (conv:2:3:1) needs an image input, but its input is a row of 8 values; put reshape:HxWxC before it"),
        arguments((ThrowingCallable) () -> Vae.builder().image(28, 28, 1).dataDim(100).build(),
            "image 28x28x1 has 784 values, but dataDim is 100; give the one shape the data have"));
  }

  private static Layer tconvOut() { return convTranspose(1, 3, 2); }

  @ParameterizedTest @MethodSource("badNetworks")
  void aNetworkWhoseShapesDoNotFitFailsInOneLineNamingTheLayer(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(InvalidConfigException.class).hasMessage(message);
  }
}
