#!/usr/bin/env bash
# Benchmark (not a test): the job against a numpy port of the notebook, same files, same invocation.
#   bench/benchmark.sh [--n 32000] [--vocab 151936] [--hidden 2560] [--repeats 3] [--work bench-out]
# 1. generates the dataset once with `demo --inputs-only` (kept in WORK/data for later invocations);
# 2. makes sure the local launcher's class-data archive exists (a small demo, timed once: the first run of a new
#    install pays for it, like building the jar);
# 3. repeats, interleaved: notebook port (bench/notebook_port.py), `run` from the .npy, `ingest`, `run` from the
#    row blocks, and `run` from the row blocks with the launcher's plain JVM (no class archive, default JIT
#    thresholds: what conf/local-jvm-options and the archive bring); each under /usr/bin/time -v (wall time, peak
#    RSS); the job's heap is capped at DRIVER_MEMORY (2g);
# 4. writes WORK/results.md and WORK/results.json: medians, ratios to the notebook, per-stage times.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N=32000 VOCAB=151936 HIDDEN=2560 REPEATS=3 WORK="$ROOT/bench-out"
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift 2 ;; --vocab) VOCAB="$2"; shift 2 ;; --hidden) HIDDEN="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;; --work) WORK="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
"$PY" -c "import numpy, torch, scipy" || { echo "needs Debian python3-numpy python3-torch python3-scipy" >&2; exit 2; }
export DRIVER_MEMORY="${DRIVER_MEMORY:-2g}"
DATA="$WORK/data/n$N-v$VOCAB-d$HIDDEN"
mkdir -p "$WORK/logs"
if [ ! -f "$DATA/.complete" ]; then
  rm -rf "$DATA"
  /usr/bin/time -v -o "$WORK/logs/demo.time" "$ROOT/submit/run-local.sh" demo --inputs-only --out "$DATA" \
    --n "$N" --vocab "$VOCAB" --hidden "$HIDDEN" > "$WORK/logs/demo.log" 2>&1
  touch "$DATA/.complete"
fi
rm -f "$WORK/logs/class_archive.time"
/usr/bin/time -v -o "$WORK/logs/class_archive.time" "$ROOT/submit/run-local.sh" demo --out "$WORK/warmup" \
  --overwrite --n 300 --vocab 1000 --hidden 16 > "$WORK/logs/class_archive.log" 2>&1
IN="$DATA/inputs"
NPY="$(ls "$IN"/distances_causal_*_full.npy)"
TOK="$(ls "$IN"/distances_causal_*.pt)"
MET="$(ls "$IN"/causal_metric_tensor_*.pt)"
MODEL="$IN/model"

timed() { # name repeat command...
  local name="$1" rep="$2"; shift 2
  sync # the previous run's dirty pages (ingest writes 4 GB) are flushed now, not during this run
  /usr/bin/time -v -o "$WORK/logs/$name.$rep.time" "$@" > "$WORK/logs/$name.$rep.log" 2>&1
}
for rep in $(seq 1 "$REPEATS"); do
  echo "repeat $rep/$REPEATS" >&2
  timed notebook "$rep" "$PY" "$ROOT/bench/notebook_port.py" "$NPY" "$TOK" "$MET" "$MODEL"
  timed run_npy "$rep" "$ROOT/submit/run-local.sh" run --distances "$NPY" --token-indices "$TOK" --metric "$MET" \
    --model "$MODEL" --out "$WORK/runs/npy" --overwrite
  timed ingest "$rep" "$ROOT/submit/run-local.sh" ingest --distances "$NPY" --out "$WORK/runs/blocks" --overwrite
  timed run_blocks "$rep" "$ROOT/submit/run-local.sh" run --distances "$WORK/runs/blocks" --token-indices "$TOK" \
    --metric "$MET" --model "$MODEL" --out "$WORK/runs/blocks-run" --overwrite
  CAUSAL_DENSITY_CDS=off CAUSAL_DENSITY_JVM_OPTIONS=off timed run_blocks_plain_jvm "$rep" "$ROOT/submit/run-local.sh" \
    run --distances "$WORK/runs/blocks" --token-indices "$TOK" --metric "$MET" --model "$MODEL" \
    --out "$WORK/runs/blocks-run-plain" --overwrite
  cp "$WORK/runs/npy/run_info.json" "$WORK/logs/run_npy.$rep.stages.json"
  cp "$WORK/runs/blocks-run/run_info.json" "$WORK/logs/run_blocks.$rep.stages.json"
done
"$PY" "$ROOT/bench/summarise.py" "$WORK" "$REPEATS" "N=$N vocab=$VOCAB hidden=$HIDDEN"
