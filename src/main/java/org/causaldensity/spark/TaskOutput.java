package org.causaldensity.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.HadoopFiles;

/**
 * Files that tasks write into a staging folder: each under a hidden name of its attempt, renamed to its final name
 * when complete, so a retried or speculative attempt (same bytes: every stage is deterministic) never leaves half a
 * file under the final name; the driver removes what killed attempts left once the job is done.
 */
final class TaskOutput {
  private static final String ATTEMPT = ".attempt-";

  private TaskOutput() {}

  /** Where the running task's attempt writes the file {@code name} of {@code dir}. */
  static String attemptPath(String dir, String name) {
    return dir + "/." + name + ATTEMPT + TaskContext.get().taskAttemptId();
  }

  /** Moves a complete attempt file to {@code dir/name}, replacing what an earlier attempt put there. */
  static void publish(String attempt, String dir, String name, Configuration conf) {
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    try {
      Path target = new Path(dir, name);
      fs.delete(target, false);
      if (!fs.rename(new Path(attempt), target)) {
        throw new IOException("rename of " + attempt + " failed");
      }
    } catch (IOException e) {
      throw CausalDensityException.io(dir + "/" + name, e);
    }
  }

  /** Deletes the attempt files that killed tasks left in {@code dir} (driver side, after the job). */
  static void removeAttempts(String dir, Configuration conf) {
    FileSystem fs = HadoopFiles.fileSystem(dir, conf);
    try {
      for (FileStatus file : fs.listStatus(new Path(dir))) {
        String name = file.getPath().getName();
        if (name.startsWith(".") && name.contains(ATTEMPT)) {
          fs.delete(file.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw CausalDensityException.io(dir, e);
    }
  }
}
