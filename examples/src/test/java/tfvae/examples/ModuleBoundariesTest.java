package tfvae.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.Vae;
import tfvae.charts.VaeFigures;
import tfvae.runtime.Densities;

/**
 * The module rules of STYLE.md 2.4, checked on the compiled classes of each module (imported from where the module's
 * classes are: its jar or its target/classes): api and charts see no TensorFlow type, and neither charts nor the
 * examples see a runtime class or a TensorFlow type.
 */
class ModuleBoundariesTest {
  static JavaClasses api, charts, runtime, examples;

  @BeforeAll static void importModules() {
    api = classesOf(Vae.class);
    charts = classesOf(VaeFigures.class);
    runtime = classesOf(Densities.class);
    examples = classesOf(Reproduce.class);
  }

  /** Every class in the jar or directory that {@code anchor} was loaded from. */
  private static JavaClasses classesOf(Class<?> anchor) {
    try {
      Location where = Location.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new ClassFileImporter().importLocations(List.of(where));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static final ArchRule NO_TENSORFLOW_IN_API = noClasses().should().dependOnClassesThat().resideInAPackage("org.tensorflow..")
      .because("api must stay free of TensorFlow types (STYLE.md 2.4)");

  static final ArchRule CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.tensorflow..", "tfvae.runtime..")
      .because("charts take arrays and records, never TensorFlow or the engine");

  static final ArchRule EXAMPLES_USE_ONLY_PUBLIC_PACKAGES = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.tensorflow..", "tfvae.runtime..")
      .because("examples show the public API: tfvae, tfvae.data, tfvae.spi and tfvae.charts");

  @Test void theImportsHoldEachModulesClassesAndOnlyThose() {
    assertThat(api.contain(Vae.class)).isTrue();
    assertThat(api.containPackage("tfvae.data")).isTrue();
    assertThat(api.containPackage("tfvae.spi")).isTrue();
    assertThat(api.containPackage("tfvae.internal")).isTrue();
    assertThat(api.contain(Densities.class)).isFalse();
    assertThat(runtime.contain(Densities.class)).isTrue();
    assertThat(charts.contain(VaeFigures.class)).isTrue();
    assertThat(charts.contain(Vae.class)).isFalse();
    assertThat(examples.contain(Reproduce.class)).isTrue();
    assertThat(examples.contain("tfvae.examples.KotlinExample")).as("the Kotlin example's class").isTrue();
    assertThat(examples.contain(ModuleBoundariesTest.class)).as("test classes live elsewhere").isFalse();
  }

  @Test void apiHasNoTensorFlowTypes() {
    assertThat(api.size()).isGreaterThan(20);
    NO_TENSORFLOW_IN_API.check(api);
  }

  @Test void chartsHaveNoTensorFlowNorRuntimeTypes() {
    assertThat(charts.size()).isGreaterThan(5);
    CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME.check(charts);
  }

  @Test void examplesUseOnlyThePublicApiNeitherTensorFlowNorRuntime() {
    assertThat(examples.size()).isGreaterThan(5);
    EXAMPLES_USE_ONLY_PUBLIC_PACKAGES.check(examples);
  }

  @Test void theRulesDoFailOnCodeThatBreaksThem() {
    // runtime is built on TensorFlow and uses its own classes freely: every rule must object to it
    assertThat(NO_TENSORFLOW_IN_API.evaluate(runtime).hasViolation()).isTrue();
    assertThat(CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME.evaluate(runtime).hasViolation()).isTrue();
    assertThat(EXAMPLES_USE_ONLY_PUBLIC_PACKAGES.evaluate(runtime).hasViolation()).isTrue();
  }
}
