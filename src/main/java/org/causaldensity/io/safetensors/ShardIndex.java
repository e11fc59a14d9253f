package org.causaldensity.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/** {@code model.safetensors.index.json}: its {@code weight_map} from tensor name to shard file name. */
final class ShardIndex {
  /** Indexes of the largest public models are a few MB; the bound stops a hostile file from filling memory. */
  static final long MAX_BYTES = 64L << 20;

  final String path;
  /** Tensor name to shard file name (a plain name in the checkpoint's folder), in the file's order. */
  final Map<String, String> weightMap;

  private ShardIndex(String path, Map<String, String> weightMap) {
    this.path = path;
    this.weightMap = Collections.unmodifiableMap(weightMap);
  }

  /** Reads {@code path}; a missing or malformed weight_map, or a shard name that is a path, is refused. */
  static ShardIndex read(String path, Configuration conf) {
    JsonNode root = StrictJson.parsePythonJson(HadoopFiles.readAll(path, conf, MAX_BYTES), path);
    if (!root.isObject()) {
      throw CausalDensityException.invalidFile(path, "is %s, expected a JSON object", StrictJson.describe(root));
    }
    JsonNode map = root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw CausalDensityException.invalidFile(path, "weight_map is %s, expected an object from tensor name to "
          + "shard file", StrictJson.describe(map));
    }
    Map<String, String> weightMap = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      JsonNode shard = entry.getValue();
      if (!shard.isTextual()) {
        throw CausalDensityException.invalidFile(path, "weight_map entry %s is %s, expected a shard file name",
            SafetensorsHeader.quote(entry.getKey()), StrictJson.describe(shard));
      }
      String name = shard.textValue();
      // Shards are siblings of the index; a path here could point anywhere on the file system.
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
        throw CausalDensityException.invalidFile(path, "weight_map entry %s names shard %s, expected a plain file "
            + "name in the same folder", SafetensorsHeader.quote(entry.getKey()), SafetensorsHeader.quote(name));
      }
      weightMap.put(entry.getKey(), name);
    }
    return new ShardIndex(path, weightMap);
  }
}
