#!/usr/bin/env bash
# What a user does with the published package: `npm pack`, install the tarball into an empty project
# with production dependencies only, and run every command from that installed copy, outside the
# repository. A runtime import of a devDependency, a file missing from package.json "files", or a
# path that only resolves inside a clone fails here.
set -euo pipefail
# Banners are read by sed below: no colour codes, even where CI=true makes picocolors colour them.
export NO_COLOR=1
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/understudy-pack-test.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "pack-test: $*" >&2
  exit 1
}

# Starts a long-running command in the background (in this shell, so that cleanup can stop it) and
# waits for its banner to name its URL, which it stores in the variable $1. $2: log file, $3: banner
# pattern with one capture (the URL); the rest: the command.
start_and_wait() {
  local var="$1" log="$2" pattern="$3"
  shift 3
  "$@" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  last_pid="$pid"
  for _ in $(seq 1 300); do
    local url
    url="$(sed -nE "s#.*${pattern}.*#\\1#p" "$log" | head -1)"
    if [ -n "$url" ]; then
      printf -v "$var" '%s' "$url"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "'$*' exited before it was ready"; }
    sleep 0.1
  done
  cat "$log" >&2
  fail "'$*' printed no address in 30 s"
}

cd "$repo"
node src/tools/build-if-stale.mjs # dist/ as `npm run build` makes it; pack does not rebuild a fresh one
tarball="$(npm pack --ignore-scripts --silent --pack-destination "$work")"
echo "packed $tarball"

mkdir "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --omit=dev --no-audit --no-fund --silent "$work/$tarball"
# As `npx understudy` finds it; on PATH rather than a shell function, so that `$!` is the process itself.
export PATH="$work/project/node_modules/.bin:$PATH"
[ "$(command -v understudy)" = "$work/project/node_modules/.bin/understudy" ] || fail "understudy is not the installed copy"

version="$(understudy --version)"
[ "$version" = "$(node -p "require('$repo/package.json').version")" ] || fail "--version printed '$version'"
echo "understudy --version: $version"

for command in mock verify fuzz report fixtures proxy; do
  help=$(understudy "$command" --help) || fail "$command --help failed"
  grep -q "^Usage: understudy $command" <<<"$help" || fail "$command --help printed no usage"
done
echo "every command's --help: ok"

start_and_wait mock mock.log 'listening on (http://[^ ]+)' understudy mock --port 0 --state-file mock-state.json
echo "mock: $mock"
curl -fsS "$mock/__admin/health" >/dev/null || fail "no /__admin/health"
# Read the whole page first: with pipefail, grep -q closing the pipe early makes curl fail (exit 23).
page=$(curl -fsS "$mock/__admin/ui") || fail "the dashboard did not answer"
grep -qi '<html' <<<"$page" || fail "the dashboard is not served"
curl -fsS -u John.Doe:MyPassword "$mock/integrations/api/v1/integrations/6/status" >/dev/null || fail "Moogsoft's documented example failed"

run() { # $1: log file; the rest: the command, which must exit 0
  local log="$1" rc=0
  shift
  "$@" >"$log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$log" >&2; fail "'$*' exited $rc"; }
}

run verify.log understudy verify --target "$mock" --report-dir reports
echo "verify against the mock: $(grep -E 'scenarios passed' verify.log | tail -1)"

run fuzz.log understudy fuzz --target "$mock" --requests 200 --seed 1 --report-dir reports
echo "fuzz: $(grep -E 'no failures|failure' fuzz.log | tail -1)"

run report.log understudy report reports/verify.json --report-dir reports
[ -s reports/compatibility.html ] || fail "report wrote no compatibility.html"
echo "report: reports/compatibility.{md,html,json}"

# The proxy between a client and the mock (standing in for a real vendor), recording the session,
# which verify then replays: guide 3, from the installed copy.
start_and_wait proxy proxy.log 'listening on (http://[^ ]+)' understudy proxy --vendor moogsoft --upstream "$mock" --port 0 --record recorded/session.yaml
proxy_pid="$last_pid"
curl -fsS -u John.Doe:MyPassword "$proxy/integrations/api/v1/integrations/6/status" >/dev/null || fail "no answer through the proxy"
kill -INT "$proxy_pid"
rc=0
wait "$proxy_pid" || rc=$?
[ "$rc" -eq 0 ] || { cat proxy.log >&2; fail "proxy exited $rc (a violation, or a crash)"; }
[ -s recorded/session.yaml ] || fail "the proxy recorded nothing"
run recorded.log understudy verify --target "$mock" --scenarios recorded --vendor moogsoft --report-dir reports/recorded
echo "proxy: forwarded, recorded recorded/session.yaml, which verify replays"

# A large estate from `fixtures`, loaded by a second mock from its state file.
understudy fixtures --hosts 500 --services-per-host 2 --seed 3 --out estate.json 2>/dev/null
start_and_wait estate estate.log 'listening on (http://[^ ]+)' understudy mock --port 0 --vendors groundwork --state-file estate.json
hosts="$(curl -fsS -H 'GWOS-API-TOKEN: understudy-demo-token' -H 'GWOS-APP-NAME: pack-test' -H 'Accept: application/json' "$estate/api/hosts?depth=simple" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).hosts.length')"
[ "$hosts" = 500 ] || fail "the mock loaded $hosts hosts from the fixtures' estate.json, not 500"
echo "fixtures: estate.json of 500 hosts, loaded by mock --state-file"

# The programmatic API, as a user's test imports it (package.json "exports"): in-process and on a socket.
cat > embed.mjs <<'JS'
import { createMock, startMock } from 'understudy';
const headers = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'pack-test', Accept: 'application/json' };
const mock = await createMock({ vendors: ['groundwork'], fixtures: 'default' });
const res = await mock.fetch('http://gw/api/hosts/localhost', { headers });
if (res.status !== 200 || (await res.json()).hostName !== 'localhost') throw new Error(`createMock answered ${res.status}`);
await mock.close();
const server = await startMock({ vendors: ['groundwork'] });
const over = await fetch(`${server.url}/api/hosts/localhost`, { headers });
if (over.status !== 200) throw new Error(`startMock answered ${over.status}`);
await server.close();
console.log('createMock and startMock: ok');
JS
run embed.log node embed.mjs
cat embed.log

# understudy/msw, with msw (an optional peer dependency) installed as a user installs it.
npm install --no-audit --no-fund --silent "msw@$(node -p "require('$repo/node_modules/msw/package.json').version")"
cat > msw.mjs <<'JS'
import { setupServer } from 'msw/node';
import { handlers } from 'understudy/msw';
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
const res = await fetch('http://gw.example.com/api/hosts/localhost', { headers: { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'pack-test', Accept: 'application/json' } });
if (res.status !== 200 || (await res.json()).hostName !== 'localhost') throw new Error(`understudy/msw answered ${res.status}`);
server.close();
console.log('understudy/msw with setupServer: ok');
JS
run msw.log node msw.mjs
cat msw.log

echo "pack-test: every command works from the installed package ($tarball, production dependencies only)"
