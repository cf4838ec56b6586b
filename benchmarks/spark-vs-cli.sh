#!/usr/bin/env bash
# Grades the same items with the same model and options through `gavel grade` and through the Spark
# job in local mode (bin/spark-submit-local), and prints both rates and their ratio (docs/spark.md).
#   benchmarks/spark-vs-cli.sh [ITEMS] [FEEDBACK_TOKENS] [SPARK_PARTITIONS] [MODEL]
# Items are short arithmetic answers on a 1-3 rubric, graded with the short test format by the
# stories260K fixture: feedback then score with FEEDBACK_TOKENS of feedback (0: score-only, where
# each judgment is so cheap that Spark's fixed cost per job weighs as much as it ever will). The
# Spark job runs in local[2] with the rows spread over SPARK_PARTITIONS tasks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
items=${1:-2000}
feedback=${2:-64}
partitions=${3:-1}
model=${4:-$root/../shared/models/stories260K.gguf}
master=local[2]
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input="$work/items.jsonl"
rubric='{"criteria":"Is the sum right?","score1_description":"wrong","score2_description":"nearly","score3_description":"right"}'
for ((i = 0; i < items; i++)); do
  a=$((i % 17)); b=$((i % 5)); r=$((a + b + i % 2))
  printf '{"id":"q%d","instruction":"What is %d+%d?","response":"%d","rubric":%s}\n' "$i" "$a" "$b" "$r" "$rubric"
done > "$input"
flags=(--model "$model" --input "$input" --format "$root/src/spark/src/test/resources/short-format.txt"
  --chat-template raw --parallel 4 --threads 1)
if [ "$feedback" -gt 0 ]; then
  flags+=(--mode feedback --feedback-tokens "$feedback")
else
  flags+=(--mode score-only)
fi
(cd "$root" && [ -f target/gavel.jar ] && [ -f target/gavel-spark-job.jar ] || bin/mvn25 -B -q -DskipTests package)

echo "== gavel grade ($items items, ${flags[*]:4})"
"$root/bin/gavel" grade "${flags[@]}" --output "$work/cli.jsonl" --quiet --summary-json "$work/cli-summary.json" 2>&1 \
  | grep -E "items|speed"
cli_rate=$(grep -o '"judgments_per_second" *: *[0-9.]*' "$work/cli-summary.json" | grep -o '[0-9.]*$')

echo "== Spark job, --master $master, --partitions $partitions"
"$root/bin/spark-submit-local" --master "$master" --conf spark.ui.enabled=false \
  --conf spark.plugins=dev.gavel.spark.GavelPlugin --class dev.gavel.spark.GavelSparkJob \
  "$root/target/gavel-spark-job.jar" grade "${flags[@]}" --partitions "$partitions" --output "$work/spark" \
  --output-format json 2>&1 \
  | grep "^gavel-spark" | tee "$work/spark.log"
spark_rate=$(grep -o '[0-9.]* judgments/s' "$work/spark.log" | grep -o '^[0-9.]*')

awk -v c="$cli_rate" -v s="$spark_rate" 'BEGIN { printf "== Spark / CLI: %.2f / %.2f judgments/s = %.0f%%\n", s, c, 100 * s / c }'
