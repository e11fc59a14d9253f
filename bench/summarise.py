#!/usr/bin/python3
"""Turns bench/benchmark.sh's logs into WORK/results.md and WORK/results.json (medians and ratios)."""
import json
import os
import statistics
import sys

from timelog import machine as describe_machine, parse_time

work, repeats, dataset = sys.argv[1], int(sys.argv[2]), sys.argv[3]
logs = os.path.join(work, "logs")


results = {}
NAMES = ["notebook", "run_npy", "ingest", "run_blocks", "run_blocks_plain_jvm"]
for name in NAMES:
    runs = [parse_time(os.path.join(logs, f"{name}.{r}.time")) for r in range(1, repeats + 1)]
    if any(s != 0 for _, _, s in runs):
        sys.exit(f"{name} failed in some repeat: see {logs}/{name}.*.log")
    results[name] = {"wall_s": [w for w, _, _ in runs], "peak_rss_mib": [m for _, m, _ in runs],
                     "median_wall_s": statistics.median(w for w, _, _ in runs),
                     "median_peak_rss_mib": statistics.median(m for _, m, _ in runs)}
for name in ["run_npy", "run_blocks"]:
    stages = [json.load(open(os.path.join(logs, f"{name}.{r}.stages.json")))["timings_seconds"]
              for r in range(1, repeats + 1)]
    results[name]["median_stage_s"] = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
nb_stages = []
for r in range(1, repeats + 1):
    text = open(os.path.join(logs, f"notebook.{r}.log")).read()
    nb_stages.append(json.loads(text[text.index("{"):])["timings_seconds"])
results["notebook"]["median_stage_s"] = {k: statistics.median(s[k] for s in nb_stages) for k in nb_stages[0]}
base = results["notebook"]
for name in NAMES[1:]:
    results[name]["wall_ratio_to_notebook"] = results[name]["median_wall_s"] / base["median_wall_s"]
    results[name]["rss_ratio_to_notebook"] = results[name]["median_peak_rss_mib"] / base["median_peak_rss_mib"]
machine = describe_machine()
results["machine"] = machine
results["dataset"] = dataset
results["repeats"] = repeats
lines = [f"# Benchmark: {dataset}, {repeats} interleaved repeats", "", f"Machine: {machine}", "",
         "| what | median wall (s) | ratio to notebook | median peak RSS (MiB) | ratio | per repeat (s) |",
         "|---|---|---|---|---|---|"]
for name in NAMES:
    r = results[name]
    lines.append(f"| {name} | {r['median_wall_s']:.1f} | {r.get('wall_ratio_to_notebook', 1):.2f} | "
                 f"{r['median_peak_rss_mib']:.0f} | {r.get('rss_ratio_to_notebook', 1):.2f} | "
                 f"{', '.join(f'{w:.1f}' for w in r['wall_s'])} |")
archive = os.path.join(logs, "class_archive.time")
if os.path.exists(archive):
    seconds, _, _ = parse_time(archive)
    results["class_archive_first_run_s"] = seconds
    made = "archiving" in open(os.path.join(logs, "class_archive.log")).read()
    results["class_archive_made_in_this_invocation"] = made
    lines += ["", f"One-off before the repeats: a 300-token demo {'made' if made else 'found'} the launcher's "
              f"class-data archive ({seconds:.1f} s{'' if made else '; it had been made by an earlier run'})."]
lines += ["", "Median stage times (s):", ""]
for name in ["notebook", "run_npy", "run_blocks"]:
    lines.append(f"- {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[name]["median_stage_s"].items()))
json.dump(results, open(os.path.join(work, "results.json"), "w"), indent=1)
open(os.path.join(work, "results.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
