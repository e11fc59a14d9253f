#!/usr/bin/env bash
# The measured comparison behind the hand-written linalg.Gemm (docs/DECISIONS.md): Gemm against dev.ludovic.netlib's
# sgemm (native → the system OpenBLAS, its default pick, its pure-Java BLAS) on the job's shapes, interleaved, medians.
#   bench/gemm_vs_netlib.sh [d=2560] [threads=2] [repeats=5]     (after mvn -B test-compile)
# OpenBLAS gets its best kernel here only: SkylakeX where the CPU has avx512f, else Haswell; OPENBLAS_L2_SIZE unset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${2:-2}"
if grep -q avx512f /proc/cpuinfo; then kernel=SkylakeX; else kernel=Haswell; fi
mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; java $(java -version 2>&1 | head -1)"
env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE="$kernel" OPENBLAS_NUM_THREADS="$threads" \
  java --add-modules jdk.incubator.vector -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.causaldensity.linalg.GemmNetlibBenchmark "${1:-2560}" "$threads" "${3:-5}"
