#!/usr/bin/env bash
# Token signing speed: twilio-token (criterion) vs twilio-node 6 (same token, same run).
# Prints tokens/s of both and the ratio. Not part of CI; takes about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== twilio-node (tests/oracle/bench-token.js)"
node_json="$(cd tests/oracle && node bench-token.js 3)"
echo "$node_json"

echo "== twilio-token (cargo bench -p twilio-token --bench sign)"
cargo bench -p twilio-token --bench sign -- --warm-up-time 1 --measurement-time 3 token/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON).tokens_per_sec;
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/token/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const build = perSec("build_and_sign");
console.log(`twilio-node build+sign : ${fmt(node)} tokens/s`);
console.log(`twilio-token build+sign: ${fmt(build)} tokens/s  (${(build / node).toFixed(1)}x)`);
console.log(`twilio-token sign only : ${fmt(perSec("sign_prebuilt"))} tokens/s`);
console.log(`twilio-token verify    : ${fmt(perSec("verify"))} tokens/s`);
'
