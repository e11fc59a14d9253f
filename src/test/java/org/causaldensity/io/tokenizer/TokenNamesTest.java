package org.causaldensity.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token strings from the real Qwen3 tokenizer.json in ../shared/fixtures (skipped where that folder is absent). */
class TokenNamesTest {
  static Path qwen3() {
    Path shared = Path.of(System.getProperty("causaldensity.shared", "../shared"));
    Path tokenizer = shared.resolve("fixtures/tokenizers/qwen3/tokenizer.json");
    Assumptions.assumeTrue(Files.isRegularFile(tokenizer), "no Qwen3 tokenizer at " + tokenizer + ": skipped");
    return tokenizer;
  }

  @Test
  void qwen3IdsDecodeToTheirTokensAndPaddingRowsToNull() {
    Path tokenizer = qwen3();
    // From the fixture's README: id 5 is "&"; 151643 is <|endoftext|>, the first of 26 added tokens ending at
    // 151668 </think>; 151669..151935 are the embedding's padding rows without a token.
    String[] tokens = TokenNames.decode(tokenizer.toString(), new Configuration(),
        new long[] {5, 151643, 151668, 151669, 151935});
    assertArrayEquals(new String[] {"&", "<|endoftext|>", "</think>", null, null}, tokens);
  }

  @Test
  void byteLevelTokensDecodeToText() {
    String[] tokens = TokenNames.decode(qwen3().toString(), new Configuration(), new long[] {9707, 1879});
    // "Hello" and " world" in Qwen's byte-level BPE (Ġ stands for the leading space).
    assertEquals("Hello", tokens[0]);
    assertEquals(" world", tokens[1]);
  }

  @Test
  void modelFolderTokenizerIsFoundOnlyWhenPresent(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    assertNull(TokenNames.inModelFolder(dir.toString(), conf));
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    assertEquals(dir + "/tokenizer.json", TokenNames.inModelFolder(dir.toString(), conf));
  }

  @Test
  void aFileThatIsNoTokenizerIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("tokenizer.json");
    Files.writeString(bad, "{\"not\": \"a tokenizer\"}");
    CausalDensityException e = assertThrows(CausalDensityException.class,
        () -> TokenNames.decode(bad.toString(), new Configuration(), new long[] {1}));
    assertEquals(Failure.INVALID_FILE, e.failure());
    assertTrue(e.getMessage().startsWith(bad + ": is not a tokenizer"), e.getMessage());
  }
}
