package org.causaldensity.io.safetensors;

import static org.causaldensity.io.safetensors.Fixtures.CONF;
import static org.causaldensity.io.safetensors.Fixtures.HIDDEN;
import static org.causaldensity.io.safetensors.Fixtures.VOCAB;
import static org.causaldensity.io.safetensors.Fixtures.assertFails;
import static org.causaldensity.io.safetensors.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import org.causaldensity.io.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir
  Path tmp;

  /** Every id once in a shuffled order, then a few repeats, so that order and duplicates both matter. */
  private static long[] shuffledIdsWithRepeats(long seed) {
    Random random = new Random(seed);
    long[] ids = new long[VOCAB + 7];
    for (int i = 0; i < VOCAB; i++) {
      ids[i] = i;
    }
    for (int i = VOCAB - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    for (int i = VOCAB; i < ids.length; i++) {
      ids[i] = random.nextInt(VOCAB);
    }
    return ids;
  }

  /** Gathers shuffled rows and compares them bit for bit with the values torch / numpy computed. */
  private static void assertRowsMatch(Checkpoint checkpoint, String expectedName, boolean canonicalNaN) {
    float[] expected = Fixtures.expected(expectedName);
    long[] ids = shuffledIdsWithRepeats(expectedName.hashCode());
    float[] rows = new float[ids.length * HIDDEN];
    checkpoint.gatherRows(ids, rows, CONF);
    for (int i = 0; i < ids.length; i++) {
      for (int j = 0; j < HIDDEN; j++) {
        final long row = ids[i];
        final int col = j;
        float want = expected[(int) ids[i] * HIDDEN + j];
        float got = rows[i * HIDDEN + j];
        int wantBits = canonicalNaN ? Float.floatToIntBits(want) : Float.floatToRawIntBits(want);
        int gotBits = canonicalNaN ? Float.floatToIntBits(got) : Float.floatToRawIntBits(got);
        assertEquals(wantBits, gotBits, () -> expectedName + " row " + row + " col " + col + ": " + want + " vs "
            + got);
      }
    }
  }

  @Test
  void tiedShardedCheckpointReadsEmbedTokensAsTorchRoundedThem() {
    Checkpoint checkpoint = Checkpoint.open(fixture("tied"), CONF);
    assertEquals(Checkpoint.EMBED_TOKENS, checkpoint.tensorName());
    assertEquals(VOCAB, checkpoint.vocabSize());
    assertEquals(HIDDEN, checkpoint.hiddenSize());
    assertEquals(SafetensorsDtype.BF16, checkpoint.dtype());
    assertTrue(checkpoint.tensor().file().endsWith("model-00002-of-00002.safetensors"));
    assertTrue(checkpoint.tensor().begin() > SafetensorsHeader.read(checkpoint.tensor().file(), CONF).dataStart(),
        "the tensor is not the first in its shard");
    assertRowsMatch(checkpoint, "tied", false);
  }

  @Test
  void untiedCheckpointReadsLmHead() {
    Checkpoint checkpoint = Checkpoint.open(fixture("untied"), CONF);
    assertEquals(Checkpoint.LM_HEAD, checkpoint.tensorName());
    assertRowsMatch(checkpoint, "untied", false);
  }

  @Test
  void singleFilesOfEveryFloatType() {
    Checkpoint f32 = Checkpoint.open(fixture("single_f32"), CONF);
    assertEquals(SafetensorsDtype.F32, f32.dtype());
    assertRowsMatch(f32, "single_f32", false);

    Checkpoint f16 = Checkpoint.open(fixture("single_f16"), CONF);
    assertEquals(SafetensorsDtype.F16, f16.dtype());
    assertTrue(f16.tensor().file().endsWith("weights.safetensors"));
    assertRowsMatch(f16, "single_f16", false);

    Checkpoint f64 = Checkpoint.open(fixture("single_f64.safetensors"), CONF);
    assertEquals(Checkpoint.LM_HEAD, f64.tensorName(), "lm_head.weight wins over model.embed_tokens.weight");
    assertEquals(SafetensorsDtype.F64, f64.dtype());
    // numpy and Java narrow NaN payloads each their own way; every other bit must agree
    assertRowsMatch(f64, "single_f64", true);
  }

  @Test
  void overrideWinsAndIsStillCheckedAgainstConfig() {
    Checkpoint embed = Checkpoint.open(fixture("single_f64.safetensors"), CONF, Checkpoint.EMBED_TOKENS);
    assertEquals(Checkpoint.EMBED_TOKENS, embed.tensorName());
    float[] rows = new float[2 * HIDDEN];
    embed.gatherRows(new long[] {49, 0}, rows, CONF);
    for (float value : rows) {
      assertEquals(1.0f, value);
    }
    assertFails(Failure.INCONSISTENT_INPUTS,
        () -> Checkpoint.open(fixture("tied"), CONF, "model.layers.0.mlp.down_proj.weight"),
        "vocab_size is 50, but tensor 'model.layers.0.mlp.down_proj.weight'", "has 8 rows");
    var e = assertFails(Failure.USAGE, () -> Checkpoint.open(fixture("tied"), CONF, "lm_head"),
        "has no tensor 'lm_head' (asked for by the tensor override)", "4 tensors: 'model.embed_tokens.weight', ");
    assertEquals(fixture("tied"), e.subject());
  }

  @Test
  void refusesCheckpointsThatCannotGiveAnUnembedding() {
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(fixture("bad/missing_shard"), CONF),
        "names 1 shard file(s) that do not exist (of 2): 'model-00002-of-00002.safetensors'",
        "holding tensor 'model.norm.weight'");
    assertFails(Failure.INCONSISTENT_INPUTS, () -> Checkpoint.open(fixture("bad/untied_without_lm_head"), CONF),
        "tie_word_embeddings is false", "has no such tensor; it has 1 tensor: 'model.embed_tokens.weight'");
    var vocab = assertFails(Failure.INCONSISTENT_INPUTS, () -> Checkpoint.open(fixture("bad/vocab_mismatch"), CONF),
        "vocab_size is 51, but tensor 'model.embed_tokens.weight'", "has 50 rows");
    assertTrue(vocab.subject().endsWith("config.json"));
    assertFails(Failure.INCONSISTENT_INPUTS, () -> Checkpoint.open(fixture("bad/hidden_mismatch"), CONF),
        "hidden_size is 16", "has 8 columns");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(fixture("bad/not_2d.safetensors"), CONF),
        "has shape [400], expected 2-D [vocab, hidden]");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(fixture("bad/int_dtype.safetensors"), CONF),
        "has dtype I32; only F64, F32, F16 and BF16");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(fixture("bad/no_unembedding.safetensors"), CONF),
        "has neither lm_head.weight nor model.embed_tokens.weight; it has 25 tensors: 'w00', 'w01'", "'w19', ... "
            + "(5 more)");
    assertFails(Failure.IO, () -> Checkpoint.open(tmp.resolve("absent").toString(), CONF), "no such file");
  }

  @Test
  void refusesFoldersWithoutAClearFile() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(empty.toString(), CONF),
        "holds no model.safetensors, no model.safetensors.index.json");
    Path two = Files.createDirectory(tmp.resolve("two"));
    Path shards = Paths.get(fixture("tied"));
    for (String shard : new String[] {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"}) {
      Files.copy(shards.resolve(shard), two.resolve(shard));
    }
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(two.toString(), CONF),
        "holds 2 .safetensors files", "but no model.safetensors.index.json");
    // an index that maps the tensor to a shard whose header does not have it
    Files.writeString(two.resolve("model.safetensors.index.json"), "{\"weight_map\":{\"model.embed_tokens.weight\":"
        + "\"model-00001-of-00002.safetensors\"}}");
    assertFails(Failure.INCONSISTENT_INPUTS, () -> Checkpoint.open(two.toString(), CONF),
        "maps tensor 'model.embed_tokens.weight' to shard", "whose header has no such tensor; it has 2 tensors");
    Files.writeString(two.resolve("model.safetensors.index.json"), "{\"weight_map\":{\"model.embed_tokens.weight\":"
        + "\"../model-00002-of-00002.safetensors\"}}");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(two.toString(), CONF), "expected a plain file name");
    Files.writeString(two.resolve("model.safetensors.index.json"), "{\"metadata\":{}}");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(two.toString(), CONF), "weight_map is missing");
    Files.writeString(two.resolve("model.safetensors.index.json"), "{\"weight_map\":{\"model.embed_tokens.weight\":"
        + "\"model-00002-of-00002.safetensors\"}, \"x\": NaN}");
    Files.writeString(two.resolve("config.json"), "{\"tie_word_embeddings\": \"yes\"}");
    assertFails(Failure.INVALID_FILE, () -> Checkpoint.open(two.toString(), CONF),
        "tie_word_embeddings is string \"yes\", expected true or false");
    // Python's json writes NaN; config.json and the index may hold it in fields nobody reads
    Files.writeString(two.resolve("config.json"), "{\"vocab_size\": 50, \"initializer_range\": NaN}");
    assertEquals(VOCAB, Checkpoint.open(two.toString(), CONF).vocabSize());
  }

  @Test
  void gatherRefusesIdsOutsideTheVocabularyAndShortBuffers() {
    Checkpoint checkpoint = Checkpoint.open(fixture("tied"), CONF);
    float[] rows = new float[3 * HIDDEN];
    assertFails(Failure.INCONSISTENT_INPUTS, () -> checkpoint.gatherRows(new long[] {0, 50, 1}, rows, CONF),
        "token id 50 (at position 1 of 3) is outside [0, 50)");
    assertFails(Failure.INCONSISTENT_INPUTS, () -> checkpoint.gatherRows(new long[] {-1}, rows, CONF),
        "token id -1");
    IllegalArgumentException shortDst = assertThrows(IllegalArgumentException.class,
        () -> checkpoint.gatherRows(new long[] {0, 1, 2, 3}, rows, CONF));
    assertTrue(shortDst.getMessage().contains("dst has length 24, but 4 ids of 8 values each need 32"));
    float[] untouched = {42f};
    checkpoint.gatherRows(new long[0], untouched, CONF);
    assertEquals(42f, untouched[0]);
  }

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    Checkpoint original = Checkpoint.open(fixture("untied"), CONF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    Checkpoint copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Checkpoint) in.readObject();
    }
    assertEquals(original.tensor(), copy.tensor());
    assertEquals(original.location(), copy.location());
    assertTrue(bytes.size() < 2000, "small enough to ship with every task: " + bytes.size());
    assertRowsMatch(copy, "untied", false);
  }
}
