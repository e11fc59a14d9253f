package org.causaldensity.io.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
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
