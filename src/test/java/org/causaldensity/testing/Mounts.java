package org.causaldensity.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Small tmpfs mounts for tests of a full or read-only disk; they need root (tests skip where mounting fails). */
public final class Mounts {
  private Mounts() {}

  /** Mounts a tmpfs with {@code options} (e.g. {@code size=64k,ro}) at {@code dir}; false when that is not allowed. */
  public static boolean tmpfs(Path dir, String options) {
    return runs("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
  }

  /** Unmounts {@code dir}. */
  public static void unmount(Path dir) {
    if (!runs("umount", dir.toString())) {
      runs("umount", "-l", dir.toString());
    }
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
