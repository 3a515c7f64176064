#!/usr/bin/env bash
# TwiML rendering speed: twilio-twiml (criterion) vs twilio-node 6 (same documents,
# same run). Prints documents/s of both and the ratio for the incoming-call document
# and the 50-verb document, prebuilt (render) and built per iteration (build+render).
# Not part of CI; takes about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== twilio-node (tests/oracle/bench-twiml.js)"
node_json="$(cd tests/oracle && node bench-twiml.js bench 3)"
echo "$node_json"

echo "== twilio-twiml (cargo bench -p twilio-twiml --bench render)"
cargo bench -p twilio-twiml --bench render -- --warm-up-time 1 --measurement-time 3 twiml/ >&2

target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const node = JSON.parse(process.env.NODE_JSON);
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/twiml/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(12);
console.log("document                      twilio-node docs/s   twilio-twiml docs/s   ratio");
for (const name of ["incoming_call_render", "fifty_verbs_render",
                    "incoming_call_build_render", "fifty_verbs_build_render"]) {
  const ours = perSec(name);
  console.log(`${name.padEnd(28)} ${fmt(node[name])}        ${fmt(ours)}        ${(ours / node[name]).toFixed(1)}x`);
}
'
