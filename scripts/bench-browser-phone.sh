#!/usr/bin/env bash
# Browser-call webhook speed (bins/browser-phone): parse + signature check + number
# validation + <Dial> TwiML, in Rust (criterion) vs twilio-node 6 (same request, same
# run); plus the whole request through the actix app in-process. Prints webhooks/s and
# the ratios. Not part of CI; takes a minute or two after the release build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== twilio-node (tests/oracle/bench-browser-phone.js)"
node_json="$(cd tests/oracle && node bench-browser-phone.js 3)"
echo "$node_json"

echo "== browser-phone (cargo bench -p browser-phone --bench connect)"
cargo bench -p browser-phone --bench connect -- --warm-up-time 1 --measurement-time 3 browser_phone/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON).webhooks_per_sec;
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/browser_phone/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const pipeline = perSec("connect_pipeline");
const request = perSec("connect_request");
console.log(`twilio-node parse+validate+TwiML     : ${fmt(node)} webhooks/s`);
console.log(`browser-phone same steps             : ${fmt(pipeline)} webhooks/s  (${(pipeline / node).toFixed(1)}x twilio-node)`);
console.log(`browser-phone whole actix request    : ${fmt(request)} webhooks/s  (${(request / node).toFixed(1)}x twilio-node steps only)`);
'
