#!/usr/bin/env bash
# Runs `npm test` several times in a row while busy processes keep every core loaded, as on a shared CI machine,
# and prints one Markdown row per run (when, how long, the closing counts) for docs/testing.md.
# Usage: scripts/busy-test.sh [runs=3] [busy processes=2]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
busy=${2:-2}
mkdir -p test-results
rows=test-results/busy-runs.md
: >"$rows"

pids=()
stop_busy() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_busy EXIT
for _ in $(seq "$busy"); do
  sh -c 'while :; do :; done' &
  pids+=($!)
done

failed=0
for run in $(seq "$runs"); do
  log="test-results/busy-run-$run.log"
  started=$(date +%s)
  npm test >"$log" 2>&1
  code=$?
  seconds=$(($(date +%s) - started))
  counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  [ "$code" -eq 0 ] || failed=1
  row="| $(date -u +%Y-%m-%d\ %H:%M) UTC | $busy busy | $((seconds / 60)) min $((seconds % 60)) s | ${counts:-no count} | $([ "$code" -eq 0 ] && echo green || echo "red (exit $code, $log)") |"
  echo "$row" | tee -a "$rows"
done
exit "$failed"
