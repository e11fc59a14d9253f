package org.causaldensity.io.safetensors;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.Failure;
import org.causaldensity.io.HadoopFiles;

/**
 * The unembedding γ of a Hugging Face checkpoint: one 2-D float tensor [vocab, hidden], found through
 * {@code model.safetensors.index.json} or in a single {@code .safetensors} file, checked against {@code config.json}
 * when there is one. Opening reads only the JSON side files and the header of the shard holding the tensor; rows are
 * then read on demand by positional reads, so an instance is small and serializable (paths and offsets, no
 * Configuration, no open stream) and can be shipped to executors.
 */
public final class Checkpoint implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The output projection, when the checkpoint stores one. */
  public static final String LM_HEAD = "lm_head.weight";
  /** The input embedding, which is also the unembedding when the embeddings are tied. */
  public static final String EMBED_TOKENS = "model.embed_tokens.weight";
  static final String CONFIG = "config.json";
  static final String INDEX = "model.safetensors.index.json";
  static final String SINGLE = "model.safetensors";
  static final String EXTENSION = ".safetensors";
  /** Widest row accepted: its bytes (8 per F64 element) must fit one Java array. */
  static final int MAX_HIDDEN = Integer.MAX_VALUE / 8;
  /** How many tensor names a "no such tensor" message lists. */
  static final int NAMES_LISTED = 20;

  private final String location;
  private final TensorEntry tensor;

  private Checkpoint(String location, TensorEntry tensor) {
    this.location = location;
    this.tensor = tensor;
  }

  /** Opens with the automatic tensor choice; see {@link #open(String, Configuration, String)}. */
  public static Checkpoint open(String folderOrFile, Configuration conf) {
    return open(folderOrFile, conf, null);
  }

  /**
   * Opens a folder (with {@code model.safetensors}, else {@code model.safetensors.index.json}, else exactly one
   * {@code *.safetensors} file; {@code config.json} optional) or a single {@code .safetensors} file, and picks the
   * unembedding: {@code tensorOverride} when not null, else {@code lm_head.weight}, else
   * {@code model.embed_tokens.weight} unless config.json says {@code tie_word_embeddings: false}. A missing tensor,
   * a tensor that is not a non-empty 2-D F64/F32/F16/BF16 matrix, or a shape that contradicts config.json's
   * {@code vocab_size} / {@code hidden_size} is a {@link CausalDensityException}.
   */
  public static Checkpoint open(String folderOrFile, Configuration conf, String tensorOverride) {
    if (folderOrFile == null || folderOrFile.isEmpty()) {
      throw new IllegalArgumentException("folderOrFile is " + (folderOrFile == null ? "null" : "empty"));
    }
    FileStatus status = HadoopFiles.status(folderOrFile, conf);
    ModelConfig config = ModelConfig.absent();
    SafetensorsHeader singleHeader = null;
    ShardIndex index = null;
    if (status.isFile()) {
      singleHeader = SafetensorsHeader.read(folderOrFile, conf);
    } else {
      String configPath = child(folderOrFile, CONFIG);
      if (isFile(configPath, conf)) {
        config = ModelConfig.read(configPath, conf);
      }
      String single = child(folderOrFile, SINGLE);
      String indexPath = child(folderOrFile, INDEX);
      if (isFile(single, conf)) {
        singleHeader = SafetensorsHeader.read(single, conf);
      } else if (isFile(indexPath, conf)) {
        index = ShardIndex.read(indexPath, conf);
      } else {
        singleHeader = SafetensorsHeader.read(onlySafetensorsFile(folderOrFile, conf), conf);
      }
    }
    Collection<String> names = index != null ? index.weightMap.keySet() : singleHeader.tensors().keySet();
    String name = chooseTensor(folderOrFile, names, config, tensorOverride);
    TensorEntry entry = index != null ? shardEntry(folderOrFile, index, name, conf) : singleHeader.tensor(name);
    checkMatrix(entry);
    checkAgainstConfig(entry, config);
    return new Checkpoint(folderOrFile, entry);
  }

  private static String chooseTensor(String location, Collection<String> names, ModelConfig config,
      String tensorOverride) {
    if (tensorOverride != null) {
      if (!names.contains(tensorOverride)) {
        throw new CausalDensityException(Failure.USAGE, location, String.format(Locale.ROOT,
            "has no tensor %s (asked for by the tensor override); it has %s",
            SafetensorsHeader.quote(tensorOverride), listing(names)));
      }
      return tensorOverride;
    }
    if (names.contains(LM_HEAD)) {
      return LM_HEAD;
    }
    if (Boolean.FALSE.equals(config.tieWordEmbeddings)) {
      throw CausalDensityException.inconsistent(config.path,
          "tie_word_embeddings is false, so the unembedding is %s, but the checkpoint %s has no such tensor; it has "
              + "%s", LM_HEAD, location, listing(names));
    }
    if (names.contains(EMBED_TOKENS)) {
      return EMBED_TOKENS;
    }
    throw CausalDensityException.invalidFile(location, "has neither %s nor %s; it has %s", LM_HEAD, EMBED_TOKENS,
        listing(names));
  }

  /** The entry of {@code name} in its shard, after checking that every shard the index names exists. */
  private static TensorEntry shardEntry(String folder, ShardIndex index, String name, Configuration conf) {
    Map<String, String> exampleTensor = new TreeMap<>();
    for (Map.Entry<String, String> e : index.weightMap.entrySet()) {
      exampleTensor.putIfAbsent(e.getValue(), e.getKey());
    }
    List<String> missing = new ArrayList<>();
    for (String shard : exampleTensor.keySet()) {
      if (!isFile(child(folder, shard), conf)) {
        missing.add(shard);
      }
    }
    if (!missing.isEmpty()) {
      String first = missing.get(0);
      throw CausalDensityException.invalidFile(index.path,
          "names %d shard file(s) that do not exist (of %d): %s, e.g. %s holding tensor %s (incomplete download?)",
          missing.size(), exampleTensor.size(), clip(missing), child(folder, first),
          SafetensorsHeader.quote(exampleTensor.get(first)));
    }
    String shardPath = child(folder, index.weightMap.get(name));
    SafetensorsHeader header = SafetensorsHeader.read(shardPath, conf);
    TensorEntry entry = header.tensor(name);
    if (entry == null) {
      throw CausalDensityException.inconsistent(index.path, "maps tensor %s to shard %s, whose header has no such "
          + "tensor; it has %s", SafetensorsHeader.quote(name), shardPath, listing(header.tensors().keySet()));
    }
    return entry;
  }

  private static void checkMatrix(TensorEntry entry) {
    SafetensorsFile.requireFloat(entry);
    long[] shape = entry.shape();
    if (shape.length != 2) {
      throw CausalDensityException.invalidFile(entry.file(), "tensor %s has shape %s, expected 2-D [vocab, hidden]",
          SafetensorsHeader.quote(entry.name()), java.util.Arrays.toString(shape));
    }
    if (shape[0] == 0 || shape[1] == 0) {
      throw CausalDensityException.invalidFile(entry.file(), "tensor %s has shape [%d, %d]: no values to read",
          SafetensorsHeader.quote(entry.name()), shape[0], shape[1]);
    }
    if (shape[1] > MAX_HIDDEN) {
      throw CausalDensityException.invalidFile(entry.file(), "tensor %s has rows of %d values, more than the %d "
          + "this reader handles", SafetensorsHeader.quote(entry.name()), shape[1], MAX_HIDDEN);
    }
  }

  private static void checkAgainstConfig(TensorEntry entry, ModelConfig config) {
    long[] shape = entry.shape();
    if (config.vocabSize != null && config.vocabSize != shape[0]) {
      throw CausalDensityException.inconsistent(config.path, "vocab_size is %d, but tensor %s in %s has %d rows",
          config.vocabSize, SafetensorsHeader.quote(entry.name()), entry.file(), shape[0]);
    }
    if (config.hiddenSize != null && config.hiddenSize != shape[1]) {
      throw CausalDensityException.inconsistent(config.path, "hidden_size is %d, but tensor %s in %s has %d columns",
          config.hiddenSize, SafetensorsHeader.quote(entry.name()), entry.file(), shape[1]);
    }
  }

  private static String onlySafetensorsFile(String folder, Configuration conf) {
    List<String> found = new ArrayList<>();
    try {
      for (FileStatus child : HadoopFiles.fileSystem(folder, conf).listStatus(new Path(folder))) {
        if (child.isFile() && child.getPath().getName().endsWith(EXTENSION)) {
          found.add(child.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw CausalDensityException.io(folder, e);
    }
    java.util.Collections.sort(found);
    if (found.isEmpty()) {
      throw CausalDensityException.invalidFile(folder, "holds no %s, no %s and no other %s file", SINGLE, INDEX,
          EXTENSION);
    }
    if (found.size() > 1) {
      throw CausalDensityException.invalidFile(folder, "holds %d %s files (%s) but no %s to say which tensor is "
          + "where", found.size(), EXTENSION, clip(found), INDEX);
    }
    return child(folder, found.get(0));
  }

  /** Whether {@code path} is a regular file, with one file-system call (they are round trips on HDFS and S3). */
  private static boolean isFile(String path, Configuration conf) {
    try {
      return HadoopFiles.fileSystem(path, conf).getFileStatus(new Path(path)).isFile();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  private static String child(String folder, String name) {
    return new Path(new Path(folder), name).toString();
  }

  /** "N tensors: a, b, ..." with the first {@link #NAMES_LISTED} names in sorted order. */
  static String listing(Collection<String> names) {
    if (names.isEmpty()) {
      return "no tensors";
    }
    return names.size() + (names.size() == 1 ? " tensor: " : " tensors: ") + clip(new TreeSet<>(names));
  }

  private static String clip(Collection<String> names) {
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (String name : names) {
      if (shown == NAMES_LISTED) {
        text.append(", ... (").append(names.size() - shown).append(" more)");
        break;
      }
      text.append(shown == 0 ? "" : ", ").append(SafetensorsHeader.quote(name));
      shown++;
    }
    return text.toString();
  }

  /** The path given to {@link #open}. */
  public String location() {
    return location;
  }

  /** The chosen tensor's name: the override, {@code lm_head.weight} or {@code model.embed_tokens.weight}. */
  public String tensorName() {
    return tensor.name();
  }

  /** The chosen tensor: its file, dtype, shape and absolute byte range. */
  public TensorEntry tensor() {
    return tensor;
  }

  /** Rows of the tensor (at least 1; equal to config.json's vocab_size when that is given). */
  public long vocabSize() {
    return tensor.shape()[0];
  }

  /** Columns of the tensor (at least 1; equal to config.json's hidden_size when that is given). */
  public int hiddenSize() {
    return (int) tensor.shape()[1];
  }

  /** The stored element type: F64, F32, F16 or BF16. */
  public SafetensorsDtype dtype() {
    return tensor.dtype();
  }

  /**
   * Reads rows {@code ids[i]} (any order, duplicates allowed) into {@code dst[i * hidden .. (i + 1) * hidden)} as
   * float32: BF16 and F16 widened exactly, F32 as stored, F64 rounded to nearest even. An id outside
   * [0, vocabSize) is a {@link CausalDensityException} and nothing is read; a {@code dst} shorter than
   * {@code ids.length * hidden} is an IllegalArgumentException; no ids reads nothing.
   */
  public void gatherRows(long[] ids, float[] dst, Configuration conf) {
    if (ids == null || dst == null) {
      throw new IllegalArgumentException((ids == null ? "ids" : "dst") + " is null");
    }
    int hidden = hiddenSize();
    long needed = (long) ids.length * hidden;
    if (dst.length < needed) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "dst has length %d, but %d ids of %d values each need %d", dst.length, ids.length, hidden, needed));
    }
    long vocab = vocabSize();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw CausalDensityException.inconsistent(tensor.file(),
            "token id %d (at position %d of %d) is outside [0, %d), the rows of tensor %s", ids[i], i, ids.length,
            vocab, SafetensorsHeader.quote(tensor.name()));
      }
    }
    RowGather.gather(tensor, hidden, ids, dst, conf);
  }

  @Override
  public String toString() {
    return "Checkpoint " + location + ": " + tensor;
  }
}
