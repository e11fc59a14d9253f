#!/usr/bin/python3
"""This machine's single-precision GEMM peak, as numpy's BLAS (OpenBLAS sgemm) reaches it on all cores.

Shapes are those of the kNN stage's tiles: a block of B whitened rows against another, C = X_a X_bᵀ with
X of shape B × d (d = the hidden size), 2·B·B·d flop each. Each shape is timed `--repeats` times after one
warm-up, into a preallocated C; the best time of each shape gives its rate and the best rate is the peak.
Prints JSON: per shape the best seconds and GFLOP/s, the peak, and the BLAS kernel that ran (threadpoolctl).

usage: sgemm_peak.py [--d 2560] [--blocks 2048,4096,8192] [--repeats 5]
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import causal_rows  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--d", type=int, default=2560)
    parser.add_argument("--blocks", default="2048,4096,8192")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    shapes = []
    for b in (int(s) for s in args.blocks.split(",")):
        xa = rng.standard_normal((b, args.d), dtype=np.float32)
        xb = rng.standard_normal((b, args.d), dtype=np.float32)
        c = np.empty((b, b), dtype=np.float32)
        np.matmul(xa, xb.T, out=c)
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            np.matmul(xa, xb.T, out=c)
            times.append(time.perf_counter() - t)
        best = min(times)
        shapes.append({"m": b, "n": b, "k": args.d, "best_s": best, "gflops": 2.0 * b * b * args.d / best / 1e9,
                       "all_s": times})
    print(json.dumps({"peak_gflops": max(s["gflops"] for s in shapes), "shapes": shapes,
                      "blas": causal_rows.blas_report()}, indent=1))


if __name__ == "__main__":
    main()
