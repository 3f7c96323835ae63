package tfvae.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import tfvae.Completions;
import tfvae.ConditionalDraws;
import tfvae.LatentViews;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Explorer;
import tfvae.charts.VaeFigures;
import tfvae.cli.Cli;
import tfvae.examples.reproduce.Reproduce;
import tfvae.runtime.Densities;

/**
 * The module rules of STYLE.md 2.4, checked on the compiled classes of each module (imported from where the module's
 * classes are: its jar or its target/classes): api and charts see no TensorFlow type, and neither charts, the cli module
 * (tfvae.cli: scripts/vae and the programs' shared code) nor the examples see a runtime class, a TensorFlow type,
 * tfvae.internal or tfvae.spi.
 */
class ModuleBoundariesTest {
  static JavaClasses api, charts, runtime, cli, examples;

  @BeforeAll static void importModules() {
    api = classesOf(Vae.class);
    charts = classesOf(VaeFigures.class);
    runtime = classesOf(Densities.class);
    cli = classesOf(Cli.class);
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
      .resideInAnyPackage("org.tensorflow..", "tfvae.runtime..", "tfvae.internal..", "tfvae.spi..")
      .because("charts take arrays and records, never TensorFlow or the engine, and use only the public API (tfvae.internal"
          + " and tfvae.spi are the library's own, for api and runtime only)");

  static final ArchRule EXAMPLES_USE_ONLY_PUBLIC_PACKAGES = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.tensorflow..", "tfvae.runtime..", "tfvae.internal..", "tfvae.spi..")
      .because("examples show the public API: tfvae, tfvae.data and tfvae.charts (tfvae.internal and tfvae.spi are the"
          + " library's own, for api and runtime only)");

  static final ArchRule CLI_USES_ONLY_PUBLIC_PACKAGES = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.tensorflow..", "tfvae.runtime..", "tfvae.internal..", "tfvae.spi..", "tfvae.examples..")
      .because("the cli module is a program over the public API (tfvae.internal and tfvae.spi are the library's own, for api"
          + " and runtime only), and it knows none of the examples' programs");

  /**
   * Figures draw; they do not compute (issue 20, section 3): the library computes (LatentViews, ConditionalDraws,
   * Completions, TrainedVae's own queries) and the charts draw the arrays. The explorer follows the mouse, so it keeps
   * its live model.
   */
  static final ArchRule FIGURES_DRAW_THEY_DO_NOT_COMPUTE = noClasses().that().resideInAPackage("tfvae.charts..")
      .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Explorer.class)))
      .should().dependOnClassesThat().areAssignableTo(TrainedVae.class)
      .orShould().accessClassesThat(JavaClass.Predicates.equivalentTo(LatentViews.class).or(JavaClass.Predicates.equivalentTo(ConditionalDraws.class))
          .or(JavaClass.Predicates.equivalentTo(Completions.class)))
      .because("figures take the arrays and records the library computed (compute, then dataset -> chart -> save); only the"
          + " interactive Explorer needs a live model");

  /** Each program is its own package under tfvae.examples; what they share lives in the cli module (tfvae.cli). */
  static final ArchRule PROGRAMS_DO_NOT_IMPORT_EACH_OTHER = slices().matching("tfvae.examples.(*)..").should().notDependOnEachOther()
      .because("a program is a composition of library calls that a reader follows without opening another program");

  @Test void theImportsHoldEachModulesClassesAndOnlyThose() {
    assertThat(api.contain(Vae.class)).isTrue();
    assertThat(api.containPackage("tfvae.data")).isTrue();
    assertThat(api.containPackage("tfvae.spi")).isTrue();
    assertThat(api.containPackage("tfvae.internal")).isTrue();
    assertThat(api.contain(Densities.class)).isFalse();
    assertThat(runtime.contain(Densities.class)).isTrue();
    assertThat(charts.contain(VaeFigures.class)).isTrue();
    assertThat(charts.contain(Vae.class)).isFalse();
    assertThat(cli.contain(Cli.class)).isTrue();
    assertThat(cli.contain("tfvae.cli.vae.VaeCommand")).as("scripts/vae's class").isTrue();
    assertThat(cli.contain(Reproduce.class)).isFalse();
    assertThat(examples.contain(Reproduce.class)).isTrue();
    assertThat(examples.contain(Cli.class)).isFalse();
    assertThat(examples.contain("tfvae.examples.KotlinExample")).as("the Kotlin example's class").isTrue();
    assertThat(examples.contain(ModuleBoundariesTest.class)).as("test classes live elsewhere").isFalse();
  }

  @Test void apiHasNoTensorFlowTypes() {
    assertThat(api.size()).isGreaterThan(20);
    NO_TENSORFLOW_IN_API.check(api);
  }

  @Test void chartsHaveNoTensorFlowNorRuntimeTypesNorTheLibrarysInternals() {
    assertThat(charts.size()).isGreaterThan(5);
    CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME.check(charts);
  }

  @Test void figuresOtherThanTheExplorerNeitherHoldNorQueryAModel() {
    assertThat(charts.contain(Explorer.class)).isTrue();
    FIGURES_DRAW_THEY_DO_NOT_COMPUTE.check(charts);
  }

  @Test void examplesUseOnlyThePublicApiNeitherTensorFlowNorRuntime() {
    assertThat(examples.size()).isGreaterThan(5);
    EXAMPLES_USE_ONLY_PUBLIC_PACKAGES.check(examples);
  }

  @Test void theCliUsesOnlyThePublicApiNeitherTensorFlowNorRuntimeNorTheExamples() {
    assertThat(cli.size()).isGreaterThan(5);
    CLI_USES_ONLY_PUBLIC_PACKAGES.check(cli);
  }

  @Test void programsDoNotImportEachOther() {
    assertThat(examples.containPackage("tfvae.examples.study")).isTrue();
    assertThat(examples.containPackage("tfvae.examples.reproduce")).isTrue();
    PROGRAMS_DO_NOT_IMPORT_EACH_OTHER.check(examples);
  }

  @Test void theRulesDoFailOnCodeThatBreaksThem() {
    // runtime is built on TensorFlow and uses its own classes freely: every rule must object to it
    assertThat(NO_TENSORFLOW_IN_API.evaluate(runtime).hasViolation()).isTrue();
    assertThat(CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME.evaluate(runtime).hasViolation()).isTrue();
    assertThat(EXAMPLES_USE_ONLY_PUBLIC_PACKAGES.evaluate(runtime).hasViolation()).isTrue();
    assertThat(CLI_USES_ONLY_PUBLIC_PACKAGES.evaluate(runtime).hasViolation()).isTrue();
    // api's own classes use tfvae.internal and tfvae.spi: the charts' and the examples' rules must object to them
    assertThat(CHARTS_WITHOUT_TENSORFLOW_OR_RUNTIME.evaluate(api).hasViolation()).isTrue();
    assertThat(EXAMPLES_USE_ONLY_PUBLIC_PACKAGES.evaluate(api).hasViolation()).isTrue();
    assertThat(CLI_USES_ONLY_PUBLIC_PACKAGES.evaluate(api).hasViolation()).isTrue();
    // a program of the examples calling into another: the cli's rule must object to a class that uses tfvae.examples
    assertThat(CLI_USES_ONLY_PUBLIC_PACKAGES.evaluate(new ClassFileImporter().importClasses(tfvae.examples.crossinga.ProgramA.class))
        .hasViolation()).isTrue();
    // two programs of the test sources, one calling the other: the slices rule must object
    assertThat(PROGRAMS_DO_NOT_IMPORT_EACH_OTHER.evaluate(new ClassFileImporter().importClasses(
        tfvae.examples.crossinga.ProgramA.class, tfvae.examples.crossingb.ProgramB.class))
        .hasViolation()).isTrue();
  }
}
