package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tfvae.TrainedVae;

/** The figures' use of the model, against a stand-in model that records what it is asked. */
class VaeFiguresSeedTest {
  /** The z each figure decoded, and the seeds it sampled with, in call order. */
  final List<float[][]> decoded = new ArrayList<>();
  final List<Long> priorSeeds = new ArrayList<>(), imageSeeds = new ArrayList<>();

  /**
   * A TrainedVae whose prior draws are, like TensorFlow's stateless ones, a pure function of (seed, row): the first
   * rows are the same whatever the count. Decoding gives blank 28 x 28 images.
   */
  final TrainedVae model = (TrainedVae) Proxy.newProxyInstance(TrainedVae.class.getClassLoader(), new Class<?>[] {TrainedVae.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "samplePrior" -> {
          int n = (Integer) args[0];
          long seed = (Long) args[1];
          priorSeeds.add(seed);
          float[][] z = new float[n][];
          for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
            z[i] = new float[] {(float) r.nextDouble(-3, 3), (float) r.nextDouble(-3, 3)};
          }
          yield z;
        }
        case "decodeMeans" -> {
          decoded.add((float[][]) args[0]);
          yield new float[((float[][]) args[0]).length][784];
        }
        case "sampleImages" -> {
          imageSeeds.add((Long) args[1]);
          yield new float[((float[][]) args[0]).length][784];
        }
        case "spec" -> tfvae.Vae.builder().dataDim(784).build(); // the captions name the likelihood
        default -> throw new UnsupportedOperationException(method.getName());
      });

  @Test void figures2eAnd3aDrawDifferentZFromThePriorForTheSameSeed() {
    VaeFigures.priorSamples(model, 20, 0);
    VaeFigures.priorSamplesAndBinary(model, 10, 0);

    assertThat(priorSeeds).containsExactly(0L, VaeFigures.priorSamplesAndBinarySeed(0));
    float[][] fig2e = decoded.get(0), fig3a = decoded.get(1);
    assertThat(fig2e).hasNumberOfRows(20);
    assertThat(fig3a).hasNumberOfRows(10);
    for (int i = 0; i < 10; i++)
      for (int j = 0; j < 20; j++) assertThat(fig3a[i]).as("3(a) column %d against 2(e) sample %d", i, j).isNotEqualTo(fig2e[j]);
  }

  @Test void figure3aSamplesItsBinaryImagesWithItsOwnSeedTooAndTheDerivedSeedIsDocumentedXor() {
    VaeFigures.priorSamplesAndBinary(model, 10, 42);

    assertThat(VaeFigures.priorSamplesAndBinarySeed(42)).isEqualTo(42 ^ VaeFigures.FIG_3A_SEED_SALT).isNotEqualTo(42);
    assertThat(imageSeeds).containsExactly(VaeFigures.priorSamplesAndBinarySeed(42));
    assertThat(decoded.get(0)).hasNumberOfRows(10);
  }

  @Test void figure2eKeepsDrawingWithTheGivenSeed() {
    VaeFigures.priorSamples(model, 20, 7);

    assertThat(priorSeeds).containsExactly(7L);
  }
}
