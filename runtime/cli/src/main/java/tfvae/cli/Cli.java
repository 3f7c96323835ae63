package tfvae.cli;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tfvae.VaeException;

/**
 * Runs a picocli command. Every error ends the same way: one line on standard error and exit status 2; the stack
 * trace only with {@code --verbose}, an option this runner gives every command. Bad command-line words (an unknown option, a value that is not a number) name
 * the word and point at {@code --help} instead of printing the whole usage.
 */
public final class Cli {
  private Cli() {}

  /**
   * With this system property set to true, a command's arguments are only parsed and checked ({@link OptionCheck}):
   * nothing is read, written or run, and the exit status is 0 when they are good. The launchers that fetch MNIST run
   * this first (scripts/lib.sh, tfvae_mnist_first), so a bad option is one line and exit 2 before any download.
   */
  public static final String CHECK_ONLY = "tfvae.cli.check";

  /** A command whose options can be checked without reading or writing anything. */
  public interface OptionCheck {
    /** @throws tfvae.VaeException naming the option and what to do, when an option is out of range */
    void checkOptions();
  }

  /**
   * Runs the command and exits the JVM with its status: a program's {@code main}.
   *
   * @param command a picocli command (annotated with {@code @Command})
   * @param args the command-line words
   */
  public static void run(Callable<Integer> command, String[] args) { System.exit(execute(command, args)); }

  /**
   * Runs the command in this JVM; a bad word or a failure is one line on standard error.
   *
   * @param command a picocli command (annotated with {@code @Command})
   * @param args the command-line words
   * @return the exit status: the command's own, 2 after an error, 0 after {@code --help} or {@code --version}
   */
  public static int execute(Callable<Integer> command, String[] args) {
    CommandLine cl = new CommandLine(command).setOverwrittenOptionsAllowed(true); // launchers pass defaults first
    cl.setParameterExceptionHandler((e, arguments) -> {
      String name = e.getCommandLine().getCommandSpec().qualifiedName();
      System.err.println(name + ": error: " + firstLine(e.getMessage()) + " (" + name + " --help lists the options)");
      return 2;
    });
    addVerbose(cl);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      boolean verbose = line.getParseResult() != null && line.getParseResult().hasMatchedOption(VERBOSE);
      if (verbose) e.printStackTrace();
      System.err.println(line.getCommandSpec().qualifiedName() + ": error: " + optionWords(describe(e, verbose), line.getCommandSpec()));
      return 2;
    });
    if (Boolean.getBoolean(CHECK_ONLY)) cl.setExecutionStrategy(parsed -> {
      if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) return 0;
      try {
        if (command instanceof OptionCheck c) c.checkOptions();
      } catch (RuntimeException e) {
        throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
      }
      return 0;
    });
    return cl.execute(args);
  }

  /** Every command and subcommand takes it: errors then print their stack trace too. */
  private static final String VERBOSE = "--verbose";

  private static void addVerbose(CommandLine cl) {
    if (cl.getCommandSpec().findOption(VERBOSE) == null)
      cl.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder(VERBOSE).description("print stack traces of errors").build());
    cl.getSubcommands().values().forEach(Cli::addVerbose);
  }

  /** Our own errors carry a readable message; anything else is named by its type too, as it is a bug of ours. */
  private static String describe(Exception e, boolean verbose) {
    if (e instanceof VaeException || e instanceof UncheckedIOException) return firstLine(e.getMessage());
    return firstLine(e.getMessage()) + " (" + e.getClass().getSimpleName() + (verbose ? ")" : "; --verbose prints the stack trace)");
  }

  /** The library's field names and the command-line options that set them, where the names differ. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();
  static {
    FIELDS.put("batchSize", "--batch-size");
    FIELDS.put("learningRate", "--learning-rate");
    FIELDS.put("warmupEpochs", "--warmup");
    FIELDS.put("testEvery", "--test-every");
    FIELDS.put("nTrain", "--train");
    FIELDS.put("nTest", "--test");
    FIELDS.put("ignore", "--ignore"); // Table.inferSchema's parameters
    FIELDS.put("types", "--types");
  }
  /** Plain words that are fields only at the start of a "must be" message ("epochs must be in [1, 100000], got 0"). */
  private static final List<String> LEADING = List.of("epochs", "latent", "hidden", "k", "beta", "seed", "samples", "iterations");

  /**
   * The library speaks of its fields ({@code batchSize}); a command-line user set an option ({@code --batch-size}):
   * each field the command has an option for is named by that option.
   */
  static String optionWords(String message, CommandSpec spec) {
    String out = message;
    for (Map.Entry<String, String> f : FIELDS.entrySet())
      if (spec.findOption(f.getValue()) != null) out = out.replaceAll("\\b" + f.getKey() + "\\b", f.getValue());
    for (String w : LEADING)
      if (spec.findOption("--" + w) != null && out.startsWith(w + " must ")) out = "--" + out;
    if (spec.findOption("--device") != null) out = out.replaceAll("\\b(use )?device (cpu|gpu|auto)\\b", "$1--device $2");
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
