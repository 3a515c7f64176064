#!/usr/bin/env bash
# Load test of proxy-admin with wrk, on the routes whose work is local (the others
# wait on Twilio's Proxy API, in ours and in the seed alike, so a local test would
# measure the mock):
#   1. GET / as a logged-in admin (session cookie check + the askama home page);
#   2. GET /assets/app.css (the apps' shared stylesheet, a static asset);
#   3. POST /proxyDemoOutboundDial with a wrong X-Twilio-Signature (403; the TwiML App
#      webhook's form, 16 parameters);
#   4. POST /createService without a session (401; ours only, the seed has no login).
# Against it, the Node baseline bins/proxy-admin/bench/node-baseline.js (plain http +
# twilio-node 6.2.0): the seed's home page and express.static for 1 and 2; for 3 once
# as the seed does it (no check, so it answers the Dial TwiML) and once with
# validateRequest (403, like ours). All three servers run at once on three ports and
# are measured in turn, ROUNDS times, so each round sees the same machine load.
# Release build; REST bases point at a closed port (no measured route calls Twilio).
# Prints req/s, p99 and the load average per measurement, the ratios per round.
#
#   scripts/load-proxy.sh [DURATION_SECS=10] [CONNECTIONS=64] [THREADS=2]
#   ROUNDS=3 PORT=5097 (uses PORT..PORT+2) SKIP_BUILD=1 (use the existing release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

for tool in wrk node curl openssl; do
  command -v "$tool" >/dev/null || { echo "needs $tool on PATH" >&2; exit 1; }
done
[ -d tests/oracle/node_modules/twilio ] || { echo "run scripts/setup.sh first (twilio-node in tests/oracle)" >&2; exit 1; }

dur="${1:-10}"; conns="${2:-64}"; threads="${3:-2}"
rounds="${ROUNDS:-3}"
port="${PORT:-5097}"
ours="http://127.0.0.1:$port"; node="http://127.0.0.1:$((port + 1))"; node_check="http://127.0.0.1:$((port + 2))"
token="load-test-auth-token"
account="AC0123456789abcdef0123456789abcdef"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q -p proxy-admin
hash="$(printf 'load-password\n' | target/release/proxy-admin hash-password)"

# The TwiML App's voice webhook for a browser call, with the page's connect params.
dial_body="AccountSid=$account&ApiVersion=2010-04-01&ApplicationSid=AP0123456789abcdef0123456789abcdef"
dial_body+="&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing&Called=%2B15017122661&Caller=client%3Aloader"
dial_body+="&Direction=inbound&From=client%3Aloader&To=%2B15017122661&participantSid=KP0123456789abcdef0123456789abcdef"
dial_body+="&serviceSid=KS0123456789abcdef0123456789abcdef&sessionSid=KC0123456789abcdef0123456789abcdef"
dial_body+="&CallToken=%7B%7D&AccountCountry=US&Timestamp=1700000000"
bad_sig="AAAAAAAAAAAAAAAAAAAAAAAAAAA="
cat >"$tmp/dial.lua" <<LUA
wrk.method = "POST"
wrk.body = "$dial_body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$bad_sig"
LUA
cat >"$tmp/create.lua" <<LUA
wrk.method = "POST"
wrk.body = "uniqueName=rides&geoMatchLevel=country&numberSelectionBehavior=avoid-sticky"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$ours"
LUA

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "$1/" && return 0; sleep 0.1; done; echo "server $1 did not start" >&2; exit 1; }
expect() { # what, wanted status, curl args...
  local what="$1" want="$2"; shift 2
  local got; got="$(curl -s -o /dev/null -w '%{http_code}' "$@")"
  [ "$got" = "$want" ] || { echo "$what: status $got, expected $want" >&2; exit 1; }
}
dial() { curl -s -H "X-Twilio-Signature: $bad_sig" -H 'Content-Type: application/x-www-form-urlencoded' --data "$dial_body" "$@"; }

# proxy-admin from an empty directory, so no developer .env is read.
(cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=error \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN="$token" \
  TWILIO_API_KEY_SID="SK0123456789abcdef0123456789abcdef" TWILIO_API_KEY_SECRET="load-test-key-secret" \
  TWILIO_TWIML_APP_SID="AP0123456789abcdef0123456789abcdef" \
  PUBLIC_BASE_URL="$ours" APP_USERS="loader:$hash" \
  SESSION_SECRET="load-test-session-secret-0123456789abcdef" PORT="$port" \
  TWILIO_API_BASE_URL=http://127.0.0.1:9 TWILIO_PROXY_BASE_URL=http://127.0.0.1:9 \
  "$root/target/release/proxy-admin" >"$tmp/app.log" 2>&1) &
pids+=($!)
node bins/proxy-admin/bench/node-baseline.js "$((port + 1))" "$token" &
pids+=($!)
node bins/proxy-admin/bench/node-baseline.js "$((port + 2))" "$token" check &
pids+=($!)
for b in "$ours" "$node" "$node_check"; do wait_up "$b"; done

# Each side does what is measured: the page, the same CSS bytes, the rejections.
cookie="$(curl -s -o /dev/null -D - -H "Origin: $ours" --data 'username=loader&password=load-password' "$ours/login" \
  | awk -F'[:;] *' 'tolower($1)=="set-cookie" {print $2; exit}')"
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
expect "proxy-admin GET / without a session" 302 "$ours/"
for b in "$ours" "$node"; do
  curl -sf -H "Cookie: $cookie" "$b/" | grep -q 'Twilio Proxy Administration App' \
    || { echo "$b: home page not served" >&2; exit 1; }
  cmp -s <(curl -sf "$b/assets/app.css") crates/app-env/assets/app.css || { echo "$b: app.css differs" >&2; exit 1; }
done
expect "proxy-admin wrong signature" 403 -H "X-Twilio-Signature: $bad_sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$dial_body" "$ours/proxyDemoOutboundDial"
expect "node (check) wrong signature" 403 -H "X-Twilio-Signature: $bad_sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$dial_body" "$node_check/proxyDemoOutboundDial"
dial "$node/proxyDemoOutboundDial" | grep -qF '<Dial callerId="client:loader"><Number>+15017122661</Number></Dial>' \
  || { echo "node: dial TwiML not served" >&2; exit 1; }
expect "proxy-admin createService without a session" 401 -H "Origin: $ours" \
  --data 'uniqueName=rides&geoMatchLevel=country&numberSelectionBehavior=avoid-sticky' "$ours/createService"

declare -A rps_of
measure() { # name, wrk args...: 2 s warm-up, then the measured run
  local name="$1"; shift
  wrk -t"$threads" -c"$conns" -d2s "$@" >/dev/null
  local out rps p99 non2xx
  out="$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency "$@")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  rps_of["$name"]="$rps"
  printf '  %-48s %10s req/s   p99 %8s   non-2xx %-7s load %s\n' "$name" "$rps" "$p99" "${non2xx:-0}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }

echo "proxy-admin load: ${dur}s per measurement, $conns connections, $threads wrk threads, $(nproc) cores, $rounds rounds"
for r in $(seq "$rounds"); do
  echo "round $r ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  measure "proxy-admin: GET / (logged in)" -H "Cookie: $cookie" "$ours/"
  measure "node: GET / (seed home page)" "$node/"
  measure "proxy-admin: GET /assets/app.css" "$ours/assets/app.css"
  measure "node: GET /assets/app.css (express.static)" "$node/assets/app.css"
  measure "proxy-admin: dial webhook, wrong signature (403)" -s "$tmp/dial.lua" "$ours/proxyDemoOutboundDial"
  measure "node: dial webhook + validateRequest (403)" -s "$tmp/dial.lua" "$node_check/proxyDemoOutboundDial"
  measure "node: dial webhook, seed (no check, 200)" -s "$tmp/dial.lua" "$node/proxyDemoOutboundDial"
  measure "proxy-admin: createService, no session (401)" -s "$tmp/create.lua" "$ours/createService"
  echo "  ratios: GET / $(ratio "${rps_of["proxy-admin: GET / (logged in)"]}" "${rps_of["node: GET / (seed home page)"]}")" \
    "  GET /assets/app.css $(ratio "${rps_of["proxy-admin: GET /assets/app.css"]}" "${rps_of["node: GET /assets/app.css (express.static)"]}")" \
    "  403 vs validateRequest $(ratio "${rps_of["proxy-admin: dial webhook, wrong signature (403)"]}" "${rps_of["node: dial webhook + validateRequest (403)"]}")" \
    "  403 vs seed's unchecked 200 $(ratio "${rps_of["proxy-admin: dial webhook, wrong signature (403)"]}" "${rps_of["node: dial webhook, seed (no check, 200)"]}")"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
