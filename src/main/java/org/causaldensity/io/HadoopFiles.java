package org.causaldensity.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * File access through the Hadoop FileSystem API, so that {@code file://}, {@code hdfs://} and {@code s3a://} paths
 * all work. I/O errors come back as {@link CausalDensityException} naming the path.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /**
   * The file system that serves {@code path}. For local files this is Hadoop's raw local file system: the
   * checksummed one costs 70-250 µs per positional read (against 3-9 µs) and our inputs carry no {@code .crc} files.
   */
  public static FileSystem fileSystem(String path, Configuration conf) {
    try {
      FileSystem fs = new Path(path).getFileSystem(conf);
      return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw connectorMissing(path, e).orElseThrow(() -> CausalDensityException.io(path, e));
    } catch (RuntimeException e) {
      throw connectorMissing(path, e).orElseThrow(() -> e);
    }
  }

  /** What the job does not ship: S3A (docs/DECISIONS.md, "s3a"). */
  public static final String S3A_MISSING = "s3a:// paths need Hadoop's S3A connector (hadoop-aws 3.5.0, the version Spark "
      + "4.2 brings, with the AWS SDK v2 bundle it depends on), which this job does not ship: the cluster provides it "
      + "(its jars in SPARK_HOME/jars, or spark-submit --packages org.apache.hadoop:hadoop-aws:3.5.0)";

  /**
   * A one-line refusal (exit 2) when {@code path}'s scheme has no file system on the classpath: S3A's connector
   * missing, or a scheme Hadoop does not know.
   */
  private static java.util.Optional<CausalDensityException> connectorMissing(String path, Exception e) {
    String scheme = new Path(path).toUri().getScheme();
    boolean classMissing = e instanceof RuntimeException && e.getCause() instanceof ClassNotFoundException
        || String.valueOf(e.getMessage()).contains("ClassNotFoundException");
    if ("s3a".equals(scheme) && (classMissing || e instanceof org.apache.hadoop.fs.UnsupportedFileSystemException)) {
      return java.util.Optional.of(new CausalDensityException(Failure.USAGE, path, S3A_MISSING, e));
    }
    if (e instanceof org.apache.hadoop.fs.UnsupportedFileSystemException || classMissing) {
      return java.util.Optional.of(new CausalDensityException(Failure.USAGE, path, "no Hadoop file system for the "
          + "scheme '" + scheme + "' is on the classpath: " + e.getMessage(), e));
    }
    return java.util.Optional.empty();
  }

  /**
   * The fully qualified form of {@code path} ({@code file:/abs/path}, {@code hdfs://nn/...}): executors run in other
   * folders, on other machines, so every path handed to them must not depend on the driver's working folder.
   */
  public static String qualify(String path, Configuration conf) {
    if (path == null) {
      return null;
    }
    try {
      Path p = new Path(path);
      return fileSystem(path, conf).makeQualified(p).toString();
    } catch (IllegalArgumentException e) {
      throw new CausalDensityException(Failure.USAGE, path, "is not a usable path: " + e.getMessage(), e);
    }
  }

  /** Status of a file or folder; a missing path is an I/O failure naming it. */
  public static FileStatus status(String path, Configuration conf) {
    InputGuard.requireResolvable(path);
    try {
      return fileSystem(path, conf).getFileStatus(new Path(path));
    } catch (java.io.FileNotFoundException e) {
      throw new CausalDensityException(Failure.IO, path, "no such file or folder", e);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Whether {@code path} exists. */
  public static boolean exists(String path, Configuration conf) {
    try {
      return fileSystem(path, conf).exists(new Path(path));
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Length in bytes of a regular file; a folder or a missing file is refused. */
  public static long length(String path, Configuration conf) {
    FileStatus status = status(path, conf);
    if (!status.isFile()) {
      throw CausalDensityException.invalidFile(path, "is a folder, expected a file");
    }
    InputGuard.requireRegularFile(path);
    return status.getLen();
  }

  /** Opens a file for positional reads; a local special file (named pipe, device) is refused before opening. */
  public static FSDataInputStream open(String path, Configuration conf) {
    InputGuard.requireRegularFile(path);
    try {
      return fileSystem(path, conf).open(new Path(path));
    } catch (java.io.FileNotFoundException e) {
      throw new CausalDensityException(Failure.IO, path, "no such file", e);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /**
   * Reads exactly {@code length} bytes at {@code position}. A file that ends first is an invalid (truncated) file.
   */
  public static void readFully(FSDataInputStream in, String path, long position, byte[] buffer, int offset,
      int length) {
    try {
      in.readFully(position, buffer, offset, length);
    } catch (EOFException e) {
      throw CausalDensityException.invalidFile(path, "file ends before byte %d (truncated?)", position + length);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /** Reads a whole (small) file; refuses files longer than {@code maxBytes}. */
  public static byte[] readAll(String path, Configuration conf, long maxBytes) {
    long length = length(path, conf);
    if (length > maxBytes) {
      throw CausalDensityException.invalidFile(path, "is %d bytes, more than the %d this reader accepts", length,
          maxBytes);
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = open(path, conf)) {
      readFully(in, path, 0, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
    return bytes;
  }

  /** Creates (overwriting) a file for writing; local files get no {@code .crc} side files (raw file system). */
  public static OutputStream create(String path, Configuration conf) {
    try {
      return fileSystem(path, conf).create(new Path(path), true);
    } catch (IOException e) {
      throw CausalDensityException.io(path, e);
    }
  }

  /**
   * Creates (overwriting) a writer's file and writes its {@code header}; if that write fails the stream is closed
   * and the failure is a CausalDensityException naming the file.
   */
  public static OutputStream createWithHeader(String path, Configuration conf, byte[] header) {
    OutputStream out = create(path, conf);
    try {
      out.write(header);
    } catch (IOException e) {
      try {
        out.close();
      } catch (IOException ignored) {
        // Already failing with the write error.
      }
      throw CausalDensityException.io(path, e);
    }
    return out;
  }

  /**
   * Closes a writer's stream; if closing fails (the tail may be lost) the file is deleted and the failure is a
   * CausalDensityException naming it.
   */
  public static void closeOrDelete(OutputStream out, String path, Configuration conf) {
    try {
      out.close();
    } catch (IOException e) {
      deleteAfterFailure(path, conf);
      throw CausalDensityException.io(path, e);
    }
  }

  /**
   * Deletes the file a failing writer leaves behind, best effort: the caller is already failing with an exception
   * that names the file, so an error here is ignored.
   */
  public static void deleteAfterFailure(String path, Configuration conf) {
    try {
      fileSystem(path, conf).delete(new Path(path), false);
    } catch (IOException | RuntimeException e) {
      // A leftover file is named in the caller's failure.
    }
  }

}
