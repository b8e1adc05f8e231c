#!/usr/bin/env bash
# Push-to-live, deploy cutover and wake-from-idle of a small Python app (Examples/python-hello),
# several rounds each. Starts its own exod (release build) on a temp data dir and free ports;
# prints min/median/max.
#   push-to-live: from `git push` start to the first 200 with the new content through the router
#                 (push + build + `exoapp deploy` + first request)
#   cutover:      `exoapp deploy` alone (new container ready, routes switched)
#   wake:         the first request to an idled deployment (held by the router, container started)
#   app start:    the app's own start time, measured in the same run: `python app.py` on the host
#                 from exec until its port accepts; "wake added" is wake minus that
# Usage: Benchmarks/deploy/run.sh [rounds]   (needs root, runc, git; builds release if needed)
set -euo pipefail
rounds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
app_dir=$(cd "$here/../.." && pwd)/Examples/python-hello
now() { date +%s.%N; }
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.3f s  median %.3f s  max %.3f s  (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

( # Push-to-live and cutover, on a platform that never idles.
  export EXO_IDLE_AFTER=0
  source "$here/../lib/platform.sh"
  bench_platform deploy "$app_dir"
  push_live=(); cutover=()
  for round in $(seq "$rounds"); do
    sed -i "s/Hello from exo![^\"]*/Hello from exo! round $round/" app.py
    git -c user.name=b -c user.email=b@x commit -qam "round $round"
    start=$(now)
    "$bin/exoapp" bench push >/dev/null 2>&1
    deploy_start=$(now)
    "$bin/exoapp" bench deploy
    deploy_end=$(now)
    until curl -fs -H "Host: bench.app.localhost" "http://127.0.0.1:$router/" | grep -q "round $round"; do sleep 0.01; done
    end=$(now)
    push_live+=("$(awk "BEGIN {print $end - $start}")")
    cutover+=("$(awk "BEGIN {print $deploy_end - $deploy_start}")")
  done
  echo "push-to-live: $(stats "${push_live[@]}")"
  echo "deploy cutover: $(stats "${cutover[@]}")"
)

( # Wake from idle, on a platform that idles after 1 s without requests.
  export EXO_IDLE_AFTER=1
  source "$here/../lib/platform.sh"
  bench_platform wake "$app_dir"
  "$bin/exoapp" bench push >/dev/null 2>&1
  "$bin/exoapp" bench deploy
  wake=(); own=()
  for round in $(seq "$rounds"); do
    until "$bin/exoapp" bench/default details | grep -q "current state: idle"; do sleep 0.2; done
    start=$(now)
    curl -fs -o /dev/null -H "Host: bench.app.localhost" "http://127.0.0.1:$router/"
    end=$(now)
    wake+=("$(awk "BEGIN {print $end - $start}")")

    port=$((router + 100 + round))
    start=$(now)
    PORT=$port python3 app.py >/dev/null 2>&1 & app=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.005; done
    end=$(now)
    kill "$app"; wait "$app" 2>/dev/null || true
    own+=("$(awk "BEGIN {print $end - $start}")")
  done
  echo "wake-from-idle first request: $(stats "${wake[@]}")"
  echo "app's own start (host): $(stats "${own[@]}")"
  awk -v w="$(median "${wake[@]}")" -v o="$(median "${own[@]}")" \
    'BEGIN {printf "wake added to the app'"'"'s start (medians): %.3f s (target < 0.300 s)\n", w - o}'
)
