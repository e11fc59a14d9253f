#!/usr/bin/python3
"""Turns bench/matrix_free_benchmark.sh's logs into WORK/results.md and WORK/results.json.

Medians over the interleaved repeats; ratios of `run` to FAISS (wall and peak RSS); the kNN stage's sustained
multiply-add rate, N²·d flop (all pairs with d(i,j) = d(j,i): 2·(N²/2)·d) over the stage's median seconds, as a
share of the best sgemm rate measured in the same invocation; FAISS's errors against double precision.

usage: summarise_matrix_free.py WORK REPEATS ALL_REPEATS KNN_STAGE MODEL_DIR DATASET
  KNN_STAGE: the run_info.json timing of the all-pairs stage, or `auto` (the one key naming neighbours or kNN).
"""
import json
import os
import re
import statistics
import sys

from causal_rows import unembedding_entry
from timelog import machine as describe_machine, parse_time

TARGET_WALL_RATIO = 0.7
TARGET_PEAK_SHARE = 0.7


def timed_runs(logs, name, repeats):
    runs = [parse_time(os.path.join(logs, f"{name}.{r}.time")) for r in range(1, repeats + 1)]
    if any(s != 0 for _, _, s in runs):
        sys.exit(f"{name} failed in some repeat: see {logs}/{name}.*.log")
    loads = [float(open(os.path.join(logs, f"{name}.{r}.load")).read()) for r in range(1, repeats + 1)]
    return {"wall_s": [w for w, _, _ in runs], "peak_rss_mib": [m for _, m, _ in runs], "load_before": loads,
            "median_wall_s": statistics.median(w for w, _, _ in runs),
            "median_peak_rss_mib": statistics.median(m for _, m, _ in runs)}


def json_output(path):
    text = open(path).read()
    return json.loads(text[text.index("{"):])


def median_stages(stage_dicts):
    return {key: statistics.median(s[key] for s in stage_dicts if key in s) for key in stage_dicts[0]}


def knn_stage_name(stages, wanted):
    if wanted != "auto":
        return wanted
    names = [k for k in stages if re.search(r"knn|neighbour|neighbor|pairs", k, re.I)]
    return names[0] if len(names) == 1 else None


def knn_rate(n, d, stages, stage, peak):
    """The stage's rate, or None when the stage cannot be told (then the summary lists the stages to choose from)."""
    if stage not in stages:
        return None
    seconds = stages[stage]
    gflops = float(n) * n * d / seconds / 1e9
    return {"stage": stage, "seconds": seconds, "flop": float(n) * n * d, "gflops": gflops,
            "share_of_peak": gflops / peak}


def main():
    work, repeats, all_repeats, knn_stage, model, dataset = sys.argv[1:7]
    repeats, all_repeats = int(repeats), int(all_repeats)
    logs = os.path.join(work, "logs")
    vocab, hidden = unembedding_entry(model)[3]
    results = {"machine": describe_machine(), "dataset": dataset, "repeats": repeats,
               "environment": open(os.path.join(logs, "machine.txt")).read().strip().splitlines()[-2:]}

    peaks = [json_output(os.path.join(logs, f"sgemm_peak.{r}.log")) for r in range(1, repeats + 1)]
    peak = max(p["peak_gflops"] for p in peaks)
    results["sgemm_peak"] = dict(timed_runs(logs, "sgemm_peak", repeats),
                                 peak_gflops_per_repeat=[p["peak_gflops"] for p in peaks], peak_gflops=peak,
                                 median_peak_gflops=statistics.median(p["peak_gflops"] for p in peaks),
                                 shapes=peaks[-1]["shapes"], blas=peaks[-1]["blas"])

    faiss_out = [json_output(os.path.join(logs, f"faiss.{r}.log")) for r in range(1, repeats + 1)]
    n = faiss_out[0]["n"]
    results["faiss"] = dict(timed_runs(logs, "faiss", repeats),
                            median_stage_s=median_stages([f["timings_seconds"] for f in faiss_out]),
                            search_s=[f["timings_seconds"]["search"] for f in faiss_out],
                            blas=faiss_out[-1]["blas"], omp_threads=faiss_out[-1]["omp_threads"],
                            version=faiss_out[-1]["faiss_version"])
    search = results["faiss"]["median_stage_s"]["search"]
    results["faiss"]["search_gflops"] = 2.0 * n * n * hidden / search / 1e9
    results["faiss_errors"] = json.load(open(os.path.join(logs, "faiss_errors.json")))

    matrix_free = os.path.exists(os.path.join(logs, "run.1.time"))
    if matrix_free:
        run = timed_runs(logs, "run", repeats)
        run["median_stage_s"] = median_stages(
            [json.load(open(os.path.join(logs, f"run.{r}.stages.json")))["timings_seconds"]
             for r in range(1, repeats + 1)])
        faiss_wall = results["faiss"]["wall_s"]
        run["wall_ratio_to_faiss"] = run["median_wall_s"] / results["faiss"]["median_wall_s"]
        run["wall_ratio_to_faiss_per_repeat"] = [w / f for w, f in zip(run["wall_s"], faiss_wall)]
        run["rss_ratio_to_faiss"] = run["median_peak_rss_mib"] / results["faiss"]["median_peak_rss_mib"]
        run["knn"] = knn_rate(n, hidden, run["median_stage_s"],
                              knn_stage_name(run["median_stage_s"], knn_stage), peak)
        results["run"] = run
    if all_repeats > 0:
        run_all = timed_runs(logs, "run_all", all_repeats)
        run_all["median_stage_s"] = median_stages(
            [json.load(open(os.path.join(logs, f"run_all.{r}.stages.json")))["timings_seconds"]
             for r in range(1, all_repeats + 1)])
        run_all["knn"] = knn_rate(vocab, hidden, run_all["median_stage_s"],
                                  knn_stage_name(run_all["median_stage_s"], knn_stage), peak)
        run_all["n"] = vocab
        results["run_all"] = run_all

    lines = [f"# Matrix-free benchmark: {dataset}, {repeats} interleaved repeats", "",
             f"Machine: {results['machine']}", ""] + [f"- {line}" for line in results["environment"]]
    kernels = {lib["internal_api"]: lib for lib in results["faiss"]["blas"]}
    lines += [f"- kernel that ran (threadpoolctl): FAISS {kernels.get('openblas', {}).get('architecture')} "
              f"({kernels.get('openblas', {}).get('num_threads')} BLAS threads, {results['faiss']['omp_threads']} "
              f"OpenMP), sgemm peak {results['sgemm_peak']['blas'][0].get('architecture')}", "",
              "| what | median wall (s) | ratio to FAISS | median peak RSS (MiB) | ratio | per repeat (s) |",
              "|---|---|---|---|---|---|"]
    rows = [("FAISS IndexFlatL2 (load + whiten + search)", results["faiss"])]
    if matrix_free:
        rows.append((f"`run --token-indices` (N = {n})", results["run"]))
    base = results["faiss"]
    for label, r in rows:
        lines.append(f"| {label} | {r['median_wall_s']:.1f} | {r['median_wall_s'] / base['median_wall_s']:.2f} | "
                     f"{r['median_peak_rss_mib']:.0f} | {r['median_peak_rss_mib'] / base['median_peak_rss_mib']:.2f} | "
                     f"{', '.join(f'{w:.1f}' for w in r['wall_s'])} |")
    all_loads = [x for r in [results["sgemm_peak"], results["faiss"]] + [r for _, r in rows[1:]] for x in r["load_before"]]
    lines += ["", f"1-minute load average before each timed command: {min(all_loads):.1f} to {max(all_loads):.1f} "
                  f"on {os.cpu_count()} cores (a shared host)"]
    sp = results["sgemm_peak"]
    lines += ["", f"sgemm peak (numpy/OpenBLAS, best of 5 per shape, best shape): {peak:.0f} GFLOP/s "
                  f"(per repeat {', '.join(f'{p:.0f}' for p in sp['peak_gflops_per_repeat'])}); shapes of the last repeat: "
                  + ", ".join(f"{s['m']}×{s['n']}×{s['k']} {s['gflops']:.0f}" for s in sp["shapes"]),
              "", "FAISS median stage times (s): "
              + ", ".join(f"{k} {v:.2f}" for k, v in results["faiss"]["median_stage_s"].items())
              + f"; search {results['faiss']['search_gflops']:.0f} GFLOP/s (2·N²·d, no symmetry)"]
    if matrix_free:
        r = results["run"]
        lines += ["", "run median stage times (s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["median_stage_s"].items())]
        lines.append(f"wall {r['wall_ratio_to_faiss']:.2f}× FAISS (target ≤ {TARGET_WALL_RATIO}; per repeat "
                     + ", ".join(f"{x:.2f}" for x in r["wall_ratio_to_faiss_per_repeat"]) + ")")
        if r["knn"] is None:
            lines.append(f"kNN stage: not told apart (--knn-stage {knn_stage}); rerun this summary with one of "
                         f"{list(r['median_stage_s'])} as KNN_STAGE")
        else:
            lines.append(f"kNN stage `{r['knn']['stage']}`: {r['knn']['gflops']:.0f} GFLOP/s = "
                         f"{100 * r['knn']['share_of_peak']:.0f}% of the peak (target ≥ {100 * TARGET_PEAK_SHARE:.0f}%)")
    else:
        lines += ["", "The matrix-free `run` is not in this build (no `--tokens`): its rows are missing."]
    if all_repeats > 0:
        r = results["run_all"]
        lines += ["", f"Whole vocabulary (`run --tokens all`, N = {vocab}, {all_repeats} run(s)): median wall "
                      f"{r['median_wall_s']:.1f} s (per run {', '.join(f'{w:.1f}' for w in r['wall_s'])}; load before "
                      f"{', '.join(f'{x:.1f}' for x in r['load_before'])}), peak RSS {r['median_peak_rss_mib']:.0f} MiB",
                  "stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["median_stage_s"].items())]
        if r["knn"] is not None:
            lines.append(f"kNN stage `{r['knn']['stage']}` {r['knn']['seconds']:.1f} s, {r['knn']['gflops']:.0f} "
                         f"GFLOP/s = {100 * r['knn']['share_of_peak']:.0f}% of the peak")
    e = results["faiss_errors"]
    dup = e["duplicates"]
    lines += ["", f"FAISS against double precision (k = {e['k']}): {dup['identical_rows']} rows in "
                  f"{dup['identical_groups']} bit-identical groups (largest {dup['largest_identical_group']}), "
                  f"{dup['near_duplicate_rows']} near-duplicate rows ({dup['near_duplicate_rule']}); reference: "
                  f"{e['reference']['groups_recomputed_in_full']} rows (or groups of identical rows) recomputed against all", "",
              "| rows | n | wrong distances (rows) | wrong neighbours (rows) | first mis-ranked | out of order | "
              "wrong densities | self absent / not first / at d≠0 | identical pairs at d≠0 |",
              "|---|---|---|---|---|---|---|---|---|"]
    for cat in ["identical", "near_duplicate", "duplicated", "other", "all"]:
        c = e["faiss_errors"][cat]
        lines.append(f"| {cat} | {c['rows']} | {c['wrong_distances']} ({c['rows_with_a_wrong_distance']}) | "
                     f"{c['wrong_neighbours']} ({c['rows_with_a_wrong_neighbour']}) | {c['first_neighbour_misranked']} | "
                     f"{c['rows_out_of_order']} | {c['wrong_densities']} | {c['self_absent']} / {c['self_not_first']} / "
                     f"{c['self_distance_nonzero']} | {c['identical_pairs_at_nonzero_distance']} of "
                     f"{c['identical_pairs_returned']} |")
    json.dump(results, open(os.path.join(work, "results.json"), "w"), indent=1)
    open(os.path.join(work, "results.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
