#!/usr/bin/env bash
# The whole test suite (scripts/test.sh) run several times with `stress-ng --cpu 4`
# beside it, as issue 15 asks: a test that fails once under load is a bug.
#
#   scripts/stress-suite.sh [RUNS]      default 3; extra nextest args via NEXTEST_ARGS
#
# Builds first (unloaded, so only the test runs are measured under load), then for
# each run: starts stress-ng, runs scripts/test.sh, stops stress-ng, and records the
# load average and the result. Exit code: the number of failed runs.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v stress-ng >/dev/null || { echo "needs stress-ng (apt install stress-ng)" >&2; exit 1; }
runs="${1:-3}"
cargo build --workspace --examples -q && cargo nextest run --workspace --all-targets --no-run || exit 1
failed=0
for i in $(seq 1 "$runs"); do
  stress-ng --cpu 4 --timeout 0 -q &
  stress=$!
  start=$(date +%s)
  # shellcheck disable=SC2086
  if scripts/test.sh ${NEXTEST_ARGS:-}; then result=pass; else result=FAIL; failed=$((failed + 1)); fi
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$stress"; wait "$stress" 2>/dev/null
  echo "stress run $i/$runs: $result in $(( $(date +%s) - start )) s, load average $load"
done
exit "$failed"
