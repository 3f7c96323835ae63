package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README and the pages under {@code docs/} honest: every {@code ```java} block compiles against the
 * library, and every relative link points at a file of this repository (and at a heading of it, for a {@code #}
 * anchor). A block is compiled as the body of a method, after the imports that {@code scripts/jshell} loads, so it
 * reads as a JShell snippet; it may use the names of {@link #CONTEXT} without declaring them (earlier blocks on its
 * page declare them). The README's JShell block also runs, in {@link ReadmeExampleTest}.
 */
class DocsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String IMPORTS = "import java.nio.file.*; import java.util.*; import tfvae.*; import tfvae.data.*; import tfvae.charts.*;";
  /** Names a block may use undeclared, as fields of the class its body is compiled in (a local of a block shadows them). */
  static final String CONTEXT = "Vae vae; DataSplit data; TrainedVae model; float[] x; Path out;";

  @Test void everyJavaBlockInTheReadmeAndTheDocsCompiles() {
    List<Path> pages = pages(ROOT);
    assertThat(pages).as("README.md and at least five pages under docs/").hasSizeGreaterThanOrEqualTo(6);
    List<Block> java = pages.stream().flatMap(p -> blocks(p).stream()).filter(b -> b.lang().equals("java")).toList();
    assertThat(java).as("java blocks").hasSizeGreaterThanOrEqualTo(5);
    assertThat(compileErrors(java)).as("java blocks that do not compile").isEmpty();
  }

  @Test void everyRelativeLinkInTheReadmeAndTheDocsResolvesInsideTheRepository() {
    List<String> broken = pages(ROOT).stream().flatMap(p -> brokenLinks(ROOT, p).stream()).toList();
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test void everyImageUnderDocsIsShownSomewhere() throws IOException {
    String all = pages(ROOT).stream().map(DocsTest::read).collect(Collectors.joining("\n"));
    try (Stream<Path> images = Files.list(ROOT.resolve("docs/images"))) {
      assertThat(images.map(p -> p.getFileName().toString()).filter(name -> !all.contains("images/" + name)).toList())
          .as("images in docs/images that no page shows").isEmpty();
    }
  }

  @Test void aBrokenLinkOrAnchorIsReportedWithItsPageAndLine(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/other.md"), "# Other page\n\n## Its `second` part: here\n");
    Path page = dir.resolve("docs/page.md");
    Files.writeString(page, String.join("\n",
        "# Title", "",
        "[fine](other.md), [fine too](other.md#its-second-part-here), [here](#title), [web](https://example.org/x)",
        "[missing](gone.md) and [no anchor](other.md#nowhere)",
        "```sh", "[not a link](inside-a-code-block.md)", "```",
        "`[not a link either](in-code.md)` and [outside](../../elsewhere.md)", ""));
    assertThat(brokenLinks(dir, page)).containsExactly(
        "docs/page.md:4: gone.md does not exist",
        "docs/page.md:4: other.md#nowhere: docs/other.md has no heading or anchor 'nowhere'",
        "docs/page.md:8: ../../elsewhere.md points outside the repository");
  }

  @Test void aJavaBlockThatDoesNotCompileIsReportedWithItsPageAndLine(@TempDir Path dir) throws IOException {
    Path page = dir.resolve("page.md");
    Files.writeString(page, String.join("\n",
        "# Title", "", "```java", "var spec = Vae.builder().latent(2).build();", "```", "",
        "```java", "var spec = Vae.builder().latnet(2).build();", "System.out.println(model.elbo(data.test()));", "```", ""));
    List<String> errors = compileErrors(blocks(page));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith(page + ":8: ").contains("cannot find symbol").contains("latnet");
  }

  /** A fenced code block: the page, the line of its first code line (1-based), its language and its text. */
  record Block(Path page, int line, String lang, String code) {}

  static List<Path> pages(Path root) {
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      return pages;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path page) {
    try {
      return Files.readString(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Block> blocks(Path page) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = read(page).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String open = lines.get(i).strip();
      if (!open.startsWith("```")) continue;
      int start = i + 1;
      StringBuilder code = new StringBuilder();
      for (i = start; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) code.append(lines.get(i)).append('\n');
      blocks.add(new Block(page, start + 1, open.substring(3).strip().toLowerCase(Locale.ROOT), code.toString()));
    }
    return blocks;
  }

  /** @return one line per compiler error, {@code page:line: message}, with the line in the page */
  static List<String> compileErrors(List<Block> blocks) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, Block> byClass = new HashMap<>();
    for (Block b : blocks) {
      String name = "DocBlock" + sources.size();
      byClass.put(name, b);
      StringBuilder imports = new StringBuilder(IMPORTS);
      StringBuilder body = new StringBuilder();
      for (String line : b.code().split("\n", -1)) {
        boolean isImport = line.startsWith("import ");
        (isImport ? imports : body).append(isImport ? " " + line : line).append(isImport ? "" : "\n");
        if (isImport) body.append('\n');   // keeps the block's lines where they were
      }
      // line 1: imports; line 2: class, context and method; the block starts on line 3
      String text = imports + "\nclass " + name + " { " + CONTEXT + " void run() throws Exception {\n" + body + "}}\n";
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }
      });
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes;
    try {
      classes = Files.createTempDirectory("docs-blocks");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
        "-proc:none", "-Xlint:deprecation,removal", "-Werror");
    javac.getTask(null, null, diagnostics, options, null, sources).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR && d.getKind() != Diagnostic.Kind.WARNING && d.getKind() != Diagnostic.Kind.MANDATORY_WARNING) continue;
      if (d.getSource() == null) {
        errors.add(d.getMessage(Locale.ROOT));
        continue;
      }
      Block b = byClass.get(Path.of(d.getSource().toUri().getPath()).getFileName().toString().replace(".java", ""));
      errors.add(b.page() + ":" + (b.line() + d.getLineNumber() - 3) + ": " + d.getMessage(Locale.ROOT).lines().map(String::strip).collect(Collectors.joining("; ")));
    }
    return errors;
  }

  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  /** @return one line per link of {@code page} that does not resolve: {@code path/from/root:line: what is wrong} */
  static List<String> brokenLinks(Path root, Path page) {
    List<String> broken = new ArrayList<>();
    String where = root.relativize(page).toString();
    List<String> lines = read(page).lines().toList();
    boolean inCode = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) inCode = !inCode;
      if (inCode || line.strip().startsWith("```")) continue;
      Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("(?i)(https?|mailto):.*")) continue;
        String problem = problem(root, page, target);
        if (problem != null) broken.add(where + ":" + (i + 1) + ": " + problem);
      }
    }
    return broken;
  }

  private static String problem(Path root, Path page, String target) {
    if (target.contains(":") || target.startsWith("/")) return target + " is not a relative link";
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) return target + " points outside the repository";
    if (!Files.exists(file)) return target + " does not exist";
    if (hash < 0) return null;
    String anchor = target.substring(hash + 1);
    if (!file.toString().endsWith(".md") || anchors(file).contains(anchor)) return null;
    return target + ": " + root.relativize(file) + " has no heading or anchor '" + anchor + "'";
  }

  private static final Pattern HTML_ID = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"");

  /** @return the anchors GitHub gives the headings of {@code page} (and its {@code <a id>}s) */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : read(page).lines().toList()) {
      if (line.strip().startsWith("```")) inCode = !inCode;
      if (inCode) continue;
      Matcher id = HTML_ID.matcher(line);
      while (id.find()) anchors.add(id.group(1));
      if (!line.matches("#{1,6} .*")) continue;
      String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }
}
