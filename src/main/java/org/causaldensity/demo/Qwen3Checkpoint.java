package org.causaldensity.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.causaldensity.demo.SafetensorsWriter.Tensor;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.io.HalfFloats;
import org.causaldensity.io.safetensors.SafetensorsDtype;

/**
 * Writes the demo's model folder the way Hugging Face's {@code save_pretrained} writes a Qwen3 checkpoint with
 * tied embeddings: {@code config.json}, {@code model.safetensors.index.json} and two BF16 shards. Only the
 * embedding ({@value #EMBEDDING}, [vocab, hidden]) and the final norm's weight ({@value #NORM}) are stored: the
 * demo has no transformer layers ({@code num_hidden_layers: 0}) and, the embeddings being tied, no
 * {@code lm_head.weight}, exactly like Qwen3-4B. The embedding sits in the second shard (in Qwen3-4B it is in the
 * first) so that a reader that ignores the index's {@code weight_map} fails on the demo.
 *
 * <p>The embedding is generated and written in row blocks, never whole in memory; the rows of the sampled ids
 * are kept (as BF16 bits) on the way, for the distance matrix.
 */
final class Qwen3Checkpoint {
  private Qwen3Checkpoint() {}

  static final String EMBEDDING = "model.embed_tokens.weight";
  static final String NORM = "model.norm.weight";
  static final String CONFIG = "config.json";
  static final String INDEX = "model.safetensors.index.json";
  static final String NORM_SHARD = "model-00001-of-00002.safetensors";
  static final String EMBEDDING_SHARD = "model-00002-of-00002.safetensors";
  /** Rows generated (in parallel) per block written: about 4 MB of BF16 at hidden = 2560. */
  private static final int TARGET_BLOCK_BYTES = 4 << 20;
  /** Spread of the RMSNorm weights around 1, as trained norms are. */
  private static final double NORM_WEIGHT_SPREAD = 0.1;

  /**
   * Writes the folder {@code modelDir} and returns the BF16 bits of the embedding rows of {@code sampledIds},
   * row-major in the order of {@code sampledIds} (N × hidden).
   */
  static short[] write(String modelDir, Configuration conf, TokenGeometry geometry, int[] sampledIds,
      ExecutorService executor, int threads) {
    int vocab = geometry.vocab();
    int hidden = geometry.hidden();
    Tensor embedding = new Tensor(EMBEDDING, SafetensorsDtype.BF16, vocab, hidden);
    Tensor norm = new Tensor(NORM, SafetensorsDtype.BF16, hidden);
    writeText(child(modelDir, CONFIG), conf, config(vocab, hidden));
    Map<String, String> weightMap = new TreeMap<>();
    weightMap.put(EMBEDDING, EMBEDDING_SHARD);
    weightMap.put(NORM, NORM_SHARD);
    writeText(child(modelDir, INDEX), conf, index(embedding.byteSize() + norm.byteSize(), weightMap));
    writeNormShard(child(modelDir, NORM_SHARD), conf, norm, geometry);
    return writeEmbeddingShard(child(modelDir, EMBEDDING_SHARD), conf, embedding, geometry, sampledIds, executor,
        threads);
  }

  static String child(String dir, String name) {
    return new Path(new Path(dir), name).toString();
  }

  private static void writeNormShard(String path, Configuration conf, Tensor norm, TokenGeometry geometry) {
    SplittableRandom random = Streams.of(geometry.seed(), Streams.NORM_WEIGHT, 0);
    float[] weights = new float[geometry.hidden()];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) (1 + NORM_WEIGHT_SPREAD * random.nextGaussian());
    }
    try (SafetensorsWriter writer = SafetensorsWriter.create(path, conf, List.of(norm), Map.of("format", "pt"))) {
      writer.beginTensor(NORM);
      writer.appendBf16(weights, 0, weights.length);
    }
  }

  private static short[] writeEmbeddingShard(String path, Configuration conf, Tensor embedding,
      TokenGeometry geometry, int[] sampledIds, ExecutorService executor, int threads) {
    int vocab = geometry.vocab();
    int hidden = geometry.hidden();
    int[] samplePosition = new int[vocab];
    java.util.Arrays.fill(samplePosition, -1);
    for (int i = 0; i < sampledIds.length; i++) {
      samplePosition[sampledIds[i]] = i;
    }
    short[] sampled = new short[sampledIds.length * hidden];
    int blockRows = Math.max(1, Math.min(vocab, TARGET_BLOCK_BYTES / (2 * hidden)));
    short[] block = new short[blockRows * hidden];
    try (SafetensorsWriter writer = SafetensorsWriter.create(path, conf, List.of(embedding),
        Map.of("format", "pt"))) {
      writer.beginTensor(EMBEDDING);
      for (int start = 0; start < vocab; start += blockRows) {
        int first = start;
        int rows = Math.min(blockRows, vocab - start);
        Parallel.forRange(executor, threads, 0, rows, (from, to) -> {
          double[] gamma = new double[hidden];
          for (int r = from; r < to; r++) {
            int id = first + r;
            geometry.embedding(id, gamma);
            int offset = r * hidden;
            for (int k = 0; k < hidden; k++) {
              block[offset + k] = HalfFloats.toBfloat16((float) gamma[k]);
            }
            if (samplePosition[id] >= 0) {
              System.arraycopy(block, offset, sampled, samplePosition[id] * hidden, hidden);
            }
          }
        });
        writer.appendBf16Bits(block, 0, rows * hidden);
      }
    }
    return sampled;
  }

  /** A Qwen3 {@code config.json} (keys sorted, indent 2, as transformers writes it) for a layer-less model. */
  static String config(int vocab, int hidden) {
    int heads = hidden % 128 == 0 ? hidden / 128 : 1;
    Map<String, String> config = new TreeMap<>();
    config.put("architectures", "[\n    \"Qwen3ForCausalLM\"\n  ]");
    config.put("attention_bias", "false");
    config.put("attention_dropout", "0.0");
    config.put("head_dim", Integer.toString(hidden / heads));
    config.put("hidden_act", "\"silu\"");
    config.put("hidden_size", Integer.toString(hidden));
    config.put("initializer_range", "0.02");
    config.put("intermediate_size", Integer.toString(4 * hidden));
    config.put("max_position_embeddings", "262144");
    config.put("max_window_layers", "0");
    config.put("model_type", "\"qwen3\"");
    config.put("num_attention_heads", Integer.toString(heads));
    config.put("num_hidden_layers", "0");
    config.put("num_key_value_heads", Integer.toString(heads));
    config.put("rms_norm_eps", "1e-06");
    config.put("rope_scaling", "null");
    config.put("rope_theta", "5000000");
    config.put("sliding_window", "null");
    config.put("tie_word_embeddings", "true");
    config.put("torch_dtype", "\"bfloat16\"");
    config.put("transformers_version", "\"4.51.0\"");
    config.put("use_cache", "true");
    config.put("use_sliding_window", "false");
    config.put("vocab_size", Integer.toString(vocab));
    return jsonObject(config, "  ") + "\n";
  }

  /** The index as transformers writes it: {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}. */
  static String index(long totalSize, Map<String, String> weightMap) {
    Map<String, String> map = new TreeMap<>();
    weightMap.forEach((name, shard) -> map.put(name, "\"" + shard + "\""));
    Map<String, String> index = new TreeMap<>();
    index.put("metadata", jsonObject(Map.of("total_size", Long.toString(totalSize)), "    "));
    index.put("weight_map", jsonObject(map, "    "));
    return jsonObject(index, "  ") + "\n";
  }

  /** A JSON object of already-encoded values with Python's indent layout; keys need no escaping here. */
  private static String jsonObject(Map<String, String> encoded, String indent) {
    StringBuilder json = new StringBuilder("{\n");
    String separator = "";
    for (Map.Entry<String, String> entry : new TreeMap<>(encoded).entrySet()) {
      json.append(separator).append(indent).append('"').append(entry.getKey()).append("\": ")
          .append(entry.getValue());
      separator = ",\n";
    }
    return json.append('\n').append(indent, 0, indent.length() - 2).append('}').toString();
  }

  static void writeText(String path, Configuration conf, String text) {
    try (OutputStream out = HadoopFiles.create(path, conf)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }
}
