#!/usr/bin/env bash
# Load test of flex-backend with wrk: the outbound call's answer webhook, signed
# POST /twilio-webhook/callHandlerTwiml?workerContactUri=client:… (the per-call hot
# path: signature check, account check, <Enqueue><Task>{json}</Task></Enqueue>), with
# the form Twilio posts when the callee answers (25 parameters). Release build; REST
# bases point at a closed port (this route makes no REST call, and the stats poller
# only runs while a stats socket is open).
# Against it, the Node baseline bins/flex-backend/bench/node-baseline.js (plain http +
# twilio-node 6.2.0) twice: as the seed does it (no signature check) and with
# twilio-node's validateRequest (the check ours does). All three servers run at once on
# three ports and are measured in turn, ROUNDS times, so each round sees the same
# machine load; every request is signed for its server's URL.
# Prints req/s, p99 and the load average per measurement, the ratios per round.
#
#   scripts/load-flex.sh [DURATION_SECS=10] [CONNECTIONS=64] [THREADS=2]
#   ROUNDS=3 PORT=5098 (uses PORT..PORT+2) SKIP_BUILD=1 (use the existing release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

for tool in wrk node curl openssl; do
  command -v "$tool" >/dev/null || { echo "needs $tool on PATH" >&2; exit 1; }
done
[ -d tests/oracle/node_modules/twilio ] || { echo "run scripts/setup.sh first (twilio-node in tests/oracle)" >&2; exit 1; }

dur="${1:-10}"; conns="${2:-64}"; threads="${3:-2}"
rounds="${ROUNDS:-3}"
port="${PORT:-5098}"
token="load-test-auth-token"
account="AC0123456789abcdef0123456789abcdef"
workflow="WW0123456789abcdef0123456789abcdef"
path_q="/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aalice_40acme_2Ecom"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

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
pairs=""; body=""
for p in "${params[@]}"; do
  pairs+="${p%%=*}${p#*=}"
  body+="${body:+&}${p%%=*}=$(sed 's/+/%2B/g' <<<"${p#*=}")"
done
# Twilio's signature: base64(HMAC-SHA1(auth token, URL + name+value pairs)).
sign() { printf '%s' "$1$pairs" | openssl dgst -sha1 -hmac "$token" -binary | base64; }

# name|port of each server, in measuring order.
servers=("flex-backend (signature checked)|$port"
         "node: seed route (no signature check)|$((port + 1))"
         "node: seed route + validateRequest|$((port + 2))")
for s in "${servers[@]}"; do
  p="${s#*|}"
  cat >"$tmp/$p.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = "$(sign "http://127.0.0.1:$p$path_q")"
LUA
done

wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }
post() { # port, signature: prints the status and the body
  curl -s -w '\n%{http_code}' -X POST -H "X-Twilio-Signature: $2" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "http://127.0.0.1:$1$path_q"
}
# A signed request must enqueue for alice with the callee as name; with `check`, a
# wrong signature must be a 403.
check_server() { # name, port, check?
  local out; out="$(post "$2" "$(sign "http://127.0.0.1:$2$path_q")")"
  [ "$(tail -n1 <<<"$out")" = 200 ] || { echo "$1: answer webhook failed: $out" >&2; exit 1; }
  grep -qF "<Enqueue workflowSid=\"$workflow\"><Task>{\"targetWorker\":\"client:alice_40acme_2Ecom\",\"autoAnswer\":\"true\",\"type\":\"outbound\",\"direction\":\"outbound\",\"name\":\"+15551234567\"}</Task></Enqueue>" <<<"$out" \
    || { echo "$1: unexpected TwiML: $out" >&2; exit 1; }
  if [ "$3" = check ]; then
    [ "$(post "$2" AAAAAAAAAAAAAAAAAAAAAAAAAAA= | tail -n1)" = 403 ] \
      || { echo "$1 accepted a wrong signature" >&2; exit 1; }
  fi
}

# flex-backend from an empty directory, so no developer .env is read.
(cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=error \
  TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN="$token" \
  TWILIO_OUTBOUND_WORKFLOW_SID="$workflow" \
  TWILIO_FLEX_WORKSPACE_SID="WS0123456789abcdef0123456789abcdef" \
  PUBLIC_BASE_URL="http://127.0.0.1:$port" FLEX_CALLER_IDS="+15005550006" \
  BIND_ADDRESS=127.0.0.1 PORT="$port" \
  TWILIO_API_BASE_URL=http://127.0.0.1:9 TWILIO_TASKROUTER_BASE_URL=http://127.0.0.1:9 \
  TWILIO_IAM_BASE_URL=http://127.0.0.1:9 \
  "$root/target/release/flex-backend" >"$tmp/app.log" 2>&1) &
pids+=($!)
node bins/flex-backend/bench/node-baseline.js "$((port + 1))" "$token" "$workflow" &
pids+=($!)
node bins/flex-backend/bench/node-baseline.js "$((port + 2))" "$token" "$workflow" check &
pids+=($!)
for p in "$port" "$((port + 1))" "$((port + 2))"; do wait_up "$p"; done
check_server flex-backend "$port" check
check_server "node baseline" "$((port + 1))" no
check_server "node baseline (check)" "$((port + 2))" check

declare -A rps_of
measure() { # name, port: 2 s warm-up, then the measured run
  local url="http://127.0.0.1:$2$path_q"
  wrk -t"$threads" -c"$conns" -d2s -s "$tmp/$2.lua" "$url" >/dev/null
  local out rps p99 non2xx
  out="$(wrk -t"$threads" -c"$conns" -d"${dur}s" --latency -s "$tmp/$2.lua" "$url")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  rps_of["$1"]="$rps"
  printf '  %-40s %10s req/s   p99 %8s   non-2xx %-7s load %s\n' "$1" "$rps" "$p99" "${non2xx:-0}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }

echo "flex-backend load: signed POST callHandlerTwiml, ${dur}s per measurement, $conns connections, $threads wrk threads, $(nproc) cores, $rounds rounds"
for r in $(seq "$rounds"); do
  echo "round $r ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for s in "${servers[@]}"; do measure "${s%|*}" "${s#*|}"; done
  ours="${rps_of["flex-backend (signature checked)"]}"
  echo "  ratio vs seed route (no check): $(ratio "$ours" "${rps_of["node: seed route (no signature check)"]}")   vs seed route + validateRequest: $(ratio "$ours" "${rps_of["node: seed route + validateRequest"]}")"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
