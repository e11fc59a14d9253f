package org.causaldensity.io.rowblocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * {@code _matrix.json}, written by {@code ingest} beside the Arrow row-block files: what matrix they hold. A folder is
 * a complete set of row blocks only when it has both this file and {@code _SUCCESS}
 * ({@code data-schema/row-blocks.md}).
 */
public record RowBlocksManifest(long n, String source, String sourceDtype, int rowsPerBlock) implements Serializable {
  public static final String FILE_NAME = "_matrix.json";
  public static final String FORMAT = "causal-density row blocks";
  public static final int VERSION = 2;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_MANIFEST_BYTES = 1 << 20;

  /** Whether {@code dir} looks like ingested row blocks (it holds a manifest). */
  public static boolean isRowBlocks(String dir, Configuration conf) {
    return HadoopFiles.status(dir, conf).isDirectory() && HadoopFiles.exists(dir + "/" + FILE_NAME, conf);
  }

  /** Reads and validates the manifest of {@code dir}; a folder without {@code _SUCCESS} is refused as incomplete. */
  public static RowBlocksManifest read(String dir, Configuration conf) {
    String path = dir + "/" + FILE_NAME;
    if (!HadoopFiles.exists(dir + "/_SUCCESS", conf)) {
      throw CausalDensityException.invalidFile(dir, "row blocks have no _SUCCESS marker: the ingest that wrote them "
          + "did not finish; run ingest again");
    }
    byte[] bytes = HadoopFiles.readAll(path, conf, MAX_MANIFEST_BYTES);
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw CausalDensityException.invalidFile(path, "is not valid JSON: %s", e.getMessage());
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw CausalDensityException.invalidFile(path, "is not a row-blocks manifest (expected \"format\": \"%s\")",
          FORMAT);
    }
    if (root.path("version").asInt(-1) != VERSION) {
      throw CausalDensityException.invalidFile(path, "has version %s, this build reads version %d",
          root.path("version"), VERSION);
    }
    JsonNode n = root.path("n");
    if (!n.canConvertToLong() || n.asLong() < 2) {
      throw CausalDensityException.invalidFile(path, "\"n\" must be an integer >= 2, got %s", n);
    }
    return new RowBlocksManifest(n.asLong(), root.path("source").asText(""), root.path("source_dtype").asText(""),
        root.path("rows_per_block").asInt(0));
  }

  /** Writes this manifest into {@code dir}. */
  public void write(String dir, Configuration conf) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("n", n);
    root.put("source", source);
    root.put("source_dtype", sourceDtype);
    root.put("rows_per_block", rowsPerBlock);
    String path = dir + "/" + FILE_NAME;
    try (OutputStream out = HadoopFiles.create(path, conf)) {
      out.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }
}
