#!/usr/bin/python3
"""The peer of the matrix-free `run`: FAISS exact search (IndexFlatL2) on the whitened rows, k+1 neighbours.

What a FAISS user would do with the same files: gather the sampled rows of the unembedding (BF16 -> float32),
whiten them once, x = Lᵀγ with M = L Lᵀ (in float64, rounded to float32: FAISS gets the most accurate float32
rows there are, so its errors are its own), then IndexFlatL2 (the ‖x‖² + ‖y‖² − 2xᵀy expansion on sgemm) with each
row as a query for its k+1 nearest (itself included). Prints JSON: stage times (load, whiten, search, total), the
BLAS/OpenMP libraries and kernel that ran (threadpoolctl), sizes. --save DIR writes DIR/faiss_ids.npy (int64) and
DIR/faiss_sqdist.npy (float32, squared distances as FAISS returns them), after the timed part.

usage: faiss_knn.py MODEL_DIR METRIC.pt TOKEN_INDICES.pt [--k 20] [--threads T] [--save DIR]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import causal_rows  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("metric")
    parser.add_argument("token_indices")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--save")
    args = parser.parse_args()

    start = time.perf_counter()
    import faiss
    import numpy as np
    # after `import torch` (the .pt readers) the OpenMP thread count can read 1: set it explicitly
    faiss.omp_set_num_threads(args.threads)
    timings = {"imports": time.perf_counter() - start}

    t = time.perf_counter()
    ids = causal_rows.token_ids(args.token_indices)
    gamma = causal_rows.gather_rows(args.model, ids)
    m = causal_rows.metric(args.metric)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    x = np.ascontiguousarray((gamma.astype(np.float64) @ causal_rows.whitening_factor(m)).astype(np.float32))
    timings["whiten"] = time.perf_counter() - t

    t = time.perf_counter()
    index = faiss.IndexFlatL2(x.shape[1])
    index.add(x)
    sqdist, neighbours = index.search(x, args.k + 1)
    timings["search"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - start

    if args.save:
        os.makedirs(args.save, exist_ok=True)
        np.save(os.path.join(args.save, "faiss_ids.npy"), neighbours.astype(np.int64))
        np.save(os.path.join(args.save, "faiss_sqdist.npy"), sqdist.astype(np.float32))
    print(json.dumps({"n": int(x.shape[0]), "d": int(x.shape[1]), "k": args.k, "faiss_version": faiss.__version__,
                      "omp_threads": faiss.omp_get_max_threads(), "blas": causal_rows.blas_report(),
                      "timings_seconds": timings}, indent=1))


if __name__ == "__main__":
    main()
