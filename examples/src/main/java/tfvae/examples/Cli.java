package tfvae.examples;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import tfvae.VaeException;

/** Runs a picocli command: one readable line and exit code 2 for our errors, the stack trace only with --verbose. */
final class Cli {
  private Cli() {}

  static void run(Callable<Integer> command, String[] args) {
    CommandLine cl = new CommandLine(command).setOverwrittenOptionsAllowed(true); // launchers pass defaults first
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      boolean verbose = parsed.hasMatchedOption("--verbose");
      if (verbose || !(e instanceof VaeException || e instanceof UncheckedIOException || e instanceof IllegalStateException)) {
        e.printStackTrace();
      }
      System.err.println(line.getCommandName() + ": error: " + e.getMessage());
      return 2;
    });
    System.exit(cl.execute(args));
  }
}
