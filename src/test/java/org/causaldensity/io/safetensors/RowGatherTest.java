package org.causaldensity.io.safetensors;

import static org.causaldensity.io.safetensors.Fixtures.CONF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowGatherTest {
  private static final int ROWS = 3000;
  private static final int WIDTH = 512;

  @TempDir
  Path tmp;

  private static long[] randomIds(Random random, int count, int rows) {
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = random.nextInt(rows);
    }
    return ids;
  }

  @Test
  void planCoversEveryIdWithBoundedReads() {
    Random random = new Random(7);
    for (long rowBytes : new long[] {2, 5120, 300_000, 5L << 20}) {
      long[] ids = randomIds(random, 2000, 150_000);
      ids[0] = 0;
      ids[1] = 149_999;
      ids[2] = ids[3];
      int[] order = RowGather.ascendingOrder(ids);
      List<RowGather.Read> reads = RowGather.plan(ids, order, rowBytes);
      int served = 0;
      RowGather.Read previous = null;
      for (RowGather.Read read : reads) {
        assertEquals(served, read.from, "reads serve the sorted ids in turn");
        for (int k = read.from; k < read.to; k++) {
          long id = ids[order[k]];
          assertTrue(id >= read.firstRow && id < read.firstRow + read.rowCount, "id inside its read");
        }
        assertEquals(read.firstRow, ids[order[read.from]], "a read starts at a wanted row");
        assertEquals(read.firstRow + read.rowCount - 1, ids[order[read.to - 1]], "and ends at one");
        assertTrue(read.rowCount == 1 || read.rowCount * rowBytes <= RowGather.MAX_READ_BYTES, "bounded read");
        if (previous != null) {
          long gapBytes = (read.firstRow - (previous.firstRow + previous.rowCount)) * rowBytes;
          long mergedBytes = (read.firstRow + 1 - previous.firstRow) * rowBytes;
          assertTrue(gapBytes > RowGather.MAX_GAP_BYTES || mergedBytes > RowGather.MAX_READ_BYTES,
              "reads are split only where the gap or the size demands it");
        }
        served = read.to;
        previous = read;
      }
      assertEquals(ids.length, served);
    }
  }

  @Test
  void gathersAcrossManyCoalescedReads() {
    // a 6 MB F32 tensor whose value at (r, c) is r * 10000 + c, exact in float32
    ByteBuffer data = ByteBuffer.allocate(ROWS * WIDTH * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < WIDTH; c++) {
        data.putFloat(r * 10000f + c);
      }
    }
    String header = "{\"__metadata__\":{\"format\":\"pt\"},\"lm_head.weight\":{\"dtype\":\"F32\",\"shape\":[" + ROWS
        + "," + WIDTH + "],\"data_offsets\":[0," + data.capacity() + "]}}";
    Path file = tmp.resolve("big.safetensors");
    Fixtures.write(file, Fixtures.file(header, data.array()));
    Checkpoint checkpoint = Checkpoint.open(file.toString(), CONF);

    Random random = new Random(11);
    long[] ids = randomIds(random, 700, ROWS);
    ids[0] = ROWS - 1;
    ids[1] = 0;
    ids[2] = ROWS - 1;
    int[] order = RowGather.ascendingOrder(ids);
    assertTrue(RowGather.plan(ids, order, WIDTH * 4L).size() > 1, "the tensor needs several reads");
    float[] rows = new float[ids.length * WIDTH];
    checkpoint.gatherRows(ids, rows, CONF);
    for (int i = 0; i < ids.length; i++) {
      for (int c = 0; c < WIDTH; c += 37) {
        assertEquals(ids[i] * 10000f + c, rows[i * WIDTH + c], "id " + ids[i] + " col " + c);
      }
      assertEquals(ids[i] * 10000f + WIDTH - 1, rows[i * WIDTH + WIDTH - 1]);
    }
  }
}
