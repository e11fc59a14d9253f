package org.causaldensity.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks made before a file is opened or an output is prepared: that OUT and the inputs do not overlap (a run
 * never writes over, or deletes, its own inputs), and that an input on the local file system is a regular file, not
 * a named pipe (whose {@code open} blocks forever), a device or a loop of symbolic links.
 */
public final class InputGuard {
  /** {@code S_IFMT} and the file types of {@code st_mode} (POSIX), to name what a special file is. */
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private InputGuard() {}

  /**
   * Refuses (exit 2) an {@code out} that is, contains or lies inside one of {@code inputs} (option name → path),
   * compared after resolving relative paths and symbolic links (on the local file system through the JDK, elsewhere
   * through the file system's own {@code resolvePath}). Null inputs (options not given) are skipped.
   */
  public static void refuseOverlap(String optionOfOut, String out, Map<String, String> inputs, Configuration conf) {
    URI resolvedOut = resolve(out, conf);
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      if (input.getValue() == null) {
        continue;
      }
      URI resolvedIn = resolve(input.getValue(), conf);
      String relation = relation(resolvedOut, resolvedIn);
      if (relation != null) {
        throw CausalDensityException.usage(optionOfOut, "%s %s the input %s (%s); a run never writes over its "
            + "inputs, so choose another output folder", out, relation, input.getValue(), input.getKey());
      }
    }
  }

  /** "is", "lies inside" or "contains", or null when neither path holds the other. */
  static String relation(URI out, URI input) {
    if (!same(out.getScheme(), input.getScheme()) || !same(out.getAuthority(), input.getAuthority())) {
      return null;
    }
    String o = trimSlash(out.getPath());
    String i = trimSlash(input.getPath());
    if (o.equals(i)) {
      return "is";
    }
    if (o.startsWith(i + "/") || i.isEmpty()) {
      return "lies inside";
    }
    if (i.startsWith(o + "/") || o.isEmpty()) {
      return "contains";
    }
    return null;
  }

  /** The path with symbolic links and relative parts resolved; a missing tail is appended to its deepest ancestor. */
  static URI resolve(String path, Configuration conf) {
    Path qualified = new Path(HadoopFiles.qualify(path, conf));
    URI uri = qualified.toUri();
    if ("file".equals(uri.getScheme())) {
      java.nio.file.Path local = Paths.get(uri.getPath()).normalize();
      java.nio.file.Path existing = local;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return local.toUri();
      }
      try {
        return existing.toRealPath().resolve(existing.relativize(local)).normalize().toUri();
      } catch (IOException e) {
        return local.toUri();
      }
    }
    try {
      FileSystem fs = HadoopFiles.fileSystem(qualified.toString(), conf);
      return fs.exists(qualified) ? fs.resolvePath(qualified).toUri() : uri;
    } catch (IOException e) {
      return uri;
    }
  }

  /**
   * Refuses a local path that is not a regular file: a named pipe, device or socket (exit 3) or a loop of symbolic
   * links (exit 5). Paths on other file systems, and missing files (reported by the reader), pass.
   */
  public static void requireRegularFile(String path) {
    java.nio.file.Path local = localPath(path);
    if (local == null) {
      return;
    }
    BasicFileAttributes attributes = attributes(path, local);
    if (attributes != null && attributes.isOther()) {
      throw CausalDensityException.invalidFile(path, "is a %s, not a regular file", specialKind(local));
    }
  }

  /** Refuses a local path that is a loop of symbolic links (exit 5); everything else passes. */
  public static void requireResolvable(String path) {
    java.nio.file.Path local = localPath(path);
    if (local != null) {
      attributes(path, local);
    }
  }

  private static BasicFileAttributes attributes(String path, java.nio.file.Path local) {
    try {
      return Files.readAttributes(local, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(local)) {
        throw new CausalDensityException(Failure.IO, path, "is a symbolic link to nothing (" + e.getMessage() + ")");
      }
      return null;
    } catch (FileSystemException e) {
      if (String.valueOf(e.getReason()).contains("symbolic links")) {
        throw new CausalDensityException(Failure.IO, path, "cannot be resolved: a loop of symbolic links", e);
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String specialKind(java.nio.file.Path local) {
    try {
      int mode = (Integer) Files.getAttribute(local, "unix:mode");
      switch (mode & TYPE_MASK) {
        case FIFO:
          return "named pipe (FIFO)";
        case CHARACTER_DEVICE:
          return "character device";
        case BLOCK_DEVICE:
          return "block device";
        case SOCKET:
          return "socket";
        default:
          return "special file";
      }
    } catch (IOException | RuntimeException e) {
      return "special file";
    }
  }

  private static java.nio.file.Path localPath(String path) {
    URI uri = new Path(path).toUri();
    if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
      return null;
    }
    return Paths.get(uri.getPath());
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private static String trimSlash(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
