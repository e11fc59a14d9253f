#!/usr/bin/env bash
# Benchmark (not a test): what the robustness grid adds to a run. Times, interleaved in one invocation, `run` from
# the .npy with this tree's jar against the same `run` with a baseline built from a git ref (default: main, the code
# before the grid), on the notebook-scale dataset (null models off: above 20,000 tokens that is the default).
#   bench/grid_cost.sh [--n 32000] [--vocab 151936] [--hidden 2560] [--repeats 5] [--baseline-ref main] [--work bench-out]
# Reuses WORK/data from bench/benchmark.sh when present. Writes WORK/grid_cost.md: medians, the ratio, per repeat,
# and the grid's own stage time (run_info.json "robustness").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N=32000 VOCAB=151936 HIDDEN=2560 REPEATS=5 REF=main WORK="$ROOT/bench-out"
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift 2 ;; --vocab) VOCAB="$2"; shift 2 ;; --hidden) HIDDEN="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;; --baseline-ref) REF="$2"; shift 2 ;; --work) WORK="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
export DRIVER_MEMORY="${DRIVER_MEMORY:-2g}"
DATA="$WORK/data/n$N-v$VOCAB-d$HIDDEN"
BASE="$WORK/baseline-$(git -C "$ROOT" rev-parse --short "$REF")"
mkdir -p "$WORK/logs"
[ -f "$ROOT/target/causal-density-0.1.0-SNAPSHOT-spark.jar" ] || (cd "$ROOT" && mvn -B -o -q package -DskipTests)
if [ ! -f "$BASE/.complete" ]; then
  rm -rf "$BASE" && mkdir -p "$BASE"
  git -C "$ROOT" archive "$REF" | tar -x -C "$BASE"
  (cd "$BASE" && mvn -B -o -q package -DskipTests) > "$WORK/logs/baseline_build.log" 2>&1
  touch "$BASE/.complete"
fi
if [ ! -f "$DATA/.complete" ]; then
  rm -rf "$DATA"
  "$ROOT/submit/run-local.sh" demo --inputs-only --out "$DATA" --n "$N" --vocab "$VOCAB" --hidden "$HIDDEN" \
    > "$WORK/logs/demo.log" 2>&1
  touch "$DATA/.complete"
fi
IN="$DATA/inputs"
NPY="$(ls "$IN"/distances_causal_*_full.npy)"
TOK="$(ls "$IN"/distances_causal_*.pt)"
MET="$(ls "$IN"/causal_metric_tensor_*.pt)"
MODEL="$IN/model"
# Each install makes its class-data archive on its first run: pay that before timing.
for tree in "$ROOT" "$BASE"; do
  "$tree/submit/run-local.sh" demo --out "$WORK/warmup-grid" --overwrite --n 300 --vocab 1000 --hidden 16 \
    > "$WORK/logs/grid_warmup.log" 2>&1
done
run() { # name tree repeat
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/logs/grid_$1.$3.time" "$2/submit/run-local.sh" run --distances "$NPY" \
    --token-indices "$TOK" --metric "$MET" --model "$MODEL" --out "$WORK/runs/grid_$1" --overwrite \
    > "$WORK/logs/grid_$1.$3.log" 2>&1
  cp "$WORK/runs/grid_$1/run_info.json" "$WORK/logs/grid_$1.$3.stages.json"
}
for rep in $(seq 1 "$REPEATS"); do
  echo "repeat $rep/$REPEATS" >&2
  if [ $((rep % 2)) -eq 1 ]; then run baseline "$BASE" "$rep"; run grid "$ROOT" "$rep"
  else run grid "$ROOT" "$rep"; run baseline "$BASE" "$rep"; fi
done
/usr/bin/python3 - "$WORK" "$REPEATS" "$REF" "N=$N vocab=$VOCAB hidden=$HIDDEN" <<'PY'
import json, statistics, sys, platform, os
work, reps, ref, what = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def times(name):
    return [float(open(f"{work}/logs/grid_{name}.{r}.time").read().split()[0]) for r in range(1, reps + 1)]
base, grid = times("baseline"), times("grid")
stage = [json.load(open(f"{work}/logs/grid_grid.{r}.stages.json"))["timings_seconds"].get("robustness", float("nan"))
         for r in range(1, reps + 1)]
scan_b = [json.load(open(f"{work}/logs/grid_baseline.{r}.stages.json"))["timings_seconds"]["neighbours_and_densities"]
          for r in range(1, reps + 1)]
scan_g = [json.load(open(f"{work}/logs/grid_grid.{r}.stages.json"))["timings_seconds"]["neighbours_and_densities"]
          for r in range(1, reps + 1)]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
lines = [f"# Robustness grid cost ({what}, {reps} interleaved repeats)", "",
         f"Machine: {cpu}, {os.cpu_count()} cores; baseline = `{ref}` built from git.", "",
         "| what | median wall (s) | per repeat (s) |", "|---|---|---|",
         f"| `run` from the .npy, baseline ({ref}) | {statistics.median(base):.2f} | {', '.join(f'{t:.2f}' for t in base)} |",
         f"| `run` from the .npy, with the grid | {statistics.median(grid):.2f} | {', '.join(f'{t:.2f}' for t in grid)} |",
         "", f"Ratio of medians grid/baseline: **{statistics.median(grid) / statistics.median(base):.3f}**; "
         f"per repeat: {', '.join(f'{g / b:.3f}' for g, b in zip(grid, base))}.",
         f"Grid stage (`robustness` in run_info.json), median: {statistics.median(stage):.3f} s; "
         f"scan stage (`neighbours_and_densities`) median {statistics.median(scan_b):.2f} s → {statistics.median(scan_g):.2f} s."]
open(f"{work}/grid_cost.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
