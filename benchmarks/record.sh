#!/usr/bin/env bash
# Records the short JMH run summarised in docs/performance.md (issue 4, item 7): batch assembly,
# the decode step's Java-side work at S = 1, 8, 32 (32k and 150k vocabularies) and end-to-end
# engine tokens/s on a synthesized SmolLM2-135M Q8_0 model. Short runs (-f 1 -wi 2 -i 3): expect
# wide error bars, above all on a shared machine. Writes docs/jmh/*.json and the load average.
# GAVEL_THREADS sets the end-to-end benchmark's compute threads (default: all cores; use 1 on a
# machine other jobs load, where llama.cpp's thread barriers stall).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/docs/jmh"
mkdir -p "$out"
run() {
  local name=$1; shift
  { date -u +%FT%TZ; cat /proc/loadavg; } > "$out/$name.load.txt"
  "$root/benchmarks/run.sh" "$@" -f 1 -wi 2 -i 3 -rf json -rff "$out/$name.json" | tee "$out/$name.txt"
  cat /proc/loadavg >> "$out/$name.load.txt"
}
cd "$root"
run batch-add 'dev.gavel.llama.BatchAddBenchmark'
run decode-step 'DecodeStepBenchmark.(readLogits|freeTextGreedy|choiceWithDistribution|unconstrainedTopP)'
run batched-decode 'BatchedDecodeBenchmark' -jvmArgsAppend "-Dgavel.shared=$root/../shared -Dgavel.threads=${GAVEL_THREADS:-$(nproc)}"
run prefill-depth 'PrefillDepthBenchmark' -jvmArgsAppend "-Dgavel.shared=$root/../shared -Dgavel.threads=${GAVEL_THREADS:-$(nproc)}"
run kv-fork 'KvForkBenchmark' -jvmArgsAppend "-Dgavel.shared=$root/../shared -Dgavel.threads=${GAVEL_THREADS:-$(nproc)}"
run end-to-end 'EndToEndBenchmark' -jvmArgsAppend "-Dgavel.shared=$root/../shared -Dgavel.threads=${GAVEL_THREADS:-$(nproc)}"
