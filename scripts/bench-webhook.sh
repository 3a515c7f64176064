#!/usr/bin/env bash
# Webhook validation speed: twilio-webhook (criterion) vs twilio-node 6 (same request,
# same run), and vs a bare HMAC-SHA1 over the same bytes. Prints validations/s and both
# ratios (against the HMAC keyed per call, as a user would write it, and against a
# clone of a pre-keyed HMAC, as the validator does). Not part of CI; about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== load: $(uptime)"
echo "== twilio-node (tests/oracle/bench-webhook.js)"
node_json="$(cd tests/oracle && node bench-webhook.js 3)"
echo "$node_json"

echo "== twilio-webhook (cargo bench -p twilio-webhook --bench validate)"
cargo bench -p twilio-webhook --bench validate -- --warm-up-time 1 --measurement-time 3 webhook/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON).validations_per_sec;
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/webhook/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const ours = perSec("validate_status_callback");
const fresh = perSec("validate_status_callback_new_order");
const body = perSec("validate_from_body");
const hmac = perSec("bare_hmac_sha1");
const pre = perSec("bare_hmac_sha1_prekeyed");
console.log(`twilio-node validateRequest     : ${fmt(node)} validations/s`);
console.log(`twilio-webhook validate         : ${fmt(ours)} validations/s  (${(ours / node).toFixed(1)}x twilio-node)`);
console.log(`twilio-webhook validate, new order: ${fmt(fresh)} validations/s  (${(fresh / node).toFixed(1)}x twilio-node)`);
console.log(`twilio-webhook parse + validate : ${fmt(body)} validations/s  (${(body / node).toFixed(1)}x twilio-node)`);
console.log(`bare HMAC-SHA1 keyed per call   : ${fmt(hmac)} HMACs/s  (${(hmac / node).toFixed(1)}x twilio-node; validate costs ${(hmac / ours).toFixed(2)}x it)`);
console.log(`bare HMAC-SHA1 pre-keyed        : ${fmt(pre)} HMACs/s  (${(pre / node).toFixed(1)}x twilio-node; validate costs ${(pre / ours).toFixed(2)}x it)`);
'
