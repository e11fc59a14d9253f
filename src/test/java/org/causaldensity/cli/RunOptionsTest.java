package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.causaldensity.inputs.AnalysisOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option defaults have one home, {@code AnalysisOptions.DEFAULT_*}: the command line and the shipped file agree. */
class RunOptionsTest {
  @Test
  void theCommandLinesDefaultsAreAnalysisOptionsDefaults() {
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs("--distances", "d.npy", "--token-indices", "t.pt", "--metric", "m.pt",
        "--model", "model", "--out", "out");
    assertEquals(AnalysisOptions.defaults("d.npy", "t.pt", "m.pt", "model", "out", false),
        command.options.toAnalysisOptions());
  }

  @Test
  void theShippedDefaultsFileSetsNothing() throws IOException {
    Properties shipped = new Properties();
    try (var in = Files.newInputStream(Path.of("conf/causal-density.properties"))) {
      shipped.load(in);
    }
    assertEquals(0, shipped.size(), "site overrides only: " + shipped);
  }
}
