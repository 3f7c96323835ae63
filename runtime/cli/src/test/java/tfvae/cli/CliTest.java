package tfvae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import tfvae.InvalidConfigException;

/** {@link Cli}: every failure is one line and exit 2; {@code --verbose}, which the runner gives every command, adds the stack trace. */
class CliTest {
  @Command(name = "fails", subcommands = Fails.Sub.class)
  static final class Fails implements Callable<Integer> {
    @Override public Integer call() { throw new IllegalStateException("a bug of ours"); }

    @Command(name = "sub", mixinStandardHelpOptions = true)
    static final class Sub implements Callable<Integer> {
      @Override public Integer call() { throw new InvalidConfigException("--size must be at least 1, got 0"); }
    }
  }

  record Run(int status, String stderr) {}

  private static Run run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int status = Cli.execute(new Fails(), args);
      return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  @Test void aFailureIsOneLineAndExitTwo() {
    assertThat(run()).isEqualTo(new Run(2, "fails: error: a bug of ours (IllegalStateException; --verbose prints the stack trace)\n"));
    assertThat(run("sub")).isEqualTo(new Run(2, "fails sub: error: --size must be at least 1, got 0\n"));
  }

  @Test void verboseAddsTheStackTraceOnEveryCommand() {
    Run top = run("--verbose");
    assertThat(top.status()).isEqualTo(2);
    assertThat(top.stderr()).startsWith("java.lang.IllegalStateException: a bug of ours\n\tat ")
        .endsWith("fails: error: a bug of ours (IllegalStateException)\n");
    Run sub = run("sub", "--verbose");
    assertThat(sub.status()).isEqualTo(2);
    assertThat(sub.stderr()).startsWith("tfvae.InvalidConfigException: --size must be at least 1, got 0\n\tat ")
        .endsWith("fails sub: error: --size must be at least 1, got 0\n");
  }

  @Test void theHelpOfEveryCommandListsVerbose() {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cli.execute(new Fails(), new String[] {"sub", "--help"})).isZero();
    } finally {
      System.setOut(out);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("--verbose\\s+print stack traces of errors");
  }
}
