#!/usr/bin/python3
"""The notebook (../shared/seed/density_vs_norm_notebook.txt), ported to numpy/torch on its own input files.

Differences from the notebook, each forced by this machine:
- transformers cannot be installed, so the unembedding is read from the safetensors checkpoint directly
  (BF16 -> float32 exactly as `torch_dtype=torch.float32` loading does; tied embeddings: lm_head.weight if stored,
  else model.embed_tokens.weight);
- torch.load uses weights_only=True (the notebook's weights_only=False would run whatever the pickle says);
- the volumetric cell uses scipy.special.gammaln, "as meant" (the notebook's gamma() overflowed to inf).
Everything else follows the notebook's cells line by line. Prints JSON: the "notebook" block (same keys as the
job's summary.json) and wall time per stage.

usage: notebook_port.py DISTANCES.npy TOKEN_INDICES.pt METRIC.pt MODEL_DIR [--k 20] [--d-eff 1333] [--bins 30]
"""
import argparse
import json
import time

import numpy as np
import torch
from scipy.special import gammaln

import causal_rows


def load_unembedding(model_dir):
    """The whole unembedding matrix as float32, read from the safetensors shard that holds it."""
    return torch.from_numpy(causal_rows.all_rows(model_dir))


def summarise(values):
    return {"min": float(values.min()), "max": float(values.max()), "mean": float(values.mean()),
            "median": float(np.median(values))}


def knn_densities(distances, K_NEIGHBORS):
    """In [28], verbatim: 1/mean of the k+1 smallest entries with zeros dropped; 0 where none are left."""
    N = distances.shape[0]
    densities = np.zeros(N)
    for i in range(N):
        dists_i = distances[i]
        k_nearest_dists = np.partition(dists_i, K_NEIGHBORS)[:K_NEIGHBORS + 1]
        k_nearest_dists = k_nearest_dists[k_nearest_dists > 0][:K_NEIGHBORS]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_dist = k_nearest_dists.mean() if k_nearest_dists.size else np.float32(np.nan)
        densities[i] = 1.0 / mean_dist if mean_dist > 0 else 0
    return densities


def notebook_block(densities, token_indices, causal_norms, K_NEIGHBORS, D_EFF, n_bins):
    """In [29] (as meant: gammaln) and the radial-profile and core/shell cells: the job's "notebook" block."""
    valid = densities > 0
    r = 1.0 / densities[valid]
    log_vol = (D_EFF / 2) * np.log(np.pi) - gammaln(D_EFF / 2 + 1) + D_EFF * np.log(r)
    log_volumetric = np.log(K_NEIGHBORS) - log_vol

    norm_bins = np.linspace(causal_norms.min(), causal_norms.max(), n_bins + 1)
    bin_centers = (norm_bins[:-1] + norm_bins[1:]) / 2
    bin_indices = np.digitize(causal_norms, norm_bins) - 1
    bin_indices = np.clip(bin_indices, 0, n_bins - 1)
    mean_density_per_bin = np.zeros(n_bins)
    std_density_per_bin = np.zeros(n_bins)
    count_per_bin = np.zeros(n_bins)
    for i in range(n_bins):
        mask = bin_indices == i
        if mask.sum() > 0:
            mean_density_per_bin[i] = densities[mask].mean()
            std_density_per_bin[i] = densities[mask].std()
            count_per_bin[i] = mask.sum()

    median_norm = np.median(causal_norms)
    core_threshold = np.percentile(causal_norms, 10)
    core_mask = causal_norms < core_threshold
    shell_mask = (causal_norms > np.percentile(causal_norms, 40)) & (causal_norms < np.percentile(causal_norms, 60))
    outer_threshold = np.percentile(causal_norms, 90)
    outer_mask = causal_norms > outer_threshold
    with np.errstate(invalid="ignore", divide="ignore"):
        core_shell_ratio = densities[core_mask].mean() / densities[shell_mask].mean()
    verdict = "denser" if core_shell_ratio > 1.5 else ("sparser" if core_shell_ratio < 0.67 else "similar")

    def region(mask):
        with np.errstate(invalid="ignore", divide="ignore"):
            return {"n": int(mask.sum()), "mean_density": float(densities[mask].mean()),
                    "std_density": float(densities[mask].std())}

    return {
        "n_tokens": int(densities.size), "k": K_NEIGHBORS, "d_eff": float(D_EFF),
        "token_index_range": [int(token_indices.min()), int(token_indices.max())],
        "density": summarise(densities),
        "n_zero_density": int((densities == 0).sum()),
        "log_volumetric_density": dict(summarise(log_volumetric) if log_volumetric.size else {},
                                       valid=int(valid.sum())),
        "causal_norm": summarise(causal_norms.astype(np.float64)),
        "radial_profile": {"edges": norm_bins.tolist(), "centers": bin_centers.tolist(),
                           "mean_density": mean_density_per_bin.tolist(),
                           "std_density": std_density_per_bin.tolist(),
                           "count": count_per_bin.astype(np.int64).tolist()},
        "regions": {"core": region(core_mask), "shell": region(shell_mask), "outer": region(outer_mask)},
        "thresholds": {"p10": float(core_threshold), "p40": float(np.percentile(causal_norms, 40)),
                       "p50": float(median_norm), "p60": float(np.percentile(causal_norms, 60)),
                       "p90": float(outer_threshold)},
        "core_shell_ratio": float(core_shell_ratio),
        "verdict": verdict,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("distances")
    parser.add_argument("token_indices")
    parser.add_argument("metric")
    parser.add_argument("model")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--d-eff", type=float, default=1333)
    parser.add_argument("--bins", type=int, default=30)
    args = parser.parse_args()
    timings = {}

    t = time.perf_counter()
    distances = np.load(args.distances)
    metadata = torch.load(args.token_indices, weights_only=True)
    token_indices = metadata['token_indices'].numpy()
    timings["load_distances"] = time.perf_counter() - t

    t = time.perf_counter()
    densities = knn_densities(distances, args.k)
    timings["knn_density"] = time.perf_counter() - t

    t = time.perf_counter()
    gamma = load_unembedding(args.model)
    M = torch.load(args.metric, weights_only=True)['M']
    sampled_embeddings = gamma[torch.from_numpy(token_indices)]
    M_gamma = sampled_embeddings @ M
    causal_norms = torch.sqrt((sampled_embeddings * M_gamma).sum(dim=-1)).numpy()
    del gamma
    timings["causal_norms"] = time.perf_counter() - t

    t = time.perf_counter()
    notebook = notebook_block(densities, token_indices, causal_norms, args.k, args.d_eff, args.bins)
    timings["volumetric_profile_and_regions"] = time.perf_counter() - t
    print(json.dumps({"notebook": notebook, "timings_seconds": timings}, indent=1))


if __name__ == "__main__":
    main()
