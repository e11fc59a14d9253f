package org.causaldensity.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.causaldensity.io.safetensors.Checkpoint;
import org.causaldensity.selection.IdenticalRows;

/**
 * {@code --duplicates collapse}: each task gathers its ranges of the selected rows and fingerprints them
 * ({@link IdenticalRows#fingerprints}); the driver receives 16 bytes a row, groups equal fingerprints and confirms each
 * candidate group by reading its rows back ({@link IdenticalRows#collapse}), a few at a time.
 */
final class IdenticalRowStage {
  private IdenticalRowStage() {}

  static IdenticalRows.Collapse collapse(JavaSparkContext jsc, Checkpoint checkpoint, long[] selectedIds,
      Broadcast<long[]> ids, Broadcast<HadoopConf> conf) {
    int n = selectedIds.length;
    int d = checkpoint.hiddenSize();
    List<RowRange> ranges = RowRange.split(n, RowRange.rowsFitting(d, CausalNormStage.GATHER_BYTES));
    int slices = Math.max(1, Math.min(ranges.size(), jsc.defaultParallelism()));
    long[] prints = new long[2 * n];
    List<Fingerprinted> parts = jsc.parallelize(ranges, slices)
        .map(range -> fingerprint(range, checkpoint, ids.value(), conf.value())).collect();
    for (Fingerprinted part : parts) {
      System.arraycopy(part.prints(), 0, prints, (int) (2 * part.first()), part.prints().length);
    }
    org.apache.hadoop.conf.Configuration hadoop = conf.value().get();
    return IdenticalRows.collapse(selectedIds, prints, d, (rows, dst) -> {
      long[] wanted = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        wanted[i] = selectedIds[rows[i]];
      }
      checkpoint.gatherRows(wanted, dst, hadoop);
    });
  }

  /** Fingerprints of one range of selected rows, two longs a row. */
  record Fingerprinted(long first, long[] prints) implements java.io.Serializable {}

  private static Fingerprinted fingerprint(RowRange range, Checkpoint checkpoint, long[] ids, HadoopConf conf) {
    int d = checkpoint.hiddenSize();
    long[] wanted = Arrays.copyOfRange(ids, (int) range.first(), (int) range.first() + range.count());
    float[] gamma = new float[wanted.length * d];
    checkpoint.gatherRows(wanted, gamma, conf.get());
    long[] prints = new long[2 * wanted.length];
    IdenticalRows.fingerprints(gamma, wanted.length, d, prints, 0);
    return new Fingerprinted(range.first(), prints);
  }
}
