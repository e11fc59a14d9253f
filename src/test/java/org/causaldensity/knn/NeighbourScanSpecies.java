package org.causaldensity.knn;

/** The vector width the scan runs with, for benchmark output. */
final class NeighbourScanSpecies {
  private NeighbourScanSpecies() {}

  static int lanes() {
    return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
  }
}
