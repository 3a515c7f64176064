#!/usr/bin/env bash
# Webhook validation speed: twilio-webhook (criterion) vs twilio-node 6 (same request),
# and vs a bare HMAC-SHA1 over the same bytes. Prints validations/s and the ratios.
#
# The machine is often shared with builds, so the two sides take turns: ROUNDS rounds
# (default 3), each running twilio-node for 2 s and then the criterion benches; every
# round's figures are printed with the load average, and the summary uses each side's
# best round (the one least disturbed by other work). Not part of CI; about a minute
# per round.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${ROUNDS:-3}"

echo "== building the criterion bench" >&2
bench_bin="$(cargo bench -p twilio-webhook --bench validate --no-run --message-format=json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{
    for (const line of s.split("\n")) { if (!line) continue; const m = JSON.parse(line);
      if (m.reason === "compiler-artifact" && m.target.name === "validate" && m.executable) console.log(m.executable); } })' | tail -1)"
[ -x "$bench_bin" ] || { echo "bench binary not found" >&2; exit 1; }
target="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).target_directory))')"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  node_json="$(cd tests/oracle && node bench-webhook.js 2)"
  "$bench_bin" --bench --warm-up-time 1 --measurement-time 2 webhook/ >/dev/null 2>&1
  ROUND="$round" LOAD="$load" NODE_JSON="$node_json" TARGET="$target" node -e '
const fs = require("fs");
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/webhook/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
console.log(JSON.stringify({
  round: Number(process.env.ROUND), load: process.env.LOAD,
  node: JSON.parse(process.env.NODE_JSON).validations_per_sec,
  validate: perSec("validate_status_callback"),
  fresh: perSec("validate_status_callback_new_order"),
  cold: perSec("validate_status_callback_no_shared_prefix"),
  body: perSec("validate_from_body"),
  hmac: perSec("bare_hmac_sha1"),
  pre: perSec("bare_hmac_sha1_prekeyed"),
}));' >>"$results"
done

RESULTS="$results" node -e '
const fs = require("fs");
const rows = fs.readFileSync(process.env.RESULTS, "utf8").trim().split("\n").map(JSON.parse);
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const ratio = (a, b) => (a / b).toFixed(1) + "x";
console.log("| round | load (1/5/15 min) | twilio-node /s | validate /s | vs node | validate, new order /s | vs node | validate, no shared prefix /s | vs node | parse + validate /s | bare HMAC per call /s | pre-keyed HMAC /s | validate vs HMAC (per call / pre-keyed) |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.round} | ${r.load.split(" ").join(" / ")} | ${fmt(r.node)} | ${fmt(r.validate)} | ${ratio(r.validate, r.node)} | ${fmt(r.fresh)} | ${ratio(r.fresh, r.node)} | ${fmt(r.cold)} | ${ratio(r.cold, r.node)} | ${fmt(r.body)} | ${fmt(r.hmac)} | ${fmt(r.pre)} | ${(r.hmac / r.validate).toFixed(2)}x / ${(r.pre / r.validate).toFixed(2)}x |`);
}
const best = (k) => Math.max(...rows.map((r) => r[k]));
const b = { node: best("node"), validate: best("validate"), fresh: best("fresh"), cold: best("cold"), body: best("body"), hmac: best("hmac"), pre: best("pre") };
console.log("");
console.log(`best of ${rows.length} rounds, each side:`);
console.log(`twilio-node validateRequest       : ${fmt(b.node)} validations/s`);
console.log(`twilio-webhook validate           : ${fmt(b.validate)} validations/s  (${ratio(b.validate, b.node)} twilio-node)`);
console.log(`twilio-webhook validate, new order: ${fmt(b.fresh)} validations/s  (${ratio(b.fresh, b.node)} twilio-node)`);
console.log(`twilio-webhook validate, no shared prefix: ${fmt(b.cold)} validations/s  (${ratio(b.cold, b.node)} twilio-node)`);
console.log(`twilio-webhook parse + validate   : ${fmt(b.body)} validations/s  (${ratio(b.body, b.node)} twilio-node)`);
console.log(`bare HMAC-SHA1 keyed per call     : ${fmt(b.hmac)} HMACs/s  (${ratio(b.hmac, b.node)} twilio-node; validate costs ${(b.hmac / b.validate).toFixed(2)}x it)`);
console.log(`bare HMAC-SHA1 pre-keyed          : ${fmt(b.pre)} HMACs/s  (${ratio(b.pre, b.node)} twilio-node; validate costs ${(b.pre / b.validate).toFixed(2)}x it)`);
'
