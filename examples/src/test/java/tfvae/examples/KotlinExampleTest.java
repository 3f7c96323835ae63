package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kotlin example (src/main/kotlin) runs on the fixture: it prints a finite test ELBO and writes its figure. */
class KotlinExampleTest {
  static final String FIXTURE = Path.of("..", "api", "src", "test", "resources", "mnist-fixture").toString();

  @Test void theKotlinExampleTrainsOnTheFixturePrintsAFiniteElboAndDrawsTheFigure(@TempDir Path out) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      KotlinExample.main(new String[] {FIXTURE, out.toString(), "2", "500", "500"});
    } finally {
      System.setOut(old);
    }
    String printed = buf.toString(StandardCharsets.UTF_8);
    System.out.print(printed);
    assertThat(printed).contains("epoch 1: train ELBO ").contains("epoch 2: train ELBO ");
    Matcher m = Pattern.compile("test ELBO (\\S+) nats").matcher(printed);
    assertThat(m.find()).as(printed).isTrue();
    double elbo = Double.parseDouble(m.group(1));
    assertThat(elbo).isFinite().isNegative();
    assertThat(out.resolve("fig-2e-samples.png")).isNotEmptyFile();
    assertThat(out.resolve("fig-2e-samples.svg")).isNotEmptyFile();
  }
}
