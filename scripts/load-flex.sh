#!/usr/bin/env bash
# Load test of flex-backend with wrk: the outbound call's answer webhook, signed
# POST /twilio-webhook/callHandlerTwiml?workerContactUri=client:… (the per-call hot
# path: signature check, account check, <Enqueue><Task>{json}</Task></Enqueue>), with
# the form Twilio posts when the callee answers (25 parameters). Release build; REST
# bases point at a closed port (this route makes no REST call, and the stats poller
# only runs while a stats socket is open).
# Then, in the same run and on the same port (so the signed URL is identical), the
# Node baseline bins/flex-backend/bench/node-baseline.js twice: as the seed does it
# (no signature check) and with twilio-node's validateRequest (what ours does).
# Prints req/s, p99, the ratios and the load average.
#
#   scripts/load-flex.sh [DURATION_SECS=10] [CONNECTIONS=64] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

dur="${1:-10}"; conns="${2:-64}"; threads="${3:-2}"
port="${PORT:-5098}"
token="load-test-auth-token"
account="AC0123456789abcdef0123456789abcdef"
workflow="WW0123456789abcdef0123456789abcdef"
base="http://127.0.0.1:$port"
path_q="/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aalice_40acme_2Ecom"
tmp="$(mktemp -d)"
app_pid=""
stop() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; app_pid=""; fi; }
trap 'stop; rm -rf "$tmp"' EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q -p flex-backend

# The answer request's form, already sorted by name (Twilio signs name+value pairs in
# that order after the URL).
params=(
  "AccountSid=$account" "ApiVersion=2010-04-01" "CallSid=CA0123456789abcdef0123456789abcdef"
  "CallStatus=in-progress" "Called=+15551234567" "CalledCity=OAKLAND" "CalledCountry=US"
  "CalledState=CA" "CalledZip=94612" "Caller=+15005550006" "CallerCity=BERKELEY"
  "CallerCountry=US" "CallerState=CA" "CallerZip=94704" "Direction=outbound-api"
  "From=+15005550006" "FromCity=BERKELEY" "FromCountry=US" "FromState=CA" "FromZip=94704"
  "To=+15551234567" "ToCity=OAKLAND" "ToCountry=US" "ToState=CA" "ToZip=94612"
)
signed="$base$path_q"; body=""
for p in "${params[@]}"; do
  signed+="${p%%=*}${p#*=}"
  body+="${body:+&}${p%%=*}=$(sed 's/+/%2B/g' <<<"${p#*=}")"
done
# Twilio's signature: base64(HMAC-SHA1(auth token, URL + name+value pairs)).
sig="$(printf '%s' "$signed" | openssl dgst -sha1 -hmac "$token" -binary | base64)"

cat >"$tmp/answer.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$sig"
LUA

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "$base/" && return 0; sleep 0.1; done; echo "server did not start" >&2; exit 1; }

# One signed request: the TwiML must enqueue for alice with the callee as name.
check_answer() {
  local out
  out="$(curl -sf -X POST -H "X-Twilio-Signature: $sig" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$base$path_q")" \
    || { echo "$1: answer webhook failed" >&2; exit 1; }
  grep -q "<Enqueue workflowSid=\"$workflow\"><Task>{\"targetWorker\":\"client:alice_40acme_2Ecom\",\"autoAnswer\":\"true\",\"type\":\"outbound\",\"direction\":\"outbound\",\"name\":\"+15551234567\"}</Task></Enqueue>" <<<"$out" \
    || { echo "$1: unexpected TwiML: $out" >&2; exit 1; }
}

declare -A rps_of
run() { # name: 2 s warm-up, then the measured run
  wrk -t"$threads" -c"$conns" -d2s -s "$tmp/answer.lua" "$base$path_q" >/dev/null
  local out rps p99 non2xx
  out="$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency -s "$tmp/answer.lua" "$base$path_q")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  rps_of["$1"]="$rps"
  printf '%-46s %10s req/s   p99 %8s   non-2xx %-4s load %s\n' "$1" "$rps" "$p99" "${non2xx:-0}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "flex-backend load: signed POST callHandlerTwiml, ${dur}s, $conns connections, $threads wrk threads, $(nproc) cores"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Started from an empty directory so no developer .env is read.
(cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=error \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN="$token" \
  TWILIO_OUTBOUND_WORKFLOW_SID="$workflow" \
  TWILIO_FLEX_WORKSPACE_SID="WS0123456789abcdef0123456789abcdef" \
  PUBLIC_BASE_URL="$base" FLEX_CALLER_IDS="+15005550006" \
  BIND_ADDRESS=127.0.0.1 PORT="$port" \
  TWILIO_API_BASE_URL=http://127.0.0.1:9 TWILIO_TASKROUTER_BASE_URL=http://127.0.0.1:9 \
  TWILIO_IAM_BASE_URL=http://127.0.0.1:9 \
  "$root/target/release/flex-backend" >"$tmp/app.log" 2>&1) &
app_pid=$!
wait_up
check_answer flex-backend
bad="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Twilio-Signature: AAAAAAAAAAAAAAAAAAAAAAAAAAA=' \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$base$path_q")"
[ "$bad" = 403 ] || { echo "flex-backend accepted a bad signature ($bad)" >&2; exit 1; }
run "flex-backend (signature checked)"
stop

node bins/flex-backend/bench/node-baseline.js "$port" "$token" "$workflow" &
app_pid=$!
wait_up
check_answer "node baseline"
run "node: seed route (no signature check)"
stop

node bins/flex-backend/bench/node-baseline.js "$port" "$token" "$workflow" check &
app_pid=$!
wait_up
check_answer "node baseline (check)"
bad="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Twilio-Signature: AAAAAAAAAAAAAAAAAAAAAAAAAAA=' \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$base$path_q")"
[ "$bad" = 403 ] || { echo "node baseline (check) accepted a bad signature ($bad)" >&2; exit 1; }
run "node: seed route + validateRequest"
stop

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }
ours="${rps_of["flex-backend (signature checked)"]}"
echo "ratio vs seed route (no check):      $(ratio "$ours" "${rps_of["node: seed route (no signature check)"]}")"
echo "ratio vs seed route + validateRequest: $(ratio "$ours" "${rps_of["node: seed route + validateRequest"]}")"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
