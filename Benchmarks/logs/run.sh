#!/usr/bin/env bash
# Log capture: how fast one container can write lines through exod's capture into the log store,
# and the CPU exod spends per 100k lines. Starts its own exod on a temp data dir and free ports,
# deploys Tests/Fixtures/ExoLogs/chatty, asks it for N lines per round (GET /flood/N: the app
# reports how long writing them took, so a slow capture shows up as a slow app), and reads exod's
# utime+stime from /proc before and after.
# Usage: Benchmarks/logs/run.sh [lines] [rounds]   (needs root, runc, git; EXO_BIN_DIR picks the build)
set -euo pipefail
lines=${1:-100000}
rounds=${2:-3}
source "$(dirname "$0")/../lib/platform.sh"
bench_platform logs "$(cd "$(dirname "$0")/../.." && pwd)/Tests/Fixtures/ExoLogs/chatty"
"$bin/exoapp" bench push >/dev/null 2>&1
"$bin/exoapp" bench deploy

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$exod/stat"; }
for round in $(seq "$rounds"); do
  before=$(cpu)
  took=$(curl -fs -H "Host: bench.app.localhost" "http://127.0.0.1:$router/flood/$lines")
  sleep 2   # let capture drain what the pipe still holds
  after=$(cpu)
  awk -v n="$lines" -v t="$took" -v c=$((after - before)) -v hz="$ticks" 'BEGIN {
    printf "round: %d lines in %.3f s = %.0f lines/s; exod CPU %.0f ms per 100k lines\n", n, t, n / t, c * 1000 / hz * 100000 / n }'
done
