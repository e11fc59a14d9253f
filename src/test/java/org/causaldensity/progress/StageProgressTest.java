package org.causaldensity.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StageProgressTest {
  static final long SECOND = 1_000_000_000L;
  static final Pattern LINE = Pattern.compile("(\\d+)% \\(([\\d,]+)/([\\d,]+) tasks\\), (\\S+) tasks/s, ~(.+) left");

  /** Task end times (ns) → the times at which a progress line came out, with the lines. */
  record Printed(long at, String line) {}

  static List<Printed> replay(int total, long[] ends) {
    StageProgress progress = new StageProgress("3 'scan'", total, 0);
    List<Printed> printed = new ArrayList<>();
    for (long end : ends) {
      Optional<String> line = progress.taskSucceeded(end);
      line.ifPresent(l -> printed.add(new Printed(end, l)));
    }
    return printed;
  }

  @Test
  void slowStageGetsALineEveryFivePercentWithRateAndTimeLeft() {
    // 200 tasks, one every 2 s: 5% = 10 tasks = 20 s > 10 s, so every step is printed.
    long[] ends = new long[200];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = (i + 1) * 2 * SECOND;
    }
    List<Printed> printed = replay(200, ends);
    assertEquals(19, printed.size(), "5%, 10%, ..., 95% (the end has its own line)");
    for (int i = 0; i < printed.size(); i++) {
      Matcher m = LINE.matcher(printed.get(i).line());
      assertTrue(m.find(), printed.get(i).line());
      int done = 10 * (i + 1);
      assertEquals(5 * (i + 1), Integer.parseInt(m.group(1)));
      assertEquals(done, Integer.parseInt(m.group(2)));
      // Rate: done tasks in 2·done seconds = 0.5 tasks/s; time left = (200 - done) · 2 s.
      assertEquals(0.5, Double.parseDouble(m.group(4)), 1e-9);
      assertEquals(StageProgress.duration((200 - done) * 2.0), m.group(5));
    }
  }

  @Test
  void fastStageIsLimitedToOneLinePerTenSeconds() {
    // 1000 tasks, one every 50 ms (50 s in all): steps come every 2.5 s, lines at most every 10 s.
    long[] ends = new long[1000];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = (i + 1) * SECOND / 20;
    }
    List<Printed> printed = replay(1000, ends);
    for (int i = 1; i < printed.size(); i++) {
      assertTrue(printed.get(i).at() - printed.get(i - 1).at() >= StageProgress.MIN_INTERVAL_NANOS,
          printed.get(i - 1) + " then " + printed.get(i));
    }
    // The first step (50 tasks at 2.5 s) is printed at once, then one line per 10 s: 2.5, 12.5, 22.5, 32.5, 42.5.
    assertEquals(List.of(2_500_000_000L, 12_500_000_000L, 22_500_000_000L, 32_500_000_000L, 42_500_000_000L),
        printed.stream().map(Printed::at).toList());
  }

  @Test
  void fewTasksGiveALinePerTaskButNotForTheLast() {
    List<Printed> printed = replay(3, new long[] {20 * SECOND, 40 * SECOND, 60 * SECOND});
    assertEquals(2, printed.size());
    assertTrue(printed.get(0).line().contains("33% (1/3 tasks)"), printed.get(0).line());
    assertTrue(printed.get(1).line().contains("66% (2/3 tasks)"), printed.get(1).line());
  }

  @Test
  void startAndEndLines() {
    StageProgress progress = new StageProgress("7 'norms'", 4, 5 * SECOND);
    assertEquals("causal-density: stage 7 'norms': started, 4 tasks", progress.startLine());
    for (int i = 0; i < 4; i++) {
      progress.taskSucceeded((6 + i) * SECOND);
    }
    assertEquals("causal-density: stage 7 'norms': done, 4 tasks in 8.0 s (0.500 tasks/s)",
        progress.endLine(13 * SECOND, null));
    assertEquals("causal-density: stage 7 'norms': failed after 8.0 s, 4/4 tasks done: Job aborted",
        progress.endLine(13 * SECOND, "Job aborted\n\tat somewhere"));
  }

  @Test
  void completionsBeyondTheTotalAreCappedAndZeroTaskStagesPrintNothingInBetween() {
    StageProgress progress = new StageProgress("1 'x'", 2, 0);
    progress.taskSucceeded(SECOND);
    progress.taskSucceeded(2 * SECOND);
    assertFalse(progress.taskSucceeded(3 * SECOND).isPresent());
    assertEquals(2, progress.done());
    assertFalse(new StageProgress("2 'y'", 0, 0).taskSucceeded(SECOND).isPresent());
  }

  @Test
  void durations() {
    assertEquals("4.2 s", StageProgress.duration(4.2));
    assertEquals("42 s", StageProgress.duration(42.4));
    assertEquals("3 min 05 s", StageProgress.duration(185));
    assertEquals("2 h 07 min", StageProgress.duration(2 * 3600 + 7 * 60 + 30));
    assertEquals("?", StageProgress.duration(Double.POSITIVE_INFINITY));
  }
}
