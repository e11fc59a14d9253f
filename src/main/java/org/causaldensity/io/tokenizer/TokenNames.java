package org.causaldensity.io.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Token strings of vocabulary ids, decoded offline by DJL's Hugging Face tokenizer from a {@code tokenizer.json}
 * read through the Hadoop FileSystem. Special tokens are kept ({@code <|endoftext|>}); an id the tokenizer has no
 * token for (Qwen3's 267 padding rows past id 151668) gets {@code null}.
 */
public final class TokenNames {
  /** Larger than any real tokenizer.json (Qwen3's is 11 MB). */
  static final long MAX_TOKENIZER_BYTES = 256L << 20;

  private TokenNames() {}

  /** Whether {@code folderOrFile} is a folder holding a {@code tokenizer.json}: where a model keeps its tokenizer. */
  public static String inModelFolder(String folderOrFile, Configuration conf) {
    String candidate = folderOrFile + "/tokenizer.json";
    return HadoopFiles.status(folderOrFile, conf).isDirectory() && HadoopFiles.exists(candidate, conf)
        ? candidate : null;
  }

  /**
   * Checks, before any Spark stage, that {@code tokenizerJson} is a regular file within the size limit holding a
   * JSON object with a {@code "model"} (what every Hugging Face tokenizer.json has); refuses it (exit 3) otherwise.
   */
  public static void checkFile(String tokenizerJson, Configuration conf) {
    byte[] json = HadoopFiles.readAll(tokenizerJson, conf, MAX_TOKENIZER_BYTES);
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      if (root == null || !root.isObject() || !root.has("model")) {
        throw CausalDensityException.invalidFile(tokenizerJson, "is not a Hugging Face tokenizer.json "
            + "(a JSON object with a \"model\")");
      }
    } catch (IOException e) {
      throw CausalDensityException.invalidFile(tokenizerJson, "is not JSON: %s", e.getMessage().lines().findFirst()
          .orElse(""));
    }
  }

  /**
   * {@link #decode}, except that a tokenizer DJL cannot load (its native library cannot be unpacked or loaded, or it
   * rejects the file) gives {@code null} and a warning to {@code warn}: names are optional, the run goes on.
   */
  public static String[] decodeOrWarn(String tokenizerJson, Configuration conf, long[] ids, Consumer<String> warn) {
    try {
      return decode(tokenizerJson, conf, ids);
    } catch (CausalDensityException | LinkageError e) {
      warn.accept(tokenizerJson + ": token names left out: " + e.getMessage());
      return null;
    }
  }

  /** The token of each id, {@code null} where the tokenizer has none. */
  public static String[] decode(String tokenizerJson, Configuration conf, long[] ids) {
    byte[] json = HadoopFiles.readAll(tokenizerJson, conf, MAX_TOKENIZER_BYTES);
    System.setProperty("ai.djl.offline", "true");
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
        Map.of("addSpecialTokens", "false"))) {
      String[] tokens = new String[ids.length];
      long[] one = new long[1];
      for (int i = 0; i < ids.length; i++) {
        one[0] = ids[i];
        String token = tokenizer.decode(one, false);
        tokens[i] = token.isEmpty() ? null : token;
      }
      return tokens;
    } catch (IOException | RuntimeException e) {
      throw CausalDensityException.invalidFile(tokenizerJson, "is not a tokenizer DJL can load: %s", e.getMessage());
    }
  }
}
