#!/usr/bin/python3
"""How many of FAISS's neighbours and distances are wrong against a double-precision reference.

The reference (numpy, float64 throughout):
- whitening x = Lᵀγ in float64 from the BF16 rows and M (the rows FAISS got are these, rounded to float32);
- all pairs by the float64 expansion ‖x‖² + ‖y‖² − 2xᵀy, keeping k+1+MARGIN candidates per row, then each
  candidate's distance recomputed from the difference vector; the candidates provably hold the exact k nearest
  when d_k² < (the largest kept expansion value) − B, B the worst-case rounding bound of the float64 expansion,
  2·γ_{d+2}·(‖x_i‖² + max‖x‖²) with γ_n = n·u/(1 − n·u), u = 2⁻⁵³ (any summation order); or when d_k = 0 (k
  bit-identical rows). The search runs over one row per group of bit-identical rows (each candidate then brings
  its whole group), so a group's exact ties cannot defeat the bound; a row failing both tests is recomputed
  against all rows from differences.
- the duplicated tokens are found in the data: rows whose BF16 γ is bit-identical to another sampled row
  ("identical"), and rows whose exact nearest other row is closer than NEAR_DUPLICATE_RELATIVE × their own causal
  norm ("near-duplicate"); everything else is "other".

FAISS is judged only beyond what its float32 input rows force on any float32 method: δ_i = fl32(x_i) − x_i moves a
pair's distance by at most ‖δ_i − δ_j‖, which is 0 for bit-identical tokens, so there any non-zero FAISS distance
is wrong. Counted per category:
- distances: |d_faiss − d| > DISTANCE_RELATIVE_TOLERANCE·d + ‖δ_i − δ_j‖ (d the reference distance of that pair);
- neighbours: a returned neighbour j with d(i, j) > d_k(i) + 2(‖δ_i‖ + max‖δ‖) (0 when d_k(i) = 0), i.e. not in
  any valid exact k-nearest set, ties included;
- first neighbour mis-ranked: FAISS's first neighbour is not an exact nearest (same tolerance with d_1);
- order: FAISS's list is not in the reference's order beyond that tolerance;
- densities 1/mean of the k distances: relative error > DENSITY_RELATIVE_TOLERANCE, or finite against +∞;
- self: the row itself missing from its k+1, not first, or at a non-zero distance.
FAISS's neighbours are its k+1 without the row itself (without the last when itself is absent).

usage: faiss_errors.py MODEL_DIR METRIC.pt TOKEN_INDICES.pt FAISS_DIR [--k 20] [--save-reference FILE.npz]
  FAISS_DIR from faiss_knn.py --save; FILE.npz gets the reference (rows, distances, duplicated-row masks) for
  checking other kNN results against it.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import causal_rows  # noqa: E402

MARGIN = 8
NEAR_DUPLICATE_RELATIVE = 3e-2  # the demo's largest planted near-duplicate offset, relative to the norm
DISTANCE_RELATIVE_TOLERANCE = 1e-5
DENSITY_RELATIVE_TOLERANCE = 1e-5
UNIT_ROUNDOFF = 2.0 ** -53
BLOCK_ROWS = 1024
CHUNK_ROWS = 256
D1_BANDS = [0.0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 1.0]


def gamma_n(n):
    return n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF)


def candidates(x, sq, count):
    """Per row, the `count` smallest float64 expansion values (self included) and their columns."""
    n = x.shape[0]
    cols = np.empty((n, count), dtype=np.int64)
    vals = np.empty((n, count))
    for b0 in range(0, n, BLOCK_ROWS):
        b1 = min(n, b0 + BLOCK_ROWS)
        s = x[b0:b1] @ x.T
        s *= -2
        s += sq[b0:b1, None]
        s += sq[None, :]
        part = np.argpartition(s, count - 1, axis=1)[:, :count]
        cols[b0:b1] = part
        vals[b0:b1] = np.take_along_axis(s, part, axis=1)
    return cols, vals


def pair_distances(x, rows, cols):
    """Distances ‖x_rows[i] − x_cols[i, j]‖ from the difference vectors (rows: n, cols: n × m)."""
    out = np.empty(cols.shape)
    for c0 in range(0, len(rows), CHUNK_ROWS):
        c1 = min(len(rows), c0 + CHUNK_ROWS)
        diff = x[rows[c0:c1], None, :] - x[cols[c0:c1]]
        out[c0:c1] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    return out


def k_nearest(i, cols, dists, k):
    """The k nearest others of row i among (cols, dists): exact distance, ties by lower row."""
    keep = cols != i
    cols, dists = cols[keep], dists[keep]
    order = np.lexsort((cols, dists))[:k]
    return cols[order], dists[order]


def distances_to_all(x, i):
    """‖x_i − x_j‖ for every row j, from the difference vectors."""
    out = np.empty(x.shape[0])
    for b0 in range(0, x.shape[0], BLOCK_ROWS):
        diff = x[b0:b0 + BLOCK_ROWS] - x[i]
        out[b0:b0 + BLOCK_ROWS] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    return out


def reference(x, group, reps, k):
    """Exact k nearest others of every row: (ids n×k, distances n×k, groups recomputed in full).

    The search runs over one representative per group of identical rows (`reps`, `group` the group of each row),
    so that an identical group's exact ties cannot hide the candidates' bound; each candidate group then
    contributes all its rows at the same exact distance."""
    xu = x[reps]
    nu = len(reps)
    sq = np.einsum("ij,ij->i", xu, xu)
    cols, vals = candidates(xu, sq, min(nu, k + 1 + MARGIN))
    exact = pair_distances(xu, np.arange(nu), cols)
    bound = 2 * gamma_n(x.shape[1] + 2) * (sq + sq.max())
    members = [[] for _ in range(nu)]
    for row, g in enumerate(group):
        members[g].append(row)
    members = [np.array(m) for m in members]
    full = []
    for g in range(nu):
        rows = np.concatenate([members[c] for c in cols[g]])
        dists = np.repeat(exact[g], [len(members[c]) for c in cols[g]])
        _, dk = k_nearest(reps[g], rows, dists, k)
        if dk[-1] > 0 and not dk[-1] ** 2 * (1 + 1e-12) < vals[g].max() - bound[g]:
            cols[g] = -1
            full.append(g)
    to_all = {g: distances_to_all(xu, g)[group] for g in full}
    ids = np.empty((x.shape[0], k), dtype=np.int64)
    dist = np.empty((x.shape[0], k))
    for i, g in enumerate(group):
        if g in to_all:
            rows, dists = np.arange(x.shape[0]), to_all[g]
        else:
            rows = np.concatenate([members[c] for c in cols[g]])
            dists = np.repeat(exact[g], [len(members[c]) for c in cols[g]])
        ids[i], dist[i] = k_nearest(i, rows, dists, k)
    return ids, dist, full


def density(d):
    mean = d.mean(axis=1)
    with np.errstate(divide="ignore"):
        return np.where(mean > 0, 1.0 / mean, np.inf)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("metric")
    parser.add_argument("token_indices")
    parser.add_argument("faiss_dir")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--save-reference", metavar="FILE.npz")
    args = parser.parse_args()
    k = args.k
    t0 = time.perf_counter()

    ids = causal_rows.token_ids(args.token_indices)
    gamma = causal_rows.gather_rows(args.model, ids)
    x = gamma.astype(np.float64) @ causal_rows.whitening_factor(causal_rows.metric(args.metric))
    n = x.shape[0]
    delta = x.astype(np.float32).astype(np.float64) - x
    delta_norm = np.linalg.norm(delta, axis=1)
    norms = np.linalg.norm(x, axis=1)

    _, reps, group, group_size = np.unique(gamma.view(np.dtype((np.void, gamma.shape[1] * 4))).ravel(),
                                           return_index=True, return_inverse=True, return_counts=True)
    size = group_size[group]
    identical = size >= 2
    first_of_group = {}
    whitening_kept_identity = True
    for i in np.flatnonzero(identical):
        j = first_of_group.setdefault(group[i], i)
        whitening_kept_identity &= bool(np.array_equal(x[i], x[j]))

    ref_ids, ref_d, full_groups = reference(x, group, reps, k)
    d1 = ref_d[:, 0]
    near = ~identical & (d1 < NEAR_DUPLICATE_RELATIVE * norms)
    t_reference = time.perf_counter() - t0
    if args.save_reference:
        np.savez(args.save_reference, token_indices=ids, neighbour_rows=ref_ids, neighbour_distances=ref_d,
                 identical=identical, near_duplicate=near)

    f_ids = np.load(os.path.join(args.faiss_dir, "faiss_ids.npy"))
    f_sq = np.load(os.path.join(args.faiss_dir, "faiss_sqdist.npy")).astype(np.float64)
    is_self = f_ids == np.arange(n)[:, None]
    self_present = is_self.any(axis=1)
    self_pos = np.where(self_present, is_self.argmax(axis=1), -1)
    self_sq = np.where(self_present, f_sq[np.arange(n), np.maximum(self_pos, 0)], np.nan)
    drop = np.where(self_present, self_pos, k)
    keep = np.ones_like(is_self)
    keep[np.arange(n), drop] = False
    nb = f_ids[keep].reshape(n, k)
    nb_d = np.sqrt(np.maximum(f_sq[keep].reshape(n, k), 0.0))

    d_true = pair_distances(x, np.arange(n), nb)
    pair_tol = pair_distances(delta, np.arange(n), nb)
    dist_wrong = np.abs(nb_d - d_true) > DISTANCE_RELATIVE_TOLERANCE * d_true + pair_tol
    rank_tol = np.where(ref_d[:, -1] > 0, 2 * (delta_norm + delta_norm.max()), 0.0)
    nb_wrong = d_true > ref_d[:, -1:] + rank_tol[:, None]
    first_tol = np.where(d1 > 0, 2 * (delta_norm + delta_norm.max()), 0.0)
    first_wrong = d_true[:, 0] > d1 + first_tol
    order_wrong = (np.maximum.accumulate(d_true, axis=1)[:, :-1] > d_true[:, 1:] + rank_tol[:, None]).any(axis=1)
    identical_pair = (d_true == 0) & (np.arange(n)[:, None] != nb)
    identical_pair_nonzero = identical_pair & (nb_d != 0)
    f_dens, r_dens = density(nb_d), density(ref_d)
    with np.errstate(invalid="ignore"):
        dens_rel = np.abs(f_dens - r_dens) / r_dens
    dens_wrong = np.where(np.isinf(r_dens) | np.isinf(f_dens), np.isinf(r_dens) != np.isinf(f_dens),
                          dens_rel > DENSITY_RELATIVE_TOLERANCE)

    def counts(mask):
        rows = int(mask.sum())
        block = {
            "rows": rows,
            "rows_with_a_wrong_distance": int(dist_wrong[mask].any(axis=1).sum()),
            "wrong_distances": int(dist_wrong[mask].sum()),
            "rows_with_a_wrong_neighbour": int(nb_wrong[mask].any(axis=1).sum()),
            "wrong_neighbours": int(nb_wrong[mask].sum()),
            "first_neighbour_misranked": int(first_wrong[mask].sum()),
            "rows_out_of_order": int(order_wrong[mask].sum()),
            "wrong_densities": int(dens_wrong[mask].sum()),
            "self_absent": int((~self_present[mask]).sum()),
            "self_not_first": int((self_present[mask] & (self_pos[mask] != 0)).sum()),
            "self_distance_nonzero": int((self_present[mask] & (self_sq[mask] != 0)).sum()),
            "identical_pairs_returned": int(identical_pair[mask].sum()),
            "identical_pairs_at_nonzero_distance": int(identical_pair_nonzero[mask].sum()),
        }
        if rows and identical_pair_nonzero[mask].any():
            block["max_distance_between_identical"] = float(nb_d[mask][identical_pair_nonzero[mask]].max())
        nonzero_self = self_present & (self_sq != 0) & mask
        if nonzero_self.any():
            block["max_self_distance"] = float(np.sqrt(np.maximum(self_sq[nonzero_self], 0)).max())
        if rows and dist_wrong[mask].any():
            block["max_abs_distance_error"] = float(np.abs(nb_d - d_true)[mask].max())
        finite = mask & np.isfinite(dens_rel)
        if finite.any():
            block["max_density_relative_error"] = float(dens_rel[finite].max())
        return block

    rel_d1 = d1 / norms
    bands = {"d1 = 0": int((rel_d1 == 0).sum())}
    for lo, hi in zip(D1_BANDS[:-1], D1_BANDS[1:]):
        bands[f"d1/norm in ({lo:g}, {hi:g}]"] = int(((rel_d1 > lo) & (rel_d1 <= hi)).sum())
    bands[f"d1/norm > {D1_BANDS[-1]:g}"] = int((rel_d1 > D1_BANDS[-1]).sum())
    result = {
        "n": n, "k": k, "reference_seconds": t_reference,
        "reference": {"candidates_per_row": k + 1 + MARGIN, "groups_recomputed_in_full": len(full_groups),
                      "whitening_kept_bit_identical_rows_identical": whitening_kept_identity,
                      "max_float32_rounding_norm": float(delta_norm.max())},
        "duplicates": {"identical_groups": int((group_size >= 2).sum()), "identical_rows": int(identical.sum()),
                       "largest_identical_group": int(group_size.max()),
                       "near_duplicate_rows": int(near.sum()),
                       "near_duplicate_rule": f"exact nearest other < {NEAR_DUPLICATE_RELATIVE:g} x own causal norm",
                       "nearest_other_bands": bands},
        "tolerances": {"distance_relative": DISTANCE_RELATIVE_TOLERANCE, "density_relative": DENSITY_RELATIVE_TOLERANCE},
        "faiss_errors": {"identical": counts(identical), "near_duplicate": counts(near),
                         "duplicated": counts(identical | near), "other": counts(~identical & ~near),
                         "all": counts(np.ones(n, dtype=bool))},
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
