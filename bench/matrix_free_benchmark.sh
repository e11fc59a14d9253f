#!/usr/bin/env bash
# Benchmark (not a test) of the matrix-free `run` (issue 10 §4), all in one invocation:
#   bench/matrix_free_benchmark.sh [--data DIR] [--work DIR] [--repeats 3] [--all-repeats 1] [--all-memory 6g]
#                                  [--knn-stage NAME] [--n 32000] [--vocab 151936] [--hidden 2560]
# 1. the dataset: DIR/inputs/ of `demo --inputs-only` (the notebook's scale, 151,936 × 2560 BF16 and its 32,000
#    sampled token ids); reused when DIR already holds one, else written there (default WORK/data/...);
# 2. repeats, interleaved: the machine's single-precision GEMM peak (bench/sgemm_peak.py, numpy/OpenBLAS sgemm on
#    kNN-tile shapes), FAISS exact search on the same whitened rows (bench/faiss_knn.py: load + whiten + search), and
#    the matrix-free `run --token-indices` on the same 32,000 tokens; each under /usr/bin/time -v (wall, peak RSS);
# 3. once: FAISS's errors against a double-precision reference, on the duplicated tokens (bench/faiss_errors.py);
# 4. the whole vocabulary, `run --tokens all`, ALL_REPEATS times (0: skipped), heap capped at --all-memory;
# 5. WORK/results.md and WORK/results.json (bench/summarise_matrix_free.py): medians, ratios to FAISS, the kNN
#    stage's multiply-add rate as a share of the measured peak.
# The peers (numpy, FAISS) run on their best OpenBLAS kernel, in their commands only: OPENBLAS_CORETYPE=SkylakeX
# where /proc/cpuinfo has avx512f, else Haswell, OPENBLAS_L2_SIZE unset, OMP_NUM_THREADS = the core count (after
# `import torch` OpenMP can read 1 thread); each prints the kernel that ran (threadpoolctl). `run` gets the
# environment as it is. Without a matrix-free `run` in this build (`run --help` has no --tokens), the run parts are
# skipped with a message and everything else is measured.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N=32000 VOCAB=151936 HIDDEN=2560 REPEATS=3 ALL_REPEATS=1 ALL_MEMORY=6g KNN_STAGE=auto
WORK="$ROOT/bench-out/matrix-free" DATA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) DATA="$2"; shift 2 ;; --work) WORK="$2"; shift 2 ;; --repeats) REPEATS="$2"; shift 2 ;;
    --all-repeats) ALL_REPEATS="$2"; shift 2 ;; --all-memory) ALL_MEMORY="$2"; shift 2 ;;
    --knn-stage) KNN_STAGE="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;; --vocab) VOCAB="$2"; shift 2 ;; --hidden) HIDDEN="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
"$PY" -c "import numpy, torch, faiss, threadpoolctl" \
  || { echo "needs Debian python3-numpy python3-torch python3-faiss python3-threadpoolctl" >&2; exit 2; }
export DRIVER_MEMORY="${DRIVER_MEMORY:-2g}"
DATA="${DATA:-$WORK/data/n$N-v$VOCAB-d$HIDDEN}"
mkdir -p "$WORK/logs"
rm -f "$WORK"/logs/{sgemm_peak,faiss,run,run_all}.* "$WORK/logs/faiss_errors.json"
IN="$DATA/inputs"
have_dataset() {
  ls "$IN"/distances_causal_*.pt "$IN"/causal_metric_tensor_*.pt "$IN"/model/*.safetensors >/dev/null 2>&1
}
if ! have_dataset; then
  echo "writing the dataset to $DATA (once)" >&2
  /usr/bin/time -v -o "$WORK/logs/demo.time" "$ROOT/submit/run-local.sh" demo --inputs-only --out "$DATA" \
    --n "$N" --vocab "$VOCAB" --hidden "$HIDDEN" > "$WORK/logs/demo.log" 2>&1
fi
TOK="$(ls "$IN"/distances_causal_*.pt | grep -v _full | head -n 1)"
MET="$(ls "$IN"/causal_metric_tensor_*.pt | head -n 1)"
MODEL="$IN/model"

CORES="$(nproc)"
if grep -qw avx512f /proc/cpuinfo; then CORETYPE=SkylakeX; else CORETYPE=Haswell; fi
PEER=(env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE="$CORETYPE" OMP_NUM_THREADS="$CORES")
{ lscpu; echo; echo "peers: OPENBLAS_CORETYPE=$CORETYPE OMP_NUM_THREADS=$CORES (OPENBLAS_L2_SIZE unset)"
  echo "run: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}" \
    "DRIVER_MEMORY=$DRIVER_MEMORY (whole vocabulary: $ALL_MEMORY)"; } > "$WORK/logs/machine.txt"

if "$ROOT/submit/run-local.sh" run --help 2>&1 | grep -q -- '--tokens'; then
  MATRIX_FREE=1
  # the launcher's class-data archive: made once per install by its first run (docs/BENCHMARK.md), not measured
  "$ROOT/submit/run-local.sh" demo --out "$WORK/warmup" --overwrite --n 300 --vocab 1000 --hidden 16 \
    > "$WORK/logs/class_archive.log" 2>&1
else
  MATRIX_FREE=0
  echo "causal-density: this build's run has no --tokens (no matrix-free path): the run parts are skipped;" \
    "FAISS, the sgemm peak and the double-precision reference are measured" >&2
fi

timed() { # name repeat command...
  local name="$1" rep="$2"; shift 2
  sync
  cut -d' ' -f1 /proc/loadavg > "$WORK/logs/$name.$rep.load" # the 1-minute load before it: the host is shared
  /usr/bin/time -v -o "$WORK/logs/$name.$rep.time" "$@" > "$WORK/logs/$name.$rep.log" 2>&1
}
for rep in $(seq 1 "$REPEATS"); do
  echo "repeat $rep/$REPEATS" >&2
  timed sgemm_peak "$rep" "${PEER[@]}" "$PY" "$ROOT/bench/sgemm_peak.py" --d "$HIDDEN"
  timed faiss "$rep" "${PEER[@]}" "$PY" "$ROOT/bench/faiss_knn.py" "$MODEL" "$MET" "$TOK" --save "$WORK/faiss"
  if [ "$MATRIX_FREE" = 1 ]; then
    timed run "$rep" "$ROOT/submit/run-local.sh" run --token-indices "$TOK" --metric "$MET" --model "$MODEL" \
      --out "$WORK/runs/n$N" --overwrite
    cp "$WORK/runs/n$N/run_info.json" "$WORK/logs/run.$rep.stages.json"
  fi
done
echo "double-precision reference and FAISS's errors" >&2
"${PEER[@]}" "$PY" "$ROOT/bench/faiss_errors.py" "$MODEL" "$MET" "$TOK" "$WORK/faiss" \
  --save-reference "$WORK/reference.npz" > "$WORK/logs/faiss_errors.json"
if [ "$MATRIX_FREE" = 1 ]; then
  for rep in $(seq 1 "$ALL_REPEATS"); do
    echo "whole vocabulary $rep/$ALL_REPEATS" >&2
    DRIVER_MEMORY="$ALL_MEMORY" timed run_all "$rep" "$ROOT/submit/run-local.sh" run --tokens all --metric "$MET" \
      --model "$MODEL" --out "$WORK/runs/all" --overwrite
    cp "$WORK/runs/all/run_info.json" "$WORK/logs/run_all.$rep.stages.json"
  done
else
  ALL_REPEATS=0
fi
"$PY" "$ROOT/bench/summarise_matrix_free.py" "$WORK" "$REPEATS" "$ALL_REPEATS" "$KNN_STAGE" "$MODEL" \
  "demo --inputs-only at N=$N vocab=$VOCAB hidden=$HIDDEN ($DATA)"
