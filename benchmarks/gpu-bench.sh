#!/usr/bin/env bash
# The prepared GPU check of the native move (issue 13): a Mistral-7B-shape Q4_K_M model (Prometheus 2
# 7B's shape, random weights: speed does not depend on their values), fully offloaded, through the
# bench. Run it on a machine with an NVIDIA GPU, from the repository root:
#
#   benchmarks/gpu-bench.sh [out-dir]
#
# It needs the CUDA build of llama.cpp: either npm at build time (the build fetches
# @node-llama-cpp/linux-x64-cuda and -cuda-ext) or GAVEL_NATIVE_DIR pointing at an unpacked CUDA build.
# Writes doctor.txt, the bench's JSON and its text report into out-dir (default docs/bench/gpu).
# The CUDA package is 143 MB packed (plus the CUDA runtime of -cuda-ext), so a machine that reaches no
# registry needs GAVEL_NATIVE_DIR at a CUDA build already there (docs/performance.md, GPU).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../bin/java25-env
source bin/java25-env
out=${1:-docs/bench/gpu}
mkdir -p "$out"
shared=${GAVEL_SHARED:-../shared}
if [ -z "${GAVEL_NATIVE_DIR:-}" ]; then
  bin/mvn25 -B -q -DskipTests -Dgavel.native.platform=linux-x64-cuda package
  # The CUDA runtime libraries the CUDA backend links against, for machines without a CUDA toolkit.
  native/fetch.sh linux-x64-cuda-ext "$root/target/cuda-ext"
  export LD_LIBRARY_PATH="$root/target/cuda-ext/dev/gavel/native/linux-x64-cuda-ext:${LD_LIBRARY_PATH:-}"
else
  bin/mvn25 -B -q -DskipTests package
fi
run() { java --enable-native-access=ALL-UNNAMED -jar target/gavel.jar "$@"; }
run doctor | tee "$out/doctor.txt"
model=${GAVEL_BENCH_MODEL:-$root/target/mistral-7b-q4_k_m.gguf}
[ -f "$model" ] || run synth --shape mistral-7b --quant q4_k_m --vocab-from "$shared/models/llama-2-tiny-random.gguf" --out "$model"
# The default --gpu-layers is every layer when a GPU backend is present; parallel swept.
run bench --workload vicuna --model "$model" --items 16 --parallel 1,8,16 --flash on --json > "$out/bench-mistral7b-q4km.json"
run bench --workload vicuna --model "$model" --quick --parallel 8 --flash on | tee "$out/bench-mistral7b-q4km-quick.txt"
