#!/usr/bin/env bash
# Fan-out measurement (issue 15; docs/performance.md "Fan-out"):
#
# * flex-backend: two release instances sharing one redis-server (REDIS_URL), their
#   TaskRouter and IAM base URLs pointed at the load tool (tests/load, `twilio-load
#   flex`), which answers token checks and the statistics polls and opens N
#   /websocket/realtimeStats sockets, half on each instance. Per round: from the
#   moment the tool wrote the poll's last statistics response to the moment each
#   socket read the array that poll published (lease holder -> Redis stream ->
#   every instance -> its sockets).
# * presence-phone: one release instance in local mode (SQLite), one login whose
#   session cookie N /api/presence/events streams share. Per round: from just before
#   a signed endpoint_connected webhook is sent to the moment each stream read the
#   change.
# * floor (APPS="floor", or with the others): two `twilio-load floor-server`
#   processes, each writing the same prebuilt 10,184-byte frame to each of its sockets
#   with one write (no framework, no Redis), and the same clients. Per round: from just
#   before the tool asks both servers to publish to the moment each socket read it.
#   What the floor takes is the machine's (loopback sends, the clients' reads), which
#   no server on the same cores can go below.
#
# Memory per client: RSS of the instances after the last round minus before the
# clients connected, divided by N. Fresh instances (and an emptied Redis) for every run.
# Prints each round, then one table.
#
#   scripts/fanout.sh [CLIENTS...]          default: 1000 10000
#   ROUNDS=5  APPS="flex presence" (and/or floor)  RUNS=1 (runs per size)  SKIP_BUILD=1  PORT=8181 (PORT..PORT+3)
#   REDIS_PORT=6391  STATS_REALTIME_SECS=2 (flex poll period)  QUEUES=3 (queues in the
#   flex statistics array: about 3.4 KB of JSON each)
#   BUILDS="before=DIR after=DIR": measure the flex-backend and presence-phone
#   binaries in each DIR (copies of earlier builds), alternating build by build within
#   every size and run so each sees the same machine load; default: the ones just built
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="${CARGO_TARGET_DIR:-$root/target}"

command -v redis-server >/dev/null || { echo "needs redis-server" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
rounds="${ROUNDS:-5}"
runs="${RUNS:-1}"
apps="${APPS:-flex presence}"
port="${PORT:-8181}"
redis_port="${REDIS_PORT:-6391}"
period="${STATS_REALTIME_SECS:-2}"
queues="${QUEUES:-3}"
account="AC0123456789abcdef0123456789abcdef"
token="fanout-auth-token"
fake_port=$((port + 3))

# 10,000 sockets need as many descriptors in the tool and half of them per instance.
hard="$(ulimit -Hn)"
want=30000
[ "$hard" = unlimited ] || [ "$hard" -ge "$want" ] || want="$hard"
ulimit -n "$want"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release -q -p flex-backend -p presence-phone -p twilio-load
fi
tmp="$(mktemp -d)"
# The shared target directory is rebuilt by others: measure copies of these binaries.
builds=()
for spec in ${BUILDS:-current=$target/release}; do
  label="${spec%%=*}"; dir="${spec#*=}"
  mkdir -p "$tmp/bin-$label"
  for b in flex-backend presence-phone; do cp "$dir/$b" "$tmp/bin-$label/"; done
  builds+=("$label")
done
mkdir -p "$tmp/bin"
cp "$target/release/twilio-load" "$tmp/bin/"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
stop() { # pids...
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}
wait_up() { # url
  for _ in $(seq 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "$1 did not come up" >&2; exit 1
}

redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --maxclients 1000 >"$tmp/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

run_flex() { # clients build
  redis-cli -p "$redis_port" flushall >/dev/null
  local instance=() p
  for p in "$port" "$((port + 1))"; do
    (cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=warn \
      TWILIO_ACCOUNT_SID="$account" TWILIO_AUTH_TOKEN="$token" \
      TWILIO_OUTBOUND_WORKFLOW_SID=WW0123456789abcdef0123456789abcdef \
      TWILIO_FLEX_WORKSPACE_SID=WS0123456789abcdef0123456789abcdef \
      PUBLIC_BASE_URL="http://127.0.0.1:$p" FLEX_CALLER_IDS=+15005550006 \
      BIND_ADDRESS=127.0.0.1 PORT="$p" REDIS_URL="redis://127.0.0.1:$redis_port/" \
      STATS_REALTIME_SECS="$period" \
      TWILIO_API_BASE_URL="http://127.0.0.1:$fake_port" \
      TWILIO_TASKROUTER_BASE_URL="http://127.0.0.1:$fake_port" \
      TWILIO_IAM_BASE_URL="http://127.0.0.1:$fake_port" \
      "$tmp/bin-$2/flex-backend" >>"$tmp/flex-$p.log" 2>&1) &
    instance+=($!); pids+=($!)
  done
  wait_up "http://127.0.0.1:$port/healthz"; wait_up "http://127.0.0.1:$((port + 1))/healthz"
  "$tmp/bin/twilio-load" flex --app "127.0.0.1:$port" --app "127.0.0.1:$((port + 1))" \
    --fake-port "$fake_port" --queues "$queues" --clients "$1" --rounds "$rounds" \
    --pid "${instance[0]}" --pid "${instance[1]}" | sed "s/^RESULT /RESULT build=$2 /" | tee -a "$tmp/results" || true
  stop "${instance[@]}"
}

run_floor() { # clients
  local server=() p
  for p in "$port" "$((port + 1))"; do
    "$tmp/bin/twilio-load" floor-server --port "$p" >>"$tmp/floor.log" 2>&1 &
    server+=($!); pids+=($!)
  done
  for p in "$port" "$((port + 1))"; do
    for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
  done
  "$tmp/bin/twilio-load" floor --app "127.0.0.1:$port" --app "127.0.0.1:$((port + 1))" \
    --clients "$1" --rounds "$rounds" --pid "${server[0]}" --pid "${server[1]}" \
    | sed "s/^RESULT /RESULT build=- /" | tee -a "$tmp/results" || true
  stop "${server[@]}"
}

run_presence() { # clients build
  local hash pid
  hash="$(printf 'fanout-password' | "$tmp/bin-$2/presence-phone" hash-password loader)"
  rm -f "$tmp/presence.db"*
  (cd "$tmp" && exec env -i PATH="$PATH" RUST_LOG=warn BIND_ADDRESS="127.0.0.1:$((port + 2))" \
    LOCAL_AUTH_TOKEN="$token" SQLITE_PATH="$tmp/presence.db" APP_USERS="$hash" \
    "$tmp/bin-$2/presence-phone" >>"$tmp/presence.log" 2>&1) &
  pid=$!; pids+=($!)
  wait_up "http://127.0.0.1:$((port + 2))/api/config"
  "$tmp/bin/twilio-load" presence --app "127.0.0.1:$((port + 2))" --clients "$1" \
    --rounds "$rounds" --user loader --password fanout-password --auth-token "$token" \
    --pid "$pid" | sed "s/^RESULT /RESULT build=$2 /" | tee -a "$tmp/results" || true
  stop "$pid"
}

echo "fan-out: sizes ${sizes[*]}, $rounds rounds, $runs run(s) each, $(nproc) cores, fd limit $(ulimit -n), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC, commit $(git rev-parse --short HEAD)"
for n in "${sizes[@]}"; do
  for r in $(seq "$runs"); do
    for app in $apps; do
      if [ "$app" = floor ]; then echo "== floor, $n clients, run $r"; run_floor "$n"; continue; fi
      for b in "${builds[@]}"; do
        echo "== $app ($b), $n clients, run $r"
        "run_$app" "$n" "$b"
      done
    done
  done
done

echo
echo "| app | build | clients | p50 ms | p99 ms | last ms (median of rounds) | last ms (worst) | KiB per client | app CPU ms per round | tool CPU ms per round | machine CPU busy | missing |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
grep '^RESULT' "$tmp/results" | awk '{
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%% | %s |\n", v["app"], v["build"], v["clients"], v["p50_ms"], v["p99_ms"],
    v["last_median_ms"], v["last_worst_ms"], v["mem_per_client_kib"], v["app_cpu_ms_per_round"],
    v["tool_cpu_ms_per_round"], v["cpu_busy_pct"], v["missing"] }'
for f in "$tmp"/flex-*.log "$tmp/presence.log"; do
  [ -s "$f" ] && { echo "--- $(basename "$f") (warnings)"; tail -n 5 "$f"; }
done
true
