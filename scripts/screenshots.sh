#!/usr/bin/env bash
# Screenshots of each app's main page for the docs, desktop (1280 px) and phone
# (390 px) wide, into docs/img/: presence-phone (local mode), browser-phone and
# proxy-admin (Twilio played by Prism, the contract mock), and the capability
# example. Starts everything on free loopback ports and stops it again.
#
#   scripts/screenshots.sh        (run scripts/setup.sh once first)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export CARGO_INCREMENTAL=0

[ -x tests/contract/node_modules/.bin/prism ] && [ -d bins/browser-phone/web/node_modules/playwright-core ] \
  || { echo "run scripts/setup.sh first" >&2; exit 1; }
cargo build -q -p presence-phone -p browser-phone -p proxy-admin
cargo build -q -p twilio-examples --example capability_page

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP_LOGS:-}" ] && cat "$tmp"/*.log >&2
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { # any HTTP answer at $1 within a minute
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0
    sleep 0.1
  done
  echo "nothing answered at $1" >&2; exit 1
}

password="screenshot password"
hash="$(printf '%s\n' "$password" | target/debug/proxy-admin hash-password)"
users="alice:$hash"
account="AC0123456789abcdef0123456789abcdef"
key="SK0123456789abcdef0123456789abcdef"
app_sid="AP0123456789abcdef0123456789abcdef"

prism() { # spec file, port
  (cd tests/contract && exec node_modules/.bin/prism mock -h 127.0.0.1 -p "$2" ".specs/patched/$1") \
    >"$tmp/prism-$2.log" 2>&1 &
  pids+=($!)
}
api_port=$(free_port); prism twilio_api_v2010.json "$api_port"
proxy_port=$(free_port); prism twilio_proxy_v1.json "$proxy_port"

pp=$(free_port)
env -i PATH="$PATH" HOME="$HOME" RUST_LOG=warn BIND_ADDRESS="127.0.0.1:$pp" LOCAL_AUTH_TOKEN=screenshot-token \
  SQLITE_PATH="$tmp/presence.db" APP_USERS="$users" target/debug/presence-phone >"$tmp/pp.log" 2>&1 &
pids+=($!)

bp=$(free_port)
env -i PATH="$PATH" HOME="$HOME" RUST_LOG=warn BIND_ADDRESS="127.0.0.1:$bp" PUBLIC_BASE_URL="http://127.0.0.1:$bp" \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN=screenshot-token TWILIO_API_KEY_SID="$key" \
  TWILIO_API_KEY_SECRET=screenshot-secret TWILIO_TWIML_APP_SID="$app_sid" TWILIO_PHONE_NUMBER=+15005550006 \
  SESSION_SECRET=0123456789abcdef0123456789abcdef-shots APP_USERS="$users" ALLOWED_DESTINATION_PREFIXES=+1 \
  TWILIO_API_BASE_URL="http://127.0.0.1:$api_port" target/debug/browser-phone >"$tmp/bp.log" 2>&1 &
pids+=($!)

pa=$(free_port)
env -i PATH="$PATH" HOME="$HOME" RUST_LOG=warn PORT="$pa" PUBLIC_BASE_URL="http://127.0.0.1:$pa" \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN=screenshot-token TWILIO_API_KEY_SID="$key" \
  TWILIO_API_KEY_SECRET=screenshot-secret SESSION_SECRET=0123456789abcdef0123456789abcdef-proxy \
  APP_USERS="$users" TWILIO_PROXY_BASE_URL="http://127.0.0.1:$proxy_port" \
  TWILIO_API_BASE_URL="http://127.0.0.1:9" target/debug/proxy-admin >"$tmp/pa.log" 2>&1 &
pids+=($!)

cp=$(free_port)
env -i PATH="$PATH" HOME="$HOME" BIND="127.0.0.1:$cp" TWILIO_ACCOUNT_SID="$account" \
  TWILIO_AUTH_TOKEN=screenshot-token TWILIO_APP_SID="$app_sid" TWILIO_API_KEY_SID="$key" \
  TWILIO_API_KEY_SECRET=screenshot-secret TWILIO_CLIENT_NAME=alice \
  target/debug/examples/capability_page >"$tmp/cp.log" 2>&1 &
pids+=($!)

for u in "http://127.0.0.1:$pp/healthz" "http://127.0.0.1:$bp/healthz" "http://127.0.0.1:$pa/healthz" \
  "http://127.0.0.1:$cp/healthz" "http://127.0.0.1:$api_port/" "http://127.0.0.1:$proxy_port/"; do
  wait_up "$u"
done

mkdir -p docs/img
PRESENCE="http://127.0.0.1:$pp" BROWSER_PHONE="http://127.0.0.1:$bp" PROXY_ADMIN="http://127.0.0.1:$pa" \
  CAPABILITY="http://127.0.0.1:$cp" APP_USER=alice APP_PASSWORD="$password" OUT="$root/docs/img" \
  node scripts/screenshots.js
ls -l docs/img
