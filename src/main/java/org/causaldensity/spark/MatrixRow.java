package org.causaldensity.spark;

import java.io.Serializable;

/**
 * One row of the distance matrix as stored in the ingested Parquet row blocks ({@code data-schema/row-blocks.md}).
 * A Java bean so that Spark decodes {@code array<float>} straight into a {@code float[]}.
 */
public class MatrixRow implements Serializable {
  private static final long serialVersionUID = 1L;
  private long row;
  private float[] distances;

  public MatrixRow() {}

  public MatrixRow(long row, float[] distances) {
    this.row = row;
    this.distances = distances;
  }

  public long getRow() {
    return row;
  }

  public void setRow(long row) {
    this.row = row;
  }

  public float[] getDistances() {
    return distances;
  }

  public void setDistances(float[] distances) {
    this.distances = distances;
  }
}
