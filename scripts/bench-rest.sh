#!/usr/bin/env bash
# List-page decoding speed: twilio-rest (criterion) vs twilio-node 6 (same 50-call page,
# same run). Prints pages/s of both and the ratio. Not part of CI; about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== twilio-node (tests/oracle/bench-rest.js)"
node_json="$(cd tests/oracle && node bench-rest.js 3)"
echo "$node_json"

echo "== twilio-rest (cargo bench -p twilio-rest --bench page)"
cargo bench -p twilio-rest --bench page -- --warm-up-time 1 --measurement-time 3 rest/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON).pages_per_sec;
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/rest/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const rust = perSec("decode_calls_page");
console.log(`twilio-node CallPage (50 calls)  : ${fmt(node)} pages/s`);
console.log(`twilio-rest Page<Call> (50 calls): ${fmt(rust)} pages/s  (${(rust / node).toFixed(1)}x)`);
console.log(`twilio-rest CreateCall form encode: ${fmt(perSec("encode_create_call"))} ops/s`);
'
