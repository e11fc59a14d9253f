package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.causaldensity.testing.CommandLineRun;
import org.causaldensity.testing.Mounts;

/**
 * Failures refused before Spark starts, through the command line: one {@code causal-density: error:} line, the
 * class's exit code, and nothing changed on disk. Inputs are copies of the end-to-end fixture.
 */
class RefusalsBeforeSparkTest {
  static final Path E2E = Path.of("src/test/resources/fixtures/e2e/inputs");
  static final Path SAFETY = Path.of("src/test/resources/fixtures/safety");
  /** Long enough for a refusal, far shorter than a named pipe's open(), which never returns. */
  static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  record Outcome(int code, String stderr) {
    /** The one line printed. */
    String line() {
      List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "one line on stderr:\n" + stderr);
      return lines.get(0);
    }
  }

  static Outcome cli(String... args) {
    CommandLineRun.Outcome outcome = CommandLineRun.run(args);
    return new Outcome(outcome.code(), outcome.stderr());
  }

  /** A copy of the e2e inputs under {@code dir}. */
  static Path copyInputs(Path dir) throws IOException {
    Path data = dir.resolve("data");
    try (Stream<Path> walk = Files.walk(E2E)) {
      for (Path source : walk.toList()) {
        Path target = data.resolve(E2E.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return data;
  }

  static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, actual.get(name)), name + " changed"));
  }

  static String[] run(Path data, String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--distances", data.resolve("distances.npy").toString(),
        "--token-indices", data.resolve("token_indices.pt").toString(),
        "--metric", data.resolve("metric.pt").toString(),
        "--model", data.resolve("model").toString(), "--out", out));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static String[] with(String[] args, String option, String value) {
    List<String> list = new ArrayList<>(List.of(args));
    list.set(list.indexOf(option) + 1, value);
    return list.toArray(String[]::new);
  }

  @Test
  void anOutThatIsContainsOrLiesInsideAnInputIsRefusedEvenWithOverwrite() throws IOException {
    Path data = copyInputs(tmp);
    Map<String, byte[]> before = snapshot(tmp);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), data);
    Map<String, String> outs = Map.of(
        data.toString(), "holds the inputs",
        data.resolve("model").toString(), "is the model folder",
        data.resolve("distances.npy").toString(), "is the matrix itself",
        tmp.toString(), "contains the inputs",
        data.resolve("model/results").toString(), "lies inside the model folder",
        link.toString(), "is the inputs' folder through a symbolic link",
        data.resolve("model/../model").toString(), "is the model folder by a path with ..");
    for (Map.Entry<String, String> out : outs.entrySet()) {
      Outcome outcome = cli(run(data, out.getKey(), "--overwrite"));
      assertEquals(2, outcome.code(), out.getValue() + ": " + outcome.stderr());
      assertTrue(outcome.line().startsWith("causal-density: error: --out: file:"), outcome.stderr());
      assertTrue(outcome.line().endsWith("a run never writes over its inputs, so choose another output folder"),
          outcome.stderr());
    }
    Outcome ingest = cli("ingest", "--distances", data.resolve("distances.npy").toString(), "--out", data.toString(),
        "--overwrite");
    assertEquals(2, ingest.code(), ingest.stderr());
    assertTrue(ingest.line().contains("contains the input file:" + data.resolve("distances.npy")), ingest.stderr());
    Files.delete(link);
    assertSameFiles(before, snapshot(tmp));
  }

  @Test
  void namedPipesDevicesAndSymlinkLoopsAreRefusedBeforeOpening() throws Exception {
    Path data = copyInputs(tmp);
    Path fifo = tmp.resolve("token_indices.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
    Path loop = tmp.resolve("loop.npy");
    Files.createSymbolicLink(loop, tmp.resolve("loop2.npy"));
    Files.createSymbolicLink(tmp.resolve("loop2.npy"), loop);
    String[] args = run(data, tmp.resolve("out").toString());

    Outcome pipe = assertTimeoutPreemptively(REFUSAL_TIMEOUT, () -> cli(with(args, "--token-indices",
        fifo.toString())));
    assertEquals(3, pipe.code(), pipe.stderr());
    assertEquals("causal-density: error: file:" + fifo + ": is a named pipe (FIFO), not a regular file", pipe.line());

    Outcome device = assertTimeoutPreemptively(REFUSAL_TIMEOUT, () -> cli(with(args, "--metric", "/dev/zero")));
    assertEquals(3, device.code(), device.stderr());
    assertEquals("causal-density: error: file:/dev/zero: is a character device, not a regular file", device.line());

    Outcome looping = assertTimeoutPreemptively(REFUSAL_TIMEOUT, () -> cli(with(args, "--distances",
        loop.toString())));
    assertEquals(5, looping.code(), looping.stderr());
    assertTrue(looping.line().endsWith(": cannot be resolved: a loop of symbolic links"), looping.stderr());
    assertTrue(!Files.exists(tmp.resolve("out")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--k=abc", "--bogus", "--k=1 --k=2", "--out"})
  void picocliRefusalsAreOneLinePointingToHelp(String bad) throws IOException {
    Path data = copyInputs(tmp);
    List<String> args = new ArrayList<>(List.of(run(data, tmp.resolve("out").toString())));
    if (bad.equals("--out")) {
      args.remove(args.size() - 1);
      args.remove(args.size() - 1);
    }
    args.addAll(List.of(bad.equals("--out") ? new String[0] : bad.split(" ")));
    Outcome outcome = cli(args.toArray(String[]::new));
    assertEquals(2, outcome.code(), outcome.stderr());
    String line = outcome.line();
    String subject = bad.equals("--bogus") ? "--bogus" : bad.substring(0, bad.indexOf('=') < 0 ? bad.length()
        : bad.indexOf('='));
    assertTrue(line.startsWith("causal-density: error: " + subject + ": "), line);
    assertTrue(line.endsWith("(see 'causal-density run --help')"), line);
  }

  @Test
  void optionsThatSizeAllocationsOrArithmeticHaveRanges() throws IOException {
    Path data = copyInputs(tmp);
    String[] base = run(data, tmp.resolve("out").toString());
    Map<String, String> refusals = Map.of(
        "--bins=2147483647", "causal-density: error: --bins: must be between 1 and 100000, got 2147483647",
        "--bootstrap-resamples=2000000000",
        "causal-density: error: --bootstrap-resamples: must be between 100 and 1000000, got 2000000000",
        "--d-eff=1e308", "causal-density: error: --d-eff: must be a number in (0, 1e+05], "
            + "'metric-participation-ratio' or 'sample-participation-ratio', got '1e308'",
        "--k=100000", "causal-density: error: --k: must be between 1 and N-1 = 259, got 100000");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      List<String> args = new ArrayList<>(List.of(base));
      args.add(refusal.getKey());
      Outcome outcome = cli(args.toArray(String[]::new));
      assertEquals(2, outcome.code(), outcome.stderr());
      assertEquals(refusal.getValue(), outcome.line());
    }
    assertTrue(!Files.exists(tmp.resolve("out")));
  }

  @Test
  void booleanTokenIdsAreRefused() throws IOException {
    Path data = copyInputs(tmp);
    Path bools = SAFETY.resolve("token_indices_bool.pt");
    Outcome outcome = cli(with(run(data, tmp.resolve("out").toString()), "--token-indices", bools.toString()));
    assertEquals(4, outcome.code(), outcome.stderr());
    assertEquals("causal-density: error: " + bools.toAbsolutePath() + ": 'token_indices' is a bool tensor; token "
        + "ids must be integers", outcome.line().replace("file:", ""));
  }

  @Test
  void aPickleThatCopiesOneValueOverAndOverIsRefusedNotRunOutOfMemory() throws IOException {
    Path data = copyInputs(tmp);
    Path bomb = SAFETY.resolve("bytearray_bomb.pt");
    assertTrue(Files.size(bomb) < 64 * 1024, "a small file");
    Outcome outcome = assertTimeoutPreemptively(REFUSAL_TIMEOUT, () -> cli(with(run(data, tmp.resolve("out")
        .toString()), "--metric", bomb.toString())));
    assertEquals(3, outcome.code(), outcome.stderr());
    assertTrue(outcome.line().contains("materialises more than"), outcome.line());
  }

  @Test
  void aTokenizerThatIsNotJsonIsRefusedBeforeSpark() throws IOException {
    Path data = copyInputs(tmp);
    Path tokenizer = SAFETY.resolve("tokenizer_not_json.json");
    Outcome outcome = cli(run(data, tmp.resolve("out").toString(), "--tokenizer", tokenizer.toString()));
    assertEquals(3, outcome.code(), outcome.stderr());
    assertTrue(outcome.line().startsWith("causal-density: error: file:" + tokenizer.toAbsolutePath() + ": is not "
        + "JSON: "), outcome.line());
  }

  @Test
  void s3aPathsSayTheConnectorIsTheClustersToProvide() throws IOException {
    Path data = copyInputs(tmp);
    Outcome outcome = cli(with(run(data, tmp.resolve("out").toString()), "--distances",
        "s3a://bucket/distances.npy"));
    assertEquals(2, outcome.code(), outcome.stderr());
    assertEquals("causal-density: error: s3a://bucket/distances.npy: " + org.causaldensity.io.HadoopFiles.S3A_MISSING, outcome.line());
  }

  @Test
  void demoRefusesAnOccupiedFolderWithoutOverwrite() throws IOException {
    Path dir = tmp.resolve("demo");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Outcome outcome = cli("demo", "--out", dir.toString(), "--inputs-only", "--n", "50", "--vocab", "1000",
        "--hidden", "8");
    assertEquals(6, outcome.code(), outcome.stderr());
    assertEquals("causal-density: error: " + dir + ": already holds files; pass --overwrite to replace its inputs/ "
        + "and results/", outcome.line());
    assertEquals(List.of("notes.txt"), List.of(dir.toFile().list()));
  }

  @Test
  void demoPublishesItsInputsWholeAndReplacesThemOnlyWithOverwrite() throws IOException {
    Path dir = tmp.resolve("demo");
    String[] demo = {"demo", "--out", dir.toString(), "--inputs-only", "--n", "50", "--vocab", "1000", "--hidden",
        "8"};
    Outcome first = cli(demo);
    assertEquals(0, first.code(), first.stderr());
    assertTrue(Files.exists(dir.resolve("inputs/_SUCCESS")));
    assertEquals(List.of("inputs"), List.of(dir.toFile().list()), "no staging folder beside inputs/");
    Map<String, byte[]> written = snapshot(dir);
    assertEquals(6, cli(demo).code());
    List<String> again = new ArrayList<>(List.of(demo));
    again.add("--overwrite");
    Outcome replaced = cli(again.toArray(String[]::new));
    assertEquals(0, replaced.code(), replaced.stderr());
    Map<String, byte[]> rewritten = snapshot(dir);
    rewritten.remove("inputs/_SUCCESS");
    written.remove("inputs/_SUCCESS");
    assertSameFiles(written, rewritten);
  }

  @Test
  void aReadOnlyOutputLocationIsExitFiveBeforeSpark() throws Exception {
    Path mount = tmp.resolve("ro");
    Files.createDirectories(mount);
    assumeTrue(Mounts.tmpfs(mount, "size=64k,ro"), "cannot mount a tmpfs here (not root, or no mount)");
    try {
      Path data = copyInputs(tmp);
      Path out = mount.resolve("out");
      Outcome outcome = cli(run(data, out.toString()));
      assertEquals(5, outcome.code(), outcome.stderr());
      assertTrue(outcome.line().startsWith("causal-density: error: file:" + out + ": cannot write beside it (in "),
          outcome.line());
    } finally {
      Mounts.unmount(mount);
    }
  }
}
