#!/usr/bin/env bash
# Builds the project's Dockerfile and, inside the image, starts the mock and runs `understudy verify`
# against it. No image registry is reachable here, so the Node base is made from Debian's packages
# (mmdebstrap; Debian 13 ships Node 20) and the image is built and run with buildah's chroot
# isolation (docker/podman run are not available). The base is cached under /var/cache/understudy
# and in buildah's storage, so only the first run on a machine pays for it.
set -euo pipefail
# Banners are read by sed below: no colour codes, even where CI=true makes picocolors colour them.
export NO_COLOR=1
cd "$(dirname "$0")/.."

suite="${UNDERSTUDY_BASE_SUITE:-trixie}"
cache=/var/cache/understudy
debian="localhost/understudy-debian:$suite" # Debian minbase + nodejs + npm, from the cached tarball
base="localhost/understudy-base:$suite"     # + this machine's local CAs (a TLS-intercepting proxy)
image=localhost/understudy:ci
started=$SECONDS
step() { echo "-- $* ($((SECONDS - started)) s)"; }

skip() {
  # Outside CI a machine without buildah skips, saying why; under CI that would hide a broken image.
  if [ -n "${CI:-}" ] && [ "${CI}" != false ]; then
    echo "container-test: FAILED: $*" >&2
    exit 1
  fi
  echo "container-test: SKIPPED: $*" >&2
  exit 0
}

if ! command -v buildah >/dev/null || ! command -v mmdebstrap >/dev/null; then
  step "installing buildah and mmdebstrap (Debian packages)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends buildah mmdebstrap >/dev/null; } ||
    skip "buildah and mmdebstrap could not be installed (apt-get install buildah mmdebstrap)"
fi
probe="$(buildah from scratch 2>&1)" || skip "buildah cannot run here: $probe"
buildah rm "$probe" >/dev/null

if ! buildah inspect --type image "$debian" >/dev/null 2>&1; then
  mkdir -p "$cache"
  if [ ! -s "$cache/debian-$suite-node.tar" ]; then
    step "making the Debian $suite base (nodejs, npm, ca-certificates) into $cache"
    mmdebstrap --quiet --variant=minbase --include=nodejs,npm,ca-certificates "$suite" "$cache/debian-$suite-node.tar.tmp"
    mv "$cache/debian-$suite-node.tar.tmp" "$cache/debian-$suite-node.tar"
  fi
  step "importing it as $debian"
  printf 'FROM scratch\nADD debian-%s-node.tar /\nCMD ["node"]\n' "$suite" >"$cache/Containerfile.debian"
  buildah bud --quiet --isolation chroot -f "$cache/Containerfile.debian" -t "$debian" "$cache" >/dev/null
fi

# npm inside the build reaches the registry through whatever this machine trusts: its local CAs
# (none on most machines) go into the base, not into the project's Dockerfile.
step "base $base (this machine's local CAs on $debian)"
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
mkdir "$context/ca"
cp /usr/local/share/ca-certificates/*.crt "$context/ca/" 2>/dev/null || true
cat >"$context/Containerfile" <<EOF
FROM $debian
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null 2>&1 || true
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
EOF
buildah bud --quiet --isolation chroot --layers -t "$base" "$context" >/dev/null

step "building the Dockerfile with --build-arg BASE=$base (docker format: OCI images drop HEALTHCHECK)"
buildah bud --quiet --isolation chroot --layers --format docker --build-arg "BASE=$base" -t "$image" . >/dev/null

step "checking the image's configuration"
config="$(buildah inspect --type image "$image")"
node -e '
  const c = JSON.parse(process.argv[1]).Docker.config;
  const want = { Entrypoint: ["understudy"], Cmd: ["mock"], User: "10001:10001" };
  for (const [key, value] of Object.entries(want)) {
    if (JSON.stringify(c[key]) !== JSON.stringify(value)) throw new Error(`${key} is ${JSON.stringify(c[key])}, not ${JSON.stringify(value)}`);
  }
  if (!c.Env.includes("HOST=0.0.0.0") || !c.Env.includes("PORT=4010")) throw new Error(`Env ${c.Env}`);
  if (!c.Volumes || !("/data" in c.Volumes)) throw new Error("no /data volume");
  if (!c.Healthcheck || !c.Healthcheck.Test.join(" ").includes("healthcheck.mjs")) throw new Error("no HEALTHCHECK");
' "$config"

# buildah run shares this machine's network: the mock takes a free port (PORT=0) and the script reads
# it from the banner, as the image's own user with the image's environment (HOST=0.0.0.0, so the
# admin API has a generated token). Then the HEALTHCHECK command, and verify, inside the image.
step "inside the image: mock, HEALTHCHECK, verify"
container="$(buildah from "$image")"
trap 'rm -rf "$context"; buildah rm "$container" >/dev/null 2>&1 || true' EXIT
buildah run --isolation chroot --env PORT=0 "$container" -- sh -ec '
  cd /tmp
  understudy mock --state-file /data/state.json >mock.log 2>&1 &
  mock=$!
  for i in $(seq 1 300); do grep -q "listening on" mock.log && break; sleep 0.1; done
  cat mock.log
  grep -q "admin API needs a token" mock.log || { echo "no generated admin token in the banner"; exit 1; }
  port=$(sed -nE "s#.*listening on http://[^:]+:([0-9]+).*#\1#p" mock.log)
  PORT=$port node /app/healthcheck.mjs || { echo "HEALTHCHECK failed"; exit 1; }
  understudy verify --target "http://127.0.0.1:$port" --report-dir /tmp/reports
  kill $mock
  wait $mock || true
  test -s /data/state.json || { echo "no state written to the /data volume"; exit 1; }
'
step "container test passed"
