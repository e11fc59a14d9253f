package org.causaldensity.inputs;

import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.causaldensity.io.CausalDensityException;
import org.causaldensity.io.safetensors.Checkpoint;

/**
 * Blames the right file for a squared causal norm γᵀMγ that is not a finite number ≥ 0. M was checked finite and
 * symmetric before the run, so a NaN or infinite value comes from the token's row of the unembedding (read again
 * here, one row, to say so) unless that row is finite; only a negative value, or a non-finite one from finite
 * inputs, says that M is not positive semi-definite.
 */
public final class CausalNormCheck {
  private CausalNormCheck() {}

  /** Refuses (exit 4) the first row of {@code squared} that is negative, NaN or infinite, naming the file at fault. */
  public static void check(double[] squared, AnalysisInputs inputs, AnalysisOptions options, Configuration conf) {
    int bad = 0;
    int first = -1;
    for (int i = 0; i < squared.length; i++) {
      if (!(squared[i] >= 0) || Double.isInfinite(squared[i])) {
        if (bad++ == 0) {
          first = i;
        }
      }
    }
    if (bad == 0) {
      return;
    }
    long id = inputs.tokenIds()[first];
    if (!(squared[first] < 0)) {
      Checkpoint checkpoint = inputs.checkpoint();
      float[] row = new float[checkpoint.hiddenSize()];
      checkpoint.gatherRows(new long[] {id}, row, conf);
      int column = firstNonFinite(row);
      if (column >= 0) {
        throw CausalDensityException.inconsistent(options.model(), "the unembedding %s holds a non-finite value "
            + "(%s at row %d, column %d: token id %d, matrix row %d); %d of %d tokens have a non-finite γᵀMγ",
            checkpoint.tensorName(), row[column], id, column, id, first, bad, squared.length);
      }
      if (Double.isInfinite(squared[first])) {
        throw CausalDensityException.inconsistent(options.metric(), "γᵀMγ overflows float32 for token id %d (row %d) "
            + "although its unembedding row is finite: M's entries are too large for this model", id, first);
      }
    }
    throw CausalDensityException.inconsistent(options.metric(), "M is not positive semi-definite: %d of %d tokens "
        + "have γᵀMγ < 0, NaN or infinite (first: row %d, token id %d, γᵀMγ = %s)", bad, squared.length, first, id,
        String.format(Locale.ROOT, "%.6g", squared[first]));
  }

  static int firstNonFinite(float[] row) {
    for (int i = 0; i < row.length; i++) {
      if (!Float.isFinite(row[i])) {
        return i;
      }
    }
    return -1;
  }
}
