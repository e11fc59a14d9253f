package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code run}'s options of the matrix-free path on the command line: refusals are one line and exit 2 before Spark
 * starts or anything is written, and {@code --help} documents the spellings.
 */
class MatrixFreeOptionsTest {
  static final Path INPUTS = Path.of("src/test/resources/fixtures/e2e/inputs");

  @TempDir
  Path tmp;

  record Outcome(int code, String stdout, String stderr) {}

  static Outcome cli(String... args) {
    PrintStream savedErr = System.err;
    PrintStream savedOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(savedErr);
      System.setOut(savedOut);
    }
  }

  static Stream<Arguments> refusals() {
    String npy = INPUTS.resolve("distances.npy").toString();
    String ids = INPUTS.resolve("token_indices.pt").toString();
    String metric = INPUTS.resolve("metric.pt").toString();
    return Stream.of(
        Arguments.of(List.of("--distances", npy, "--token-indices", ids, "--metric", metric, "--tokens", "all"),
            "--tokens: cannot be used with --distances"),
        Arguments.of(List.of("--distances", npy, "--token-indices", ids, "--metric", "estimate"),
            "--metric: 'estimate' cannot be used with --distances"),
        Arguments.of(List.of("--distances", npy, "--token-indices", ids, "--metric", "identity"),
            "--metric: 'identity' cannot be used with --distances"),
        Arguments.of(List.of("--distances", npy, "--token-indices", ids, "--metric", metric, "--duplicates",
            "collapse"), "--duplicates: 'collapse' cannot be used with --distances"),
        Arguments.of(List.of("--distances", npy, "--metric", metric), "--token-indices: is required with --distances"),
        Arguments.of(List.of("--metric", metric), "--tokens: without --distances the tokens must be given"),
        Arguments.of(List.of("--tokens", "all", "--token-indices", ids, "--metric", metric),
            "--tokens: cannot be used with --token-indices"),
        Arguments.of(List.of("--tokens", "sample:10:x", "--metric", metric), "--tokens: must be 'all', 'sample:N' or"),
        Arguments.of(List.of("--tokens", "sample:601", "--metric", "estimate"),
            "--tokens: 'sample:601' asks for 601 tokens but the vocabulary has 600"),
        Arguments.of(List.of("--tokens", "sample:15", "--metric", "estimate"),
            "--tokens: 'sample:15' gives 15 tokens, fewer than k + 1 = 21 (--k 20)"),
        Arguments.of(List.of("--tokens", "all", "--metric", "identity", "--metric-ridge", "1e-3"),
            "--metric-ridge: applies only to --metric estimate"),
        Arguments.of(List.of("--tokens", "all", "--metric", "estimate", "--metric-ridge", "-1"),
            "--metric-ridge: must be a finite number >= 0"),
        Arguments.of(List.of("--tokens", "all", "--metric", "estimate", "--duplicates", "drop"),
            "--duplicates: must be 'keep' or 'collapse', got 'drop'"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusedInOneLineWithExitTwoAndNoOutput(List<String> options, String message) throws Exception {
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of("run", "--model", INPUTS.resolve("model").toString(), "--out",
        out.toString()));
    args.addAll(options);
    Outcome outcome = cli(args.toArray(String[]::new));
    assertEquals(2, outcome.code(), outcome.stderr());
    assertTrue(outcome.stderr().startsWith("causal-density: error: " + message), outcome.stderr());
    assertEquals(1, outcome.stderr().strip().lines().count(), outcome.stderr());
    assertFalse(Files.exists(out));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "no staging folder");
    }
  }

  @Test
  void helpDocumentsTheSpellings() {
    Outcome help = cli("run", "--help");
    assertEquals(0, help.code());
    String text = help.stdout().replaceAll("\\s+", " ");
    for (String spelling : List.of("--tokens=all|sample:N|sample:N:SEED", "'all'", "'sample:N'", "'sample:N:SEED'",
        "--metric=M.pt|estimate|identity", "--metric-ridge", "--duplicates=keep|collapse", "'collapse'")) {
      assertTrue(text.contains(spelling), spelling + " in\n" + help.stdout());
    }
  }
}
