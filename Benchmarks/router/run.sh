#!/usr/bin/env bash
# Measures the same backend directly, through nginx, HAProxy and exo-router, in alternating rounds.
# Usage: Benchmarks/router/run.sh [rounds] [seconds] [connections]
# Needs: wrk, nginx, haproxy (apt-get install -y wrk nginx haproxy) and a release exo-router
# (built here unless EXO_ROUTER_BIN points at one).
set -euo pipefail
rounds=${1:-3}; seconds=${2:-5}; conns=${3:-64}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/exo-router-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bin=${EXO_ROUTER_BIN:-}
if [ -z "$bin" ]; then
  (cd "$root" && swift build -c release --product exo-router >/dev/null)
  bin="$root/.build/release/exo-router"
fi

backend=18101; nginx_port=18102; haproxy_port=18103; exo_port=18104
sed -e "s#@WORK@#$work#g" -e "s#@BACKEND@#$backend#g" -e "s#@PROXY@#$nginx_port#g" \
  "$root/Benchmarks/router/nginx.conf.in" > "$work/nginx.conf"
sed -e "s#@BACKEND@#$backend#g" -e "s#@PROXY@#$haproxy_port#g" \
  "$root/Benchmarks/router/haproxy.cfg.in" > "$work/haproxy.cfg"
printf '{"version":1,"routes":[{"hosts":["bench.app.localhost"],"deployment":"bench/default","backends":["127.0.0.1:%s"]}]}' \
  "$backend" > "$work/routes.json"

nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' & pids+=($!)
haproxy -f "$work/haproxy.cfg" -db & pids+=($!)
EXO_ROUTER_ADDR=127.0.0.1:$exo_port EXO_ROUTER_STATE_FILE=$work/routes.json "$bin" 2>"$work/exo.log" & pids+=($!)
sleep 1

declare -A rps p50 p99
measure() {  # name port
  local out
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -H 'Host: bench.app.localhost' "http://127.0.0.1:$2/" 2>&1)
  if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$1: errors: $(echo "$out" | grep -E 'Non-2xx|Socket errors')" >&2; fi
  rps[$1]+="$(echo "$out" | awk '/Requests\/sec/ {print $2}') "
  p50[$1]+="$(echo "$out" | awk '$1=="50%" {print $2}') "
  p99[$1]+="$(echo "$out" | awk '$1=="99%" {print $2}') "
}
for r in $(seq "$rounds"); do
  measure direct $backend; measure nginx $nginx_port; measure haproxy $haproxy_port; measure exo $exo_port
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.3f\n", v}'; }
printf '%-8s %12s %10s %10s   (%s rounds x %ss, %s connections, median)\n' target req/s p50_ms p99_ms "$rounds" "$seconds" "$conns"
for t in direct nginx haproxy exo; do
  m=$(echo "${rps[$t]}" | median)
  l50=$(for v in ${p50[$t]}; do echo "$v" | ms; done | tr '\n' ' ' | median)
  l99=$(for v in ${p99[$t]}; do echo "$v" | ms; done | tr '\n' ' ' | median)
  printf '%-8s %12s %10s %10s   all: %s\n' "$t" "$m" "$l50" "$l99" "${rps[$t]}"
  eval "R_$t=$m; P99_$t=$l99"
done
awk -v e="$R_exo" -v n="$R_nginx" -v h="$R_haproxy" -v pe="$P99_exo" -v pd="$P99_direct" 'BEGIN {
  best = n > h ? n : h
  printf "exo/nginx %.2f  exo/haproxy %.2f  exo/best %.2f  p99 added vs direct %.3f ms\n", e/n, e/h, e/best, pe-pd }'
