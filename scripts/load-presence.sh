#!/usr/bin/env bash
# Load test of presence-phone with wrk: the incoming-call decision
# (GET /api/phone/incoming?name=alice, signed) and the Sync reachability webhook
# (POST /api/sync-callback, signed). Release build, local mode, SQLite store.
# Then the same two routes on a Node baseline in the same run
# (bins/presence-phone/tests/node-baseline.js: twilio-node 6.2.0 validateRequest and
# VoiceResponse, in-memory state). Prints req/s, p99, the ratio and the load average.
#
#   scripts/load-presence.sh [DURATION_SECS=10] [CONNECTIONS=64] [THREADS=2]
#   BENCH=1 scripts/load-presence.sh   # first: the in-process decision, criterion vs twilio-node
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH:-0}" = 1 ]; then
  cargo bench -q -p presence-phone --bench decision -- --warm-up-time 1 --measurement-time 3 >/dev/null
  rust_ns="$(node -e 'console.log(require("./target/criterion/presence_phone_incoming_decision/new/estimates.json").mean.point_estimate)')"
  node_ops="$(node bins/presence-phone/tests/bench-decision.js 3 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).ops_per_sec))')"
  awk -v ns="$rust_ns" -v n="$node_ops" 'BEGIN {
    r = 1e9 / ns
    printf "in-process incoming decision (signature + status + TwiML):\n"
    printf "  presence-phone %12.0f ops/s\n  twilio-node    %12.0f ops/s\n  ratio          %12.1fx\n", r, n, r / n }'
fi

dur="${1:-10}"; conns="${2:-64}"; threads="${3:-2}"
port="${PORT:-5099}"
token="load-test-auth-token"
base="http://127.0.0.1:$port"
tmp="$(mktemp -d)"

cargo build --release -q -p presence-phone
hash="$(printf 'load-password' | target/release/presence-phone hash-password loader)"

RUST_LOG=error BIND_ADDRESS="127.0.0.1:$port" LOCAL_AUTH_TOKEN="$token" \
  SQLITE_PATH="$tmp/presence.db" APP_USERS="$hash" \
  target/release/presence-phone >"$tmp/app.log" 2>&1 &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "$base/api/config" && break; sleep 0.1; done

# Twilio's signature: base64(HMAC-SHA1(token, URL + sorted name+value pairs)).
sign() { printf '%s' "$1" | openssl dgst -sha1 -hmac "$token" -binary | base64; }

# alice connects, so the decision is the <Dial><Client> branch.
body="EndpointId=EPload&EventType=endpoint_connected&Identity=alice"
sig="$(sign "$base/api/sync-callbackEndpointIdEPloadEventTypeendpoint_connectedIdentityalice")"
curl -sf -o /dev/null -X POST -H "X-Twilio-Signature: $sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$base/api/sync-callback"

incoming_sig="$(sign "$base/api/phone/incoming?name=alice")"
curl -sf "$base/api/phone/incoming?name=alice" -H "X-Twilio-Signature: $incoming_sig" | grep -q '<Client' \
  || { echo "incoming decision did not dial alice" >&2; exit 1; }

cat >"$tmp/sync.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$sig"
LUA

declare -A rps_of
run() { # name, extra wrk args...
  local name="$1"; shift
  local out; out="$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency "$@")"
  local rps p99 non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  rps_of["$name"]="$rps"
  printf '%-44s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
}

echo "presence-phone load: ${dur}s, $conns connections, $threads wrk threads, $(nproc) cores"
run "GET /api/phone/incoming (signed)" -H "X-Twilio-Signature: $incoming_sig" "$base/api/phone/incoming?name=alice"
run "POST /api/sync-callback (signed)" -s "$tmp/sync.lua" "$base/api/sync-callback"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true

# The Node baseline on the same port (so the signed URLs are identical).
node bins/presence-phone/tests/node-baseline.js "$port" "$token" &
app_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$base/" && break; sleep 0.1; done
curl -sf -o /dev/null -X POST -H "X-Twilio-Signature: $sig" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$base/api/sync-callback"
curl -sf "$base/api/phone/incoming?name=alice" -H "X-Twilio-Signature: $incoming_sig" | grep -q '<Client' \
  || { echo "node baseline did not dial alice" >&2; exit 1; }
run "node: GET /api/phone/incoming (signed)" -H "X-Twilio-Signature: $incoming_sig" "$base/api/phone/incoming?name=alice"
run "node: POST /api/sync-callback (signed)" -s "$tmp/sync.lua" "$base/api/sync-callback"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }
echo "ratio incoming:      $(ratio "${rps_of["GET /api/phone/incoming (signed)"]}" "${rps_of["node: GET /api/phone/incoming (signed)"]}")"
echo "ratio sync-callback: $(ratio "${rps_of["POST /api/sync-callback (signed)"]}" "${rps_of["node: POST /api/sync-callback (signed)"]}")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
