package org.causaldensity.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/** The three fields of a Hugging Face {@code config.json} that bear on the unembedding; each may be absent. */
final class ModelConfig {
  /** Real configs are a few KB; this bound only stops a hostile file from filling memory. */
  static final long MAX_BYTES = 16L << 20;

  final String path;
  /** Null when absent (Hugging Face then ties, its default). */
  final Boolean tieWordEmbeddings;
  final Long vocabSize;
  final Long hiddenSize;

  private ModelConfig(String path, Boolean tieWordEmbeddings, Long vocabSize, Long hiddenSize) {
    this.path = path;
    this.tieWordEmbeddings = tieWordEmbeddings;
    this.vocabSize = vocabSize;
    this.hiddenSize = hiddenSize;
  }

  /** A checkpoint without config.json. */
  static ModelConfig absent() {
    return new ModelConfig(null, null, null, null);
  }

  /** Reads {@code path}; a field that is present but of the wrong type is refused, a null one counts as absent. */
  static ModelConfig read(String path, Configuration conf) {
    JsonNode root = StrictJson.parsePythonJson(HadoopFiles.readAll(path, conf, MAX_BYTES), path);
    if (!root.isObject()) {
      throw CausalDensityException.invalidFile(path, "is %s, expected a JSON object", StrictJson.describe(root));
    }
    JsonNode tie = root.get("tie_word_embeddings");
    Boolean tied = null;
    if (tie != null && !tie.isNull()) {
      if (!tie.isBoolean()) {
        throw CausalDensityException.invalidFile(path, "tie_word_embeddings is %s, expected true or false",
            StrictJson.describe(tie));
      }
      tied = tie.booleanValue();
    }
    return new ModelConfig(path, tied, optionalSize(root, "vocab_size", path), optionalSize(root, "hidden_size",
        path));
  }

  private static Long optionalSize(JsonNode root, String field, String path) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : StrictJson.nonNegativeLong(node, path, field);
  }
}
