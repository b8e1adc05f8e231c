#!/usr/bin/env bash
# Push-to-live and deploy cutover of a small Python app (Examples/python-hello), several rounds.
# Starts its own exod (release build) on a temp data dir and free ports; prints min/median/max.
#   push-to-live: from `git push` start to the first 200 with the new content through the router
#                 (push + build + `exoapp deploy` + first request)
#   cutover:      `exoapp deploy` alone (new container ready, routes switched)
# Usage: Benchmarks/deploy/run.sh [rounds]   (needs root, runc, git; builds release if needed)
set -euo pipefail
rounds=${1:-5}
source "$(dirname "$0")/../lib/platform.sh"
bench_platform deploy "$(cd "$(dirname "$0")/../.." && pwd)/Examples/python-hello"

now() { date +%s.%N; }
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

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %.2f s  median %.2f s  max %.2f s  (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
echo "push-to-live: $(stats "${push_live[@]}")"
echo "deploy cutover: $(stats "${cutover[@]}")"
