#!/usr/bin/env bash
# Push-to-live and deploy cutover of a small Python app (Examples/python-hello), several rounds.
# Starts its own exod (release build) on a temp data dir and free ports; prints min/median/max.
#   push-to-live: from `git push` start to the first 200 with the new content through the router
#                 (push + build + `exoapp deploy` + first request)
#   cutover:      `exoapp deploy` alone (new container ready, routes switched)
# Usage: Benchmarks/deploy/run.sh [rounds]   (needs root, runc, git; builds release if needed)
set -euo pipefail
rounds=${1:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${EXO_BIN_DIR:-$repo/.build/release}
[ -x "$bin/exod" ] || (cd "$repo" && swift build -c release >&2)

work=$(mktemp -d /tmp/exo-bench-deploy-XXXXXX)
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
cp -r "$repo/Examples/python-hello" "$work/app"
cd "$work/app"
git init -q -b master && git add -A && git -c user.name=b -c user.email=b@x commit -qm v0

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
