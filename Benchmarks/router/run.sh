#!/usr/bin/env bash
# Measures the same backend directly, through nginx, HAProxy and exo-router, in alternating rounds.
# Usage: Benchmarks/router/run.sh [rounds] [seconds] [connections]
# Needs: wrk, nginx, haproxy (apt-get install -y wrk nginx haproxy) and a release exo-router
# (built here unless EXO_BENCH_ROUTER_BIN points at one).
# Besides req/s and latency it prints each proxy's CPU time per request (user+system, from
# /proc/PID/stat around each wrk run): unlike req/s it barely moves when other work shares the cores.
set -euo pipefail
rounds=${1:-3}; seconds=${2:-5}; conns=${3:-64}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/exo-router-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bin=${EXO_BENCH_ROUTER_BIN:-}
if [ -z "$bin" ]; then
  (cd "$root" && swift build -c release --product exo-router >/dev/null)
  bin="$root/.build/release/exo-router"
fi

backend=18101; nginx_port=18102; haproxy_port=18103; exo_port=18104
for conf in backend nginx; do
  sed -e "s#@WORK@#$work#g" -e "s#@BACKEND@#$backend#g" -e "s#@PROXY@#$nginx_port#g" \
    "$root/Benchmarks/router/$conf.conf.in" > "$work/$conf.conf"
done
sed -e "s#@BACKEND@#$backend#g" -e "s#@PROXY@#$haproxy_port#g" \
  "$root/Benchmarks/router/haproxy.cfg.in" > "$work/haproxy.cfg"
printf '{"version":1,"routes":[{"hosts":["bench.app.localhost"],"deployment":"bench/default","backends":["127.0.0.1:%s"]}]}' \
  "$backend" > "$work/routes.json"

nginx -c "$work/backend.conf" -p "$work" -g 'daemon off;' & pids+=($!); backend_pid=$!
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' & pids+=($!); nginx_pid=$!
haproxy -f "$work/haproxy.cfg" -db & pids+=($!); haproxy_pid=$!
EXO_ROUTER_ADDR=127.0.0.1:$exo_port EXO_ROUTER_STATE_FILE=$work/routes.json "$bin" 2>"$work/exo.log" & pids+=($!); exo_pid=$!
sleep 1

# CPU ticks (utime+stime, all threads) of a process and its children (nginx workers).
ticks() { local p; for p in "$1" $(ps -o pid= --ppid "$1"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
hz=$(getconf CLK_TCK)
declare -A rps p50 p99 cpu bcpu owner=([direct]=$backend_pid [nginx]=$nginx_pid [haproxy]=$haproxy_pid [exo]=$exo_pid)
measure() {  # name port
  local out t0 t1 b0 b1 n
  t0=$(ticks "${owner[$1]}"); b0=$(ticks "$backend_pid")
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -H 'Host: bench.app.localhost' "http://127.0.0.1:$2/" 2>&1)
  t1=$(ticks "${owner[$1]}"); b1=$(ticks "$backend_pid")
  if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$1: errors: $(echo "$out" | grep -E 'Non-2xx|Socket errors')" >&2; fi
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  rps[$1]+="$(echo "$out" | awk '/Requests\/sec/ {print $2}') "
  p50[$1]+="$(echo "$out" | awk '$1=="50%" {print $2}') "
  p99[$1]+="$(echo "$out" | awk '$1=="99%" {print $2}') "
  cpu[$1]+="$(awk -v d=$((t1 - t0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.2f", d / hz * 1e6 / n}') "
  bcpu[$1]+="$(awk -v d=$((b1 - b0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.2f", d / hz * 1e6 / n}') "
}
for r in $(seq "$rounds"); do
  measure direct $backend; measure nginx $nginx_port; measure haproxy $haproxy_port; measure exo $exo_port
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.3f\n", v}'; }
printf '%-8s %12s %10s %10s %12s %12s   (%s rounds x %ss, %s connections, median; load %s)\n' target req/s p50_ms p99_ms \
  cpu_us/req backend_us "$rounds" "$seconds" "$conns" "$(cut -d' ' -f1-3 /proc/loadavg)"
for t in direct nginx haproxy exo; do
  m=$(echo "${rps[$t]}" | median)
  l50=$(for v in ${p50[$t]}; do echo "$v" | ms; done | tr '\n' ' ' | median)
  l99=$(for v in ${p99[$t]}; do echo "$v" | ms; done | tr '\n' ' ' | median)
  c=$(echo "${cpu[$t]}" | median); b=$(echo "${bcpu[$t]}" | median)
  [ "$t" = direct ] && c=-
  printf '%-8s %12s %10s %10s %12s %12s   all: %s\n' "$t" "$m" "$l50" "$l99" "$c" "$b" "${rps[$t]}"
  eval "R_$t=$m; P99_$t=$l99; C_$t=$c"
done
awk -v e="$R_exo" -v n="$R_nginx" -v h="$R_haproxy" -v pe="$P99_exo" -v pd="$P99_direct" 'BEGIN {
  best = n > h ? n : h
  printf "exo/nginx %.2f  exo/haproxy %.2f  exo/best %.2f  p99 added vs direct %.3f ms\n", e/n, e/h, e/best, pe-pd }'
awk -v e="$C_exo" -v n="$C_nginx" -v h="$C_haproxy" 'BEGIN {
  printf "proxy CPU per request: exo %.1f us, nginx %.1f us, haproxy %.1f us (exo/nginx %.2f, exo/haproxy %.2f)\n", e, n, h, e/n, e/h }'
