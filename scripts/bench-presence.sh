#!/usr/bin/env bash
# Presence speed: twilio-presence (criterion) vs seed 000's algorithm in Node (same run).
# twilio-node has no presence logic; the Node side is the seed's user-database.json
# read/modify/write (spec §1.3/§1.4) plus an in-memory lookup as the best case.
# Starts a throwaway redis-server for the Redis case. Not part of CI; about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== Node, seed algorithm (tests/oracle/bench-presence.js)"
node_json="$(cd tests/oracle && node bench-presence.js 3)"
echo "$node_json"

port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
sleep 0.5

echo "== twilio-presence (cargo bench -p twilio-presence --bench presence)"
PRESENCE_BENCH_REDIS_URL="redis://127.0.0.1:$port/" \
  cargo bench -p twilio-presence --bench presence -- --warm-up-time 1 --measurement-time 3 presence/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON);
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/presence/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const lookup = perSec("decision_lookup");
console.log(`decision: seed (file per request)  ${fmt(node.decision_file)} ops/s`);
console.log(`decision: Node in-memory object     ${fmt(node.decision_memory)} ops/s`);
console.log(`decision: Presence::status (cache)  ${fmt(lookup)} ops/s  (${(lookup / node.decision_file).toFixed(0)}x the seed, ${(lookup / node.decision_memory).toFixed(2)}x in-memory Node)`);
console.log(`decision: same, during writes         ${fmt(perSec("decision_lookup_under_writes"))} ops/s`);
const sqlite = perSec("update_sqlite");
console.log(`update:   seed (file rewrite)       ${fmt(node.update_file)} ops/s`);
console.log(`update:   Presence + SqliteStore    ${fmt(sqlite)} ops/s  (${(sqlite / node.update_file).toFixed(1)}x)`);
console.log(`update:   Presence + RedisStore     ${fmt(perSec("update_redis"))} ops/s`);
console.log(`update:   Presence + MemoryStore    ${fmt(perSec("update_memory"))} ops/s`);
console.log(`state:    UserState::apply          ${fmt(perSec("state_apply"))} ops/s`);
'
