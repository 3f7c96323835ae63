package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tfvae.TrainedVae;

/**
 * The code examples in the library's Javadoc ({@code <pre>{@code ...}</pre>} in api, runtime and charts) call
 * methods that exist: every {@code Type.method(} of a public tfvae type, and every {@code model.method(}, names a
 * method of that type (of {@link TrainedVae} for {@code model}).
 */
class JavadocExamplesTest {
  static final Pattern BLOCK = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
  static final Pattern CALL = Pattern.compile("\\b([A-Za-z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)\\(");
  static final List<String> PACKAGES = List.of("tfvae.", "tfvae.data.", "tfvae.charts.");

  @Test void everyCallInAJavadocExampleNamesAMethodThatExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int calls = 0;
    for (String module : List.of("api", "runtime", "charts")) {
      try (Stream<Path> files = Files.walk(TestData.ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher block = BLOCK.matcher(Files.readString(f));
          while (block.find()) {
            Matcher call = CALL.matcher(block.group(1).replaceAll("(?m)^\\s*\\*", ""));
            while (call.find()) {
              Class<?> type = call.group(1).equals("model") ? TrainedVae.class : type(call.group(1));
              if (type == null) continue; // a local variable or a JDK type: not checked
              calls++;
              if (!hasMethod(type, call.group(2))) missing.add(f.getFileName() + ": " + call.group(1) + "." + call.group(2) + "(");
            }
          }
        }
      }
    }
    assertThat(calls).as("calls checked").isGreaterThan(20);
    assertThat(missing).as("Javadoc examples calling methods that do not exist").isEmpty();
  }

  @Test void theCheckFindsAMethodThatDoesNotExist() {
    assertThat(hasMethod(TrainedVae.class, "encode")).isTrue();
    assertThat(hasMethod(TrainedVae.class, "encodeMeans")).isFalse();
    assertThat(type("LatentScatter")).isNotNull();
    assertThat(type("NoSuchFigure")).isNull();
  }

  static Class<?> type(String simpleName) {
    for (String p : PACKAGES) {
      try {
        return Class.forName(p + simpleName);
      } catch (ClassNotFoundException e) {
        // try the next package
      }
    }
    return null;
  }

  static boolean hasMethod(Class<?> type, String name) {
    if (type.isRecord() && Arrays.stream(type.getRecordComponents()).anyMatch(c -> c.getName().equals(name))) return true;
    for (Class<?> c = type; c != null; c = c.getSuperclass()) if (declares(c, name)) return true;
    return Arrays.stream(type.getInterfaces()).anyMatch(i -> hasMethod(i, name));
  }

  private static boolean declares(Class<?> c, String name) {
    for (Method m : c.getDeclaredMethods()) if (m.getName().equals(name)) return true;
    return false;
  }
}
