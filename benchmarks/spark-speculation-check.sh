#!/usr/bin/env bash
# A real speculative race on one machine: a Spark standalone master and two workers whose hosts
# differ (127.0.0.1 and this machine's first other address), since Spark never starts a
# speculative copy on the host of the running attempt and turns speculation off in local mode.
# One input file holds slow rows, so its task straggles, gets a copy on the other executor, one
# attempt commits and the other is killed. Checks that the written result holds each id once,
# and prints what the scheduler did (docs/spark.md).
#   benchmarks/spark-speculation-check.sh [MODEL]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
model=${1:-$root/../shared/models/stories260K.gguf}
other=$(hostname -I | tr ' ' '\n' | grep -v '^127\.' | grep '\.' | head -n 1 || true)
if [ -z "$other" ]; then
  echo "spark-speculation-check: this machine has no address besides 127.0.0.1 for a second worker host" >&2
  exit 2
fi
# shellcheck source=../bin/java25-env
source "$root/bin/java25-env"
(cd "$root" && [ -f target/gavel-spark-job.jar ] || bin/mvn25 -B -q -DskipTests package)
"$root/bin/spark-submit-local" --version > /dev/null 2>&1 || true # writes target/spark-runtime.classpath

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# A Spark home for the workers' executor launcher: Spark's jars, from the Maven repository.
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13
mkdir -p "$SPARK_HOME/jars" && touch "$SPARK_HOME/RELEASE"
tr ':' '\n' < "$root/target/spark-runtime.classpath" | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
opens=$(sed -n '/^opens=(/,/)$/p' "$root/bin/spark-submit-local" | tr -d '()\\' | sed 's/^opens=//' | tr '\n' ' ')
cp="$SPARK_HOME/jars/*"
SPARK_LOCAL_IP=127.0.0.1 java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 7177 --webui-port 18180 > "$work/master.log" 2>&1 &
pids+=($!)
sleep 5
for host in 127.0.0.1 "$other"; do
  SPARK_LOCAL_IP=$host java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host "$host" \
    --cores 1 --memory 2g --webui-port 0 --work-dir "$work/worker-$host" spark://127.0.0.1:7177 \
    > "$work/worker-$host.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 60); do
  [ "$(grep -c 'Registering worker' "$work/master.log")" -ge 2 ] && break
  sleep 1
done

# Four files, one task each; the rows of d.jsonl carry long responses, so its task straggles.
mkdir -p "$work/in"
rubric='{"criteria":"Is the sum right?","score1_description":"wrong","score2_description":"nearly","score3_description":"right"}'
long=$(printf 'we add the tens and then the ones, carrying when needed. %.0s' $(seq 25))
for f in 0 1 2 3; do
  for j in $(seq 0 19); do
    i=$((f * 20 + j)); a=$((i % 17)); b=$((i % 5)); r=$((a + b + i % 2))
    [ "$f" -eq 3 ] && r="$r because $long"
    printf '{"id":"q%d","instruction":"What is %d+%d?","response":"%s","rubric":%s}\n' "$i" "$a" "$b" "$r" "$rubric"
  done > "$work/in/$(echo abcd | cut -c$((f + 1))).jsonl"
done

"$root/bin/spark-submit-local" --master spark://127.0.0.1:7177 --conf spark.driver.host=127.0.0.1 \
  --conf spark.ui.enabled=false --conf spark.plugins=dev.gavel.spark.GavelPlugin \
  --conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.cores.max=2 \
  --conf spark.executor.extraJavaOptions=--enable-native-access=ALL-UNNAMED \
  --conf spark.speculation=true --conf spark.speculation.interval=200ms \
  --conf spark.speculation.quantile=0.5 --conf spark.speculation.multiplier=1.5 \
  --conf spark.sql.files.openCostInBytes=134217728 \
  --class dev.gavel.spark.GavelSparkJob "$root/target/gavel-spark-job.jar" grade \
  --model "$model" --ship-model --input "$work/in" --output "$work/out" --output-format json \
  --format "$root/src/spark/src/test/resources/short-format.txt" --chat-template raw --mode score-only \
  --parallel 2 --threads 1 --context 2048 > "$work/driver.log" 2>&1 || { tail -n 30 "$work/driver.log"; exit 1; }

grep -E 'as speculatable|Starting task [0-9]+\.1 |Killing attempt|TaskKilled|TaskCommitDenied|^gavel-spark' \
  "$work/driver.log" | sed 's/^[0-9/]* [0-9:]* //'
grep -h 'opened a judge' "$work"/worker-*/app-*/*/stderr | sed 's/^[0-9/]* [0-9:]* //' | cut -c1-120
rows=$(cat "$work"/out/part-* | wc -l)
ids=$(cat "$work"/out/part-* | grep -o '"id":"[^"]*"' | sort -u | wc -l)
copies=$(grep -c 'Starting task [0-9]*\.1 ' "$work/driver.log" || true)
echo "== written rows: $rows, distinct ids: $ids (of 80 input rows); speculative copies started: $copies"
[ "$rows" -eq 80 ] && [ "$ids" -eq 80 ] && [ "$copies" -ge 1 ]
