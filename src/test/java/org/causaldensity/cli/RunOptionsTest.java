package org.causaldensity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Option defaults have one home, {@code AnalysisOptions.DEFAULT_*}: the command line and the shipped file agree; the
 * d_eff sources and null-model options.
 */
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

  private static RunOptions options(String dEff, String nullModels, int nullSeeds) {
    RunOptions options = new RunOptions();
    options.dEff = dEff;
    options.nullModels = nullModels;
    options.nullSeeds = nullSeeds;
    options.bootstrapResamples = 2000;
    options.bins = 30;
    options.onInvalid = "error";
    return options;
  }

  @Test
  void dEffSourcesHaveHonestNamesAndTheOldAmbiguousOneIsRefusedNamingBoth() {
    assertEquals(AnalysisOptions.DEffSource.METRIC_PARTICIPATION_RATIO,
        options("metric-participation-ratio", null, 3).toAnalysisOptions().dEffSource());
    assertEquals(AnalysisOptions.DEffSource.SAMPLE_PARTICIPATION_RATIO,
        options("sample-participation-ratio", null, 3).toAnalysisOptions().dEffSource());
    AnalysisOptions number = options("1333", null, 3).toAnalysisOptions();
    assertEquals(AnalysisOptions.DEffSource.OPTION, number.dEffSource());
    assertEquals(1333.0, number.dEff());
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> options("participation-ratio", null, 3).toAnalysisOptions());
    assertEquals(Failure.USAGE, e.failure());
    assertTrue(e.getMessage().contains("'metric-participation-ratio'") && e.getMessage().contains(
        "'sample-participation-ratio'"), e.getMessage());
  }

  @Test
  void nullModelsRunByDefaultUpTo20000TokensAndOnOrOffOverrides() {
    AnalysisOptions auto = options("1333", null, 3).toAnalysisOptions();
    assertTrue(auto.runNullModels(20_000));
    assertTrue(!auto.runNullModels(20_001));
    assertTrue(options("1333", "on", 3).toAnalysisOptions().runNullModels(32_000));
    assertTrue(!options("1333", "off", 3).toAnalysisOptions().runNullModels(300));
    CausalDensityException bad = assertThrows(CausalDensityException.class,
        () -> options("1333", "yes", 3).toAnalysisOptions());
    assertEquals("--null-models: must be 'on' or 'off', got 'yes'", bad.getMessage());
    CausalDensityException seeds = assertThrows(CausalDensityException.class,
        () -> options("1333", null, 0).toAnalysisOptions());
    assertEquals("--null-seeds: must be in 1..100, got 0", seeds.getMessage());
  }
}
