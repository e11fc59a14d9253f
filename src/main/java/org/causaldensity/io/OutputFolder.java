package org.causaldensity.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output folder written all-or-nothing: everything goes to a staging folder beside it, which {@link #commit()}
 * renames into place and then marks with {@code _SUCCESS}; {@link #abort()} deletes the staging folder. A failed run
 * therefore leaves the output location as it was, and readers trust {@code _SUCCESS} only.
 */
public final class OutputFolder {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
  public static final String SUCCESS = "_SUCCESS";

  private final String out;
  private final String staging;
  private final Configuration conf;
  private final boolean overwrite;

  private OutputFolder(String out, String staging, Configuration conf, boolean overwrite) {
    this.out = out;
    this.staging = staging;
    this.conf = conf;
    this.overwrite = overwrite;
  }

  /**
   * Checks that {@code out} may be written (absent, empty, or {@code overwrite}) and creates the staging folder.
   * An existing non-empty output without {@code overwrite} is refused before any work is done.
   */
  public static OutputFolder prepare(String out, boolean overwrite, Configuration conf) {
    Path outPath = new Path(out);
    FileSystem fs = HadoopFiles.fileSystem(out, conf);
    try {
      if (fs.exists(outPath)) {
        FileStatus status = fs.getFileStatus(outPath);
        boolean empty = status.isDirectory() && fs.listStatus(outPath).length == 0;
        if (!empty && !overwrite) {
          throw new CausalDensityException(Failure.OUTPUT_EXISTS, out,
              "already exists and is not empty; pass --overwrite to replace it");
        }
      }
      Path parent = outPath.getParent();
      String name = outPath.getName().isEmpty() ? "out" : outPath.getName();
      Path staging = new Path(parent, "." + name + ".staging-" + UUID.randomUUID());
      fs.mkdirs(staging);
      return new OutputFolder(out, staging.toString(), conf, overwrite);
    } catch (IOException e) {
      throw CausalDensityException.io(out, e);
    }
  }

  /** The staging path of {@code relative} (for writers such as Spark that need a path). */
  public String stagingPath(String relative) {
    return staging + "/" + relative;
  }

  /** The final output folder. */
  public String path() {
    return out;
  }

  /** Writes a small file into the staging folder. */
  public void write(String relative, byte[] bytes) {
    String path = stagingPath(relative);
    try (OutputStream stream = HadoopFiles.create(path, conf)) {
      stream.write(bytes);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Moves the staging folder into place (replacing an old output when allowed) and writes {@code _SUCCESS}. */
  public void commit() {
    FileSystem fs = HadoopFiles.fileSystem(out, conf);
    Path outPath = new Path(out);
    try {
      if (fs.exists(outPath)) {
        if (!overwrite && fs.listStatus(outPath).length > 0) {
          throw new CausalDensityException(Failure.OUTPUT_EXISTS, out, "appeared while the job ran; not replaced");
        }
        fs.delete(outPath, true);
      }
      if (!fs.rename(new Path(staging), outPath)) {
        throw new CausalDensityException(Failure.IO, out, "could not move " + staging + " into place");
      }
      fs.create(new Path(outPath, SUCCESS), true).close();
    } catch (IOException e) {
      throw CausalDensityException.io(out, e);
    }
  }

  /** Deletes the staging folder; errors are logged, not thrown, since an abort follows another failure. */
  public void abort() {
    try {
      HadoopFiles.fileSystem(staging, conf).delete(new Path(staging), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete staging folder {}: {}", staging, e.toString());
    }
  }
}
