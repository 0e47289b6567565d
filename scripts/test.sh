#!/usr/bin/env bash
# npm test: every suite. Unit tests; integration tests against embedded PostgreSQL and against Debian's
# PostgreSQL (the deploy workflow against the real Docker engine and Caddy); a production build; the chaos
# suite against it; end-to-end tests in Debian's Chromium. Installs what is missing when
# run as root on Debian, starts dockerd and a throwaway PostgreSQL, and ends with the line
# `tests: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# --- system packages ---------------------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
[ -n "$(pg_bin)" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v git >/dev/null || missing+=(git)
command -v caddy >/dev/null || missing+=(caddy)
command -v docker-registry >/dev/null || missing+=(docker-registry)
# A real sshd for the tests of which identities git offers over ssh://.
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
# Certificates for the remote engine's mutual TLS.
command -v openssl >/dev/null || missing+=(openssl)
# The sample apps are built FROM scratch around Debian's static busybox.
busybox_is_static() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }
busybox_is_static || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
  else
    echo "Missing: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]}) and run again."
    exit 1
  fi
fi
[ -d node_modules ] || npm install --no-audit --no-fund

# --- Docker engine -----------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  dockerd --host unix:///var/run/docker.sock >/tmp/berth-test-dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -n 20 /tmp/berth-test-dockerd.log; exit 1; }
fi

# --- a throwaway PostgreSQL server (Debian's binaries) ----------------------------------------------
pg_dir=$(mktemp -d /tmp/berth-test-pg-XXXXXX)
pg_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
chmod 0700 "$pg_dir"
cleanup() {
  as_pg "$(pg_bin)/pg_ctl -D $pg_dir/data -m fast stop" >/dev/null 2>&1
  rm -rf "$pg_dir"
}
trap cleanup EXIT
log "starting PostgreSQL $(basename "$(dirname "$(pg_bin)")") on port $pg_port"
as_pg "$(pg_bin)/initdb -D $pg_dir/data -U postgres -A trust" >/dev/null || { echo "initdb failed"; exit 1; }
as_pg "$(pg_bin)/pg_ctl -D $pg_dir/data -l $pg_dir/log -w -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1\" start" >/dev/null \
  || { echo "PostgreSQL did not start:"; cat "$pg_dir/log"; exit 1; }
real_db="postgresql://postgres@127.0.0.1:$pg_port/postgres"

# --- suites ------------------------------------------------------------------------------------------
results=$(mktemp -d /tmp/berth-test-results-XXXXXX)
vitest() { npx vitest run --reporter=default --reporter=json --outputFile.json="$results/$1.json" "${@:2}"; }

log "lint (typescript-eslint, type-checked)"
npx eslint . --format json --output-file "$results/lint.json" || npx eslint . --format stylish || true
log "unit tests"
vitest unit --project unit
log "integration tests on embedded PostgreSQL"
TEST_DATABASE_URL= vitest integration-embedded --project integration
log "integration tests on Debian's PostgreSQL"
TEST_DATABASE_URL="$real_db" vitest integration-real --project integration
log "production build"
if npx next build >"$results/build.log" 2>&1; then
  log "chaos suite: Berth killed, PostgreSQL, dockerd and Caddy restarted under deployments"
  vitest chaos --project chaos
  log "end-to-end tests in Chromium"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test
else
  tail -n 40 "$results/build.log"
  echo "next build failed: chaos and end-to-end tests not run"
fi

node scripts/test-summary.mjs "$results" lint unit integration-embedded integration-real chaos e2e
