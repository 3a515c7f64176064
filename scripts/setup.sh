#!/usr/bin/env bash
# Installs everything the build, the tests and the local demo need on a fresh machine.
# Idempotent: a second run only checks. Needs root for apt-get (CI and dev machines are).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v wrk >/dev/null || need_apt+=(wrk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

rustup component add rustfmt clippy >/dev/null 2>&1 || true
command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked

# Node packages: the twilio-node oracle, and the contract mock (Prism + Twilio's OpenAPI specs).
for dir in tests/oracle tests/contract bins/*/web; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    echo "setup: npm ci in $dir"
    # The registry drops connections now and then: retry, then show npm's own log.
    ok=0
    for attempt in 1 2 3 4; do
      if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then ok=1; break; fi
      echo "setup: npm ci in $dir failed (attempt $attempt), retrying" >&2
      sleep $((attempt * 5))
    done
    if [ "$ok" != 1 ]; then
      log=$(ls -t "$HOME"/.npm/_logs/*-debug-0.log 2>/dev/null | head -1)
      [ -n "$log" ] && grep -E 'error|verbose (stack|statusCode)' "$log" | tail -40 >&2
      exit 1
    fi
    touch "$dir/node_modules"
  fi
done
[ -x tests/contract/fetch-specs.sh ] && tests/contract/fetch-specs.sh
echo "setup: done"
