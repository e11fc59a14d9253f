package org.causaldensity.provenance;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.causaldensity.inputs.AnalysisOptions;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.ContentFingerprint;
import org.causaldensity.io.HadoopFiles;
import org.causaldensity.selection.MetricChoice;

/**
 * The files behind each input option, with their size, modification time and content fingerprint. A folder (the
 * model, ingested row blocks) stands for every regular file directly in it, in name order, except hidden ones
 * ({@code .crc} files); nothing is followed into subfolders, which no reader enters.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The input options of a run and their paths (null where an optional input is not given). */
  public static Map<String, String> paths(AnalysisOptions options) {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("--distances", options.distances());
    paths.put("--token-indices", options.tokenIndices());
    // --metric estimate|identity names no file.
    paths.put("--metric", MetricChoice.isKeyword(options.metric()) ? null : options.metric());
    paths.put("--model", options.model());
    paths.put("--tokenizer", options.tokenizer());
    return paths;
  }

  /** {@code paths}: option → path (null entries are skipped); the files in option order, then name order. */
  public static List<Provenance.InputFile> describe(Map<String, String> paths, Configuration conf) {
    List<Provenance.InputFile> files = new ArrayList<>();
    paths.forEach((option, path) -> {
      if (path == null) {
        return;
      }
      try {
        FileSystem fs = HadoopFiles.fileSystem(path, conf);
        FileStatus status = fs.getFileStatus(new Path(path));
        List<FileStatus> members = status.isDirectory()
            ? Arrays.stream(fs.listStatus(status.getPath()))
                .filter(s -> s.isFile() && !s.getPath().getName().startsWith("."))
                .sorted(Comparator.comparing(s -> s.getPath().getName())).toList()
            : List.of(status);
        for (FileStatus member : members) {
          ContentFingerprint.Value fingerprint = ContentFingerprint.of(fs, member);
          files.add(new Provenance.InputFile(option, member.getPath().toString(), member.getLen(),
              Instant.ofEpochMilli(member.getModificationTime()).toString(), fingerprint.algorithm(),
              fingerprint.hex()));
        }
      } catch (IOException e) {
        throw CausalDensityException.io(path, e);
      }
    });
    return files;
  }
}
