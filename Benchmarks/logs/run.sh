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
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${EXO_BIN_DIR:-$repo/.build/release}
[ -x "$bin/exod" ] || (cd "$repo" && swift build -c release >&2)

work=$(mktemp -d /tmp/exo-bench-logs-XXXXXX)
api=$((20000 + RANDOM % 5000)); router=$((api + 1))
export EXO_DATA_DIR=$work/data EXO_API_ADDR=127.0.0.1:$api EXO_ROUTER_ADDR=127.0.0.1:$router
export EXO_API_URL=http://127.0.0.1:$api EXO_HOME=$work/home EXO_EMAIL=bench@example.com EXO_PASSWORD=bench-password
"$bin/exod" > "$work/exod.log" 2>&1 &
exod=$!
cleanup() { kill -TERM $exod 2>/dev/null; wait $exod 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do curl -fs "$EXO_API_URL/.meta/version/" >/dev/null && break; sleep 0.1; done

"$bin/exouser" create --name bench --email "$EXO_EMAIL" --password "$EXO_PASSWORD" >/dev/null
"$bin/exoapp" bench create python
cp -r "$repo/Tests/Fixtures/ExoLogs/chatty" "$work/app"
cd "$work/app"
git init -q -b master && git add -A && git -c user.name=b -c user.email=b@x commit -qm v0
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
