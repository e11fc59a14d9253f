#!/usr/bin/python3
"""Cross-checks faiss_errors.py's double-precision reference against the demo's own distance matrix.

The demo writes the N×N float32 matrix (`distances_causal_<N>_full.npy`) by another code path (the job's Java
kernel, near entries recomputed from differences, exact zeros for identical rows). On the duplicated rows of the
reference (bit-identical or near-duplicate), this compares each row's k nearest others: the reference's distances
against the matrix's at the same pairs (relative), and the reference's k-th distance against the matrix row's k-th
smallest off-diagonal entry. Prints JSON.

usage: check_reference.py REFERENCE.npz DISTANCES.npy
"""
import json
import sys

import numpy as np


def main():
    reference = np.load(sys.argv[1])
    matrix = np.load(sys.argv[2], mmap_mode="r")
    rows = np.flatnonzero(reference["identical"] | reference["near_duplicate"])
    ref_ids, ref_d = reference["neighbour_rows"][rows], reference["neighbour_distances"][rows]
    k = ref_d.shape[1]
    worst_pair, worst_kth, kth_mismatch, zero_mismatch = 0.0, 0.0, 0, 0
    for r, i in enumerate(rows):
        line = np.array(matrix[i], dtype=np.float64)
        at_pairs = line[ref_ids[r]]
        zero_mismatch += int(((at_pairs == 0) != (ref_d[r] == 0)).sum())
        nz = ref_d[r] > 0
        if nz.any():
            worst_pair = max(worst_pair, float((np.abs(at_pairs[nz] - ref_d[r][nz]) / ref_d[r][nz]).max()))
        line[i] = np.inf
        kth = np.partition(line, k - 1)[k - 1]
        if ref_d[r, -1] > 0:
            rel = abs(kth - ref_d[r, -1]) / ref_d[r, -1]
            worst_kth = max(worst_kth, rel)
            kth_mismatch += int(rel > 1e-6)
        else:
            kth_mismatch += int(kth != 0)
    print(json.dumps({"rows_checked": int(len(rows)), "k": k,
                      "max_relative_difference_at_reference_pairs": worst_pair,
                      "max_relative_difference_of_kth_distance": worst_kth,
                      "rows_whose_kth_differs_by_more_than_1e-6": kth_mismatch,
                      "pairs_zero_in_one_and_not_the_other": zero_mismatch}, indent=1))


if __name__ == "__main__":
    main()
