#!/usr/bin/env bash
# Two instances of one app sharing one Redis, on this machine: the topology of a
# deployment behind a load balancer (put one in front of the two ports, or call each
# port directly to see the shared state).
#
#   scripts/two-instances.sh APP      APP: proxy-admin | browser-phone | presence-phone | flex-backend
#   PORT=8081 (instances on PORT and PORT+1)  REDIS_PORT=6390  SKIP_BUILD=1
#
# The app's other settings come from the environment or the app's .env, as for one
# instance (see docs/APP.md). redis-server runs in the foreground's process group
# without persistence; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:?usage: scripts/two-instances.sh proxy-admin|browser-phone|presence-phone|flex-backend}"
case "$app" in
  proxy-admin|browser-phone|presence-phone|flex-backend) ;;
  *) echo "unknown app: $app" >&2; exit 2 ;;
esac
port="${PORT:-8081}"
redis_port="${REDIS_PORT:-6390}"
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server" >&2; exit 2; }
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p "$app"
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/$app"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no >/dev/null &
pids+=($!)
export REDIS_URL="redis://127.0.0.1:$redis_port/"

for p in "$port" "$((port + 1))"; do
  case "$app" in
    flex-backend) BIND_ADDRESS=127.0.0.1 PORT="$p" "$bin" & ;;
    presence-phone) PRESENCE_STORE=redis BIND_ADDRESS="127.0.0.1:$p" "$bin" & ;;
    *) BIND_ADDRESS="127.0.0.1:$p" "$bin" & ;;
  esac
  pids+=($!)
done
echo "$app on 127.0.0.1:$port and 127.0.0.1:$((port + 1)), sharing Redis at $REDIS_URL (Ctrl-C stops)"
wait -n
