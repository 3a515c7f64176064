#!/usr/bin/env bash
# Load test of proxy-admin with wrk, on the routes whose work is local (the others
# wait on Twilio's Proxy API, in ours and in the seed alike, so a local test would
# measure the mock):
#   1. GET / as a logged-in admin (session cookie check + the askama home page);
#   2. GET /style.css (a 1.4 KB static asset);
#   3. POST /proxyDemoOutboundDial with a wrong X-Twilio-Signature (403; the TwiML App
#      webhook's form, 16 parameters);
#   4. POST /createService without a session (401; ours only, the seed has no login).
# Then, in the same run and on the same port, the Node baseline
# bins/proxy-admin/bench/node-baseline.js (plain http + twilio-node 6.2.0): the seed's
# home page and express.static for 1 and 2; for 3 once as the seed does it (no check,
# so it answers the Dial TwiML) and once with validateRequest (403, like ours).
# Release build; REST bases point at a closed port (no measured route calls Twilio).
# Prints req/s, p99, the ratios and the load average.
#
#   scripts/load-proxy.sh [DURATION_SECS=10] [CONNECTIONS=64] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

dur="${1:-10}"; conns="${2:-64}"; threads="${3:-2}"
port="${PORT:-5097}"
token="load-test-auth-token"
account="AC0123456789abcdef0123456789abcdef"
base="http://127.0.0.1:$port"
tmp="$(mktemp -d)"
app_pid=""
stop() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; app_pid=""; fi; }
trap 'stop; rm -rf "$tmp"' EXIT

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
wrk.headers["Origin"] = "$base"
LUA

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "$base/" && return 0; sleep 0.1; done; echo "server did not start" >&2; exit 1; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect() { # what, wanted status, curl args...
  local what="$1" want="$2"; shift 2
  local got; got="$(code "$@")"
  [ "$got" = "$want" ] || { echo "$what: status $got, expected $want" >&2; exit 1; }
}

declare -A rps_of
run() { # name, wrk args...: 2 s warm-up, then the measured run
  local name="$1"; shift
  wrk -t"$threads" -c"$conns" -d2s "$@" >/dev/null
  local out rps p99 non2xx
  out="$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency "$@")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  rps_of["$name"]="$rps"
  printf '%-46s %10s req/s   p99 %8s   non-2xx %-7s load %s\n' "$name" "$rps" "$p99" "${non2xx:-0}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "proxy-admin load: ${dur}s, $conns connections, $threads wrk threads, $(nproc) cores"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Started from an empty directory so no developer .env is read.
(cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=error \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN="$token" \
  TWILIO_API_KEY_SID="SK0123456789abcdef0123456789abcdef" TWILIO_API_KEY_SECRET="load-test-key-secret" \
  PROXY_TWIML_APP_SID="AP0123456789abcdef0123456789abcdef" \
  PUBLIC_BASE_URL="$base" APP_USERS="loader:$hash" \
  SESSION_SECRET="load-test-session-secret-0123456789abcdef" PORT="$port" \
  TWILIO_API_BASE_URL=http://127.0.0.1:9 TWILIO_PROXY_BASE_URL=http://127.0.0.1:9 \
  "$root/target/release/proxy-admin" >"$tmp/app.log" 2>&1) &
app_pid=$!
wait_up
cookie="$(curl -s -o /dev/null -D - -H "Origin: $base" --data 'username=loader&password=load-password' "$base/login" \
  | awk -F'[:;] *' 'tolower($1)=="set-cookie" {print $2; exit}')"
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
curl -sf -H "Cookie: $cookie" "$base/" | grep -q 'Twilio Proxy Administration App' \
  || { echo "proxy-admin: home page not served" >&2; exit 1; }
expect "proxy-admin GET / without a session" 302 "$base/"
cmp -s <(curl -sf "$base/style.css") bins/proxy-admin/web/style.css \
  || { echo "proxy-admin: style.css differs" >&2; exit 1; }
expect "proxy-admin bad signature" 403 -H "X-Twilio-Signature: $bad_sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$dial_body" "$base/proxyDemoOutboundDial"
expect "proxy-admin createService without a session" 401 -H "Origin: $base" \
  --data 'uniqueName=rides&geoMatchLevel=country&numberSelectionBehavior=avoid-sticky' "$base/createService"
run "proxy-admin: GET / (logged in)" -H "Cookie: $cookie" "$base/"
run "proxy-admin: GET /style.css" "$base/style.css"
run "proxy-admin: dial webhook, bad signature (403)" -s "$tmp/dial.lua" "$base/proxyDemoOutboundDial"
run "proxy-admin: createService, no session (401)" -s "$tmp/create.lua" "$base/createService"
stop

node bins/proxy-admin/bench/node-baseline.js "$port" "$token" &
app_pid=$!
wait_up
curl -sf "$base/" | grep -q 'Twilio Proxy Administration App' || { echo "node: home page not served" >&2; exit 1; }
cmp -s <(curl -sf "$base/style.css") bins/proxy-admin/web/style.css || { echo "node: style.css differs" >&2; exit 1; }
curl -sf -H "X-Twilio-Signature: $bad_sig" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data "$dial_body" "$base/proxyDemoOutboundDial" | grep -q '<Dial callerId="client:loader"><Number>+15017122661</Number></Dial>' \
  || { echo "node: dial TwiML not served" >&2; exit 1; }
run "node: GET / (seed home page)" "$base/"
run "node: GET /style.css (express.static)" "$base/style.css"
run "node: dial webhook, seed (no check, 200)" -s "$tmp/dial.lua" "$base/proxyDemoOutboundDial"
stop

node bins/proxy-admin/bench/node-baseline.js "$port" "$token" check &
app_pid=$!
wait_up
expect "node (check) bad signature" 403 -H "X-Twilio-Signature: $bad_sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$dial_body" "$base/proxyDemoOutboundDial"
run "node: dial webhook + validateRequest (403)" -s "$tmp/dial.lua" "$base/proxyDemoOutboundDial"
stop

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }
echo "ratio GET /:                          $(ratio "${rps_of["proxy-admin: GET / (logged in)"]}" "${rps_of["node: GET / (seed home page)"]}")"
echo "ratio GET /style.css:                 $(ratio "${rps_of["proxy-admin: GET /style.css"]}" "${rps_of["node: GET /style.css (express.static)"]}")"
echo "ratio bad signature vs validateRequest: $(ratio "${rps_of["proxy-admin: dial webhook, bad signature (403)"]}" "${rps_of["node: dial webhook + validateRequest (403)"]}")"
echo "ratio bad signature vs seed (no check): $(ratio "${rps_of["proxy-admin: dial webhook, bad signature (403)"]}" "${rps_of["node: dial webhook, seed (no check, 200)"]}")"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
