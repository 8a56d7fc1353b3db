#!/usr/bin/env bash
# verify judges a target on its contract, not on the mock's data (issue 17). Against the mock in
# four states it passes (exit 0, no check failed), and what needs the documents' own data is
# reported as a precondition not met, never as a failure:
#   (a) started with --fixtures empty          (b) loaded with `fixtures --hosts 200 --seed 9`
#   (c) after the whole suite ran on it once   (d) the default mock: every step runs and passes
# Reports land in reports/portable/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=reports/portable
mkdir -p "$out"
# Three mocks, on PORTABLE_PORT (default 4011) and the two ports after it.
port=${PORTABLE_PORT:-4011}
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

start_mock() { # port, then mock options
  local port=$1
  shift
  node dist/cli.js mock --port "$port" "$@" > "$out/mock-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/__admin/health" > /dev/null && return 0
    sleep 0.1
  done
  echo "portable: the mock on port $port did not start" >&2
  cat "$out/mock-$port.log" >&2
  return 1
}

verify() { # port, report name; exits non-zero (and so fails CI) unless verify exits 0
  node dist/cli.js verify --target "http://127.0.0.1:$1" --target-name "$2" --report-dir "$out" --report-name "$2" --format json,junit,md > "$out/$2.txt" 2>&1 \
    || { cat "$out/$2.txt" >&2; echo "portable: verify against $2 did not exit 0" >&2; return 1; }
}

echo "-- (d) the default mock, and (c) the same mock after the suite ran on it once"
start_mock "$port"
verify "$port" default
verify "$port" default-again
echo "-- (a) a mock started with --fixtures empty"
start_mock $((port + 1)) --fixtures empty
verify $((port + 1)) empty
echo "-- (b) a mock loaded with understudy fixtures --hosts 200 --seed 9"
node dist/cli.js fixtures --hosts 200 --seed 9 --out "$out/estate-state.json"
start_mock $((port + 2)) --state-file "$out/estate-state.json"
verify $((port + 2)) estate

npx tsx .ci/check-portable.ts "$out/default.json" all-run
npx tsx .ci/check-portable.ts "$out/default-again.json" all-run "$out/default.json"
npx tsx .ci/check-portable.ts "$out/empty.json" unmet
npx tsx .ci/check-portable.ts "$out/estate.json" unmet
