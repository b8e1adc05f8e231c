# Sourced by the benchmark scripts: starts a private exod (release build unless EXO_BIN_DIR says
# otherwise) on a temp data dir and free ports, signs up a user, creates the python app `bench`
# from APP_DIR as its first commit and leaves the shell in that checkout. Stops exod on exit.
# Usage: bench_platform NAME APP_DIR   →   sets repo, bin, work, exod, router
bench_platform() {
  local name=$1 app_dir=$2
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  bin=${EXO_BIN_DIR:-$repo/.build/release}
  [ -x "$bin/exod" ] || (cd "$repo" && swift build -c release >&2)

  work=$(mktemp -d "/tmp/exo-bench-$name-XXXXXX")
  local api=$((20000 + RANDOM % 5000))
  router=$((api + 1))
  export EXO_DATA_DIR=$work/data EXO_API_ADDR=127.0.0.1:$api EXO_ROUTER_ADDR=127.0.0.1:$router
  export EXO_API_URL=http://127.0.0.1:$api EXO_HOME=$work/home EXO_EMAIL=bench@example.com EXO_PASSWORD=bench-password
  "$bin/exod" > "$work/exod.log" 2>&1 &
  exod=$!
  trap 'kill -TERM $exod 2>/dev/null; wait $exod 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 100); do curl -fs "$EXO_API_URL/.meta/version/" >/dev/null && break; sleep 0.1; done

  "$bin/exouser" create --name bench --email "$EXO_EMAIL" --password "$EXO_PASSWORD" >/dev/null
  "$bin/exoapp" bench create python >/dev/null
  cp -r "$app_dir" "$work/app"
  cd "$work/app"
  git init -q -b master && git add -A && git -c user.name=b -c user.email=b@x commit -qm v0
}
