#!/usr/bin/env bash
# Kill -9 soak: kills a real `gavel grade` / `gavel compare` run with SIGKILL at random moments,
# resumes it each time, and checks after every kill that the output holds only whole JSON
# records (at most one cut-off last line, which --resume repairs) and, whenever a run completes,
# exactly one valid record per input id. A run that completes before the kill starts a new round
# on a fresh output file, so every cycle is a kill. A record is one write(2) call, so a SIGKILL
# practically never tears one; to exercise the repair anyway, every 10th kill is followed by a
# torn copy of the last record (what a crash inside a write on a network filesystem or a power
# loss can leave), which the next --resume must cut off.
#
#   benchmarks/reliability/kill-soak.sh [--cycles N] [--mode grade|retry|compare|all] [--items N]
#                                    [--seed N] [--out DIR] [--no-build]
#
# Modes: grade (--resume), retry (--resume --retry-errors, with items that always fail, so error
# records are dropped and rewritten under the kills), compare (pairwise, --resume).
# Needs bash, python3 and a JDK 25 (bin/java25-env finds it). Writes DIR (default
# target/reliability/kill-soak): per mode the input, the outputs, every run's log and
# summary-<mode>.json; prints one summary line per mode. Exit 0 only when nothing was lost,
# duplicated or corrupt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cycles=100 mode=all items=40 seed=18 out="$root/target/reliability/kill-soak" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) cycles=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --items) items=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "kill-soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || { echo "kill-soak: needs python3 for the checks" >&2; exit 2; }
mkdir -p "$out"
if [ "$build" = 1 ]; then
  echo "kill-soak: building target/gavel.jar" >&2
  (cd "$root" && bin/mvn25 -B -q -DskipTests package) >&2
fi
gavel="$root/bin/gavel"
model="$out/model.gguf"
[ -f "$model" ] || "$gavel" synth --shape tiny --out "$model" >/dev/null
RANDOM=$seed

# Input files: grade items, grade items of which every 7th is too long for the context (an error
# record every time), pairwise items.
python3 - "$out" "$items" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
rubric = {"criteria": "Is the sum right?", "score1_description": "wrong", "score2_description": "far off",
          "score3_description": "close", "score4_description": "almost", "score5_description": "right"}
with open(f"{out}/grade.jsonl", "w") as f, open(f"{out}/retry.jsonl", "w") as g, open(f"{out}/compare.jsonl", "w") as h:
    for i in range(n):
        item = {"id": f"item-{i}", "instruction": f"What is {i} + {i}?", "response": str(2 * i + (i % 3 == 0)),
                "reference_answer": str(2 * i), "rubric": rubric}
        f.write(json.dumps(item) + "\n")
        if i % 7 == 3:
            item = dict(item, response="word " * 3000)
        g.write(json.dumps(item) + "\n")
        h.write(json.dumps({"id": f"pair-{i}", "instruction": f"What is {i} + {i}?", "response_a": str(2 * i),
                            "response_b": str(2 * i + 1), "criterion": "Which sum is right?"}) + "\n")
PY

# check FILE INPUT FINAL: whole records only (one cut-off last line allowed unless FINAL); when
# FINAL, exactly one record per input id. Prints "records partial" or fails with the reason.
check() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
path, inp, final = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
try:
    data = open(path, "rb").read()
except FileNotFoundError:
    data = b""
lines = data.split(b"\n")
partial = lines[-1] != b""
if partial and final:
    sys.exit(f"CORRUPT: the finished output ends with a partial line: {lines[-1][:80]!r}")
ids = {}
for n, raw in enumerate(lines[:-1], 1):
    try:
        rec = json.loads(raw.decode("utf-8"))
    except Exception as e:
        sys.exit(f"CORRUPT: line {n} is not a JSON record ({e}): {raw[:80]!r}")
    if not isinstance(rec, dict) or "id" not in rec or not ("error" in rec or "score" in rec or "winner" in rec):
        sys.exit(f"CORRUPT: line {n} is not a judgment or error record: {raw[:80]!r}")
    ids[rec["id"]] = ids.get(rec["id"], 0) + 1
dups = {k: v for k, v in ids.items() if v > 1}
if dups:
    sys.exit(f"DUPLICATED: {dups}")
if final:
    want = [json.loads(l)["id"] for l in open(inp) if l.strip()]
    lost = [i for i in want if i not in ids]
    if lost:
        sys.exit(f"LOST: {lost}")
print(len(ids), int(partial))
PY
}

# Complete (newline-terminated) lines of a file so far.
lines() {
  if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi
}

soak() {
  local m=$1 command=$2
  local input="$out/$m.jsonl" extra=()
  case "$m" in retry) extra=(--retry-errors) ;; esac
  local phase_start=0 phase_mid=0 injected=0
  local round=1 kills=0 partials=0 repaired=0 rounds_done=0 before_first=0 early=0 lost=0 dup=0 corrupt=0
  local output="$out/$m-round1.jsonl" start=$SECONDS
  : > "$out/$m.log"
  while [ "$kills" -lt "$cycles" ]; do
    local before
    before=$(check "$output" "$input" 0 | cut -d' ' -f1) || { corrupt=$((corrupt + 1)); break; }
    "$gavel" "$command" --model "$model" --input "$input" --output "$output" --resume "${extra[@]}" \
      --chat-template chatml --feedback-tokens 8 --parallel 2 --threads 2 --quiet >>"$out/$m.log" 2>&1 &
    local pid=$!
    if [ $((RANDOM % 3)) -eq 0 ]; then
      # During JVM start, model load or the first judgments: a random delay.
      local delay_ms=$((100 + RANDOM % 2500))
      sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
      phase_start=$((phase_start + 1))
    else
      # Mid-run: once 1-4 more records are out, then 0-50 ms later, which lands inside a write at times.
      local target=$(( ${before:-0} + 1 + RANDOM % 4 ))
      while kill -0 "$pid" 2>/dev/null && [ "$(lines "$output")" -lt "$target" ]; do
        sleep 0.02
      done
      sleep "0.0$(printf '%02d' $((RANDOM % 50)))"
      phase_mid=$((phase_mid + 1))
    fi
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      kills=$((kills + 1))
      local state
      if ! state=$(check "$output" "$input" 0 2>&1); then
        echo "kill-soak: $m after kill $kills: $state" >&2
        case "$state" in DUPLICATED*) dup=$((dup + 1)) ;; *) corrupt=$((corrupt + 1)) ;; esac
        break
      fi
      local records=${state% *} partial=${state#* }
      partials=$((partials + partial))
      [ "$records" -eq "${before:-0}" ] && before_first=$((before_first + 1))
      if [ $((kills % 10)) -eq 0 ] && [ "$partial" = 0 ] && [ "$records" -gt 0 ]; then
        python3 - "$output" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, "rb").read().split(b"\n")
last = lines[-2]
open(p, "ab").write(last[: len(last) // 2])
PY
        injected=$((injected + 1))
      fi
    else
      # Finished before the kill: the round must be complete and exact; then a fresh round.
      local rc=0
      wait "$pid" || rc=$?
      early=$((early + 1))
      if [ "$rc" -gt 1 ]; then
        echo "kill-soak: $m run exited $rc; see $out/$m.log" >&2
        corrupt=$((corrupt + 1))
        break
      fi
      if ! check "$output" "$input" 1 >/dev/null 2>"$out/$m.check"; then
        cat "$out/$m.check" >&2
        case "$(cat "$out/$m.check")" in LOST*) lost=$((lost + 1)) ;; DUPLICATED*) dup=$((dup + 1)) ;; *) corrupt=$((corrupt + 1)) ;; esac
        break
      fi
      rounds_done=$((rounds_done + 1))
      round=$((round + 1))
      output="$out/$m-round$round.jsonl"
    fi
  done
  # Finish the last round without a kill and check it exactly.
  if [ $((lost + dup + corrupt)) -eq 0 ]; then
    local rc=0
    "$gavel" "$command" --model "$model" --input "$input" --output "$output" --resume "${extra[@]}" \
      --chat-template chatml --feedback-tokens 8 --parallel 2 --threads 2 --quiet >>"$out/$m.log" 2>&1 || rc=$?
    if [ "$rc" -gt 1 ]; then
      echo "kill-soak: final $m run exited $rc" >&2
      corrupt=$((corrupt + 1))
    elif ! check "$output" "$input" 1 >/dev/null 2>"$out/$m.check"; then
      cat "$out/$m.check" >&2
      case "$(cat "$out/$m.check")" in LOST*) lost=$((lost + 1)) ;; DUPLICATED*) dup=$((dup + 1)) ;; *) corrupt=$((corrupt + 1)) ;; esac
    else
      rounds_done=$((rounds_done + 1))
    fi
  fi
  repaired=$(grep -c "repaired a half-written last line" "$out/$m.log" || true)
  local errors
  errors=$(cat "$out"/"$m"-round*.jsonl | grep -c '"error"' || true)
  # (--retry-errors rewrites the file first and drops a torn last line silently in that rewrite.)
  if [ "$m" != retry ] && [ "$repaired" -lt "$injected" ]; then
    echo "kill-soak: $m: $injected torn records injected but only $repaired repairs logged" >&2
    corrupt=$((corrupt + 1))
  fi
  local took=$((SECONDS - start))
  printf '{"mode":"%s","command":"%s","items":%d,"kills":%d,"aimed_at_start_up":%d,"aimed_mid_run":%d,"killed_before_any_new_record":%d,"partial_last_lines_seen":%d,"torn_records_injected":%d,"partial_lines_repaired_by_resume":%d,"runs_finished_before_the_kill":%d,"rounds_completed_and_checked":%d,"error_records_in_outputs":%d,"lost":%d,"duplicated":%d,"corrupt":%d,"seconds":%d}\n' \
    "$m" "$command" "$items" "$kills" "$phase_start" "$phase_mid" "$before_first" "$partials" "$injected" "$repaired" "$early" "$rounds_done" "$errors" \
    "$lost" "$dup" "$corrupt" "$took" | tee "$out/summary-$m.json"
  [ $((lost + dup + corrupt)) -eq 0 ]
}

status=0
case "$mode" in
  grade) soak grade grade || status=1 ;;
  retry) soak retry grade || status=1 ;;
  compare) soak compare compare || status=1 ;;
  all) soak grade grade || status=1; soak retry grade || status=1; soak compare compare || status=1 ;;
  *) echo "kill-soak: unknown mode $mode" >&2; exit 2 ;;
esac
exit $status
