package org.causaldensity.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CovarianceAccumulatorTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void meanAndCovarianceMatchNumpyCov() {
    JsonNode c = AnswerFixture.root().get("participation_ratio");
    int d = c.get("d").asInt();
    CovarianceAccumulator acc = new CovarianceAccumulator(d).add(AnswerFixture.rows(AnswerFixture.float32s(c.get("rows")), d));
    assertArrayEquals(AnswerFixture.doubles(c.get("mean")), acc.mean(), TOLERANCE);
    assertArrayEquals(AnswerFixture.doubles(c.get("covariance")), acc.covariance(), TOLERANCE);
  }

  @Test
  void partsMergedInAnyOrderEqualOnePassOverBlocksOfSeveralTiles() {
    Random random = new Random(3);
    int d = 150; // more than two 64-wide tiles, not a multiple of them
    double[][] rows = SyntheticClouds.gaussian(random, 700, new double[d], 1.0); // more than two 256-row blocks
    double[] onePass = new CovarianceAccumulator(d).add(rows).covariance();
    CovarianceAccumulator first = new CovarianceAccumulator(d).add(Arrays.copyOfRange(rows, 0, 333));
    CovarianceAccumulator second = new CovarianceAccumulator(d).add(Arrays.copyOfRange(rows, 333, 700));
    assertArrayEquals(onePass, new CovarianceAccumulator(d).merge(second).merge(first).covariance(), TOLERANCE);
    assertArrayEquals(twoPassCovariance(rows), onePass, TOLERANCE);
  }

  @Test
  void serialisedAsItsUpperTriangleAndReadBackExactly() throws Exception {
    Random random = new Random(8);
    int d = 70;
    double[][] rows = SyntheticClouds.gaussian(random, 90, new double[d], 2.0);
    CovarianceAccumulator acc = new CovarianceAccumulator(d).add(rows);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(acc);
    }
    // Half of the d×d doubles plus the diagonal, the mean and a little framing: well under the full square.
    long triangle = 8L * d * (d + 1) / 2;
    assertEquals(true, bytes.size() < triangle + 8L * d + 1024, "serialised size " + bytes.size());
    CovarianceAccumulator back;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = (CovarianceAccumulator) in.readObject();
    }
    assertEquals(acc.count(), back.count());
    assertArrayEquals(acc.mean(), back.mean(), 0.0);
    assertArrayEquals(acc.covariance(), back.covariance(), 0.0);
    // It keeps accumulating like the original.
    double[][] more = SyntheticClouds.gaussian(random, 40, new double[d], 1.0);
    assertArrayEquals(acc.add(more).covariance(), back.add(more).covariance(), 0.0);
  }

  @Test
  void largeMeanDoesNotCancelTheSpread() {
    double[][] rows = {{1e9 + 1}, {1e9 + 2}, {1e9 + 3}, {1e9 + 4}};
    CovarianceAccumulator acc = new CovarianceAccumulator(1).add(rows);
    assertEquals(5.0 / 3.0, acc.covariance()[0], 1e-9);
  }

  @Test
  void floatRowsEqualTheSameRowsAsDoubles() {
    float[][] floats = {{1.5f, -2f}, {0.25f, 3f}, {4f, 4f}};
    double[][] doubles = {{1.5, -2}, {0.25, 3}, {4, 4}};
    assertArrayEquals(new CovarianceAccumulator(2).add(doubles).covariance(),
        new CovarianceAccumulator(2).add(floats).covariance(), 0.0);
  }

  @Test
  void fewerThanTwoRowsGiveNaN() {
    CovarianceAccumulator acc = new CovarianceAccumulator(2).add(new double[][] {{1, 2}});
    assertEquals(1, acc.count());
    assertEquals(Double.NaN, acc.covariance()[0]);
  }

  @Test
  void wrongRowLengthAndNonFiniteValuesNameTheRow() {
    CovarianceAccumulator acc = new CovarianceAccumulator(3);
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> acc.add(new double[][] {{1, 2, 3}, {1, 2}}));
    assertEquals("embedding rows: row 1 has 2 values, expected 3", length.getMessage());
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> acc.add(new float[][] {{1, Float.NaN, 3}}));
    assertEquals("embedding rows: row 0 column 1 is NaN, expected a finite value", value.getMessage());
    assertThrows(IllegalArgumentException.class, () -> acc.merge(new CovarianceAccumulator(2)));
  }

  private static double[] twoPassCovariance(double[][] rows) {
    int d = rows[0].length;
    double[] mean = new double[d];
    for (double[] row : rows) {
      for (int a = 0; a < d; a++) {
        mean[a] += row[a] / rows.length;
      }
    }
    double[] cov = new double[d * d];
    for (double[] row : rows) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a * d + b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (rows.length - 1);
        }
      }
    }
    return cov;
  }
}
