#!/usr/bin/env bash
# Webhook validation speed: twilio-webhook against a bare pre-keyed HMAC-SHA1 over the
# same signed bytes, for one endpoint and for 4,096 distinct URLs, and against
# twilio-node 6 (same one-endpoint requests) for information. Prints validations/s
# and the ratios.
#
# The ratios come from crates/webhook/benches/paired.rs, which times the two sides
# interleaved (batches of 128 requests, SAMPLES samples per workload, default 2000) so
# that a shared machine's load falls on both alike; each ratio is the median of the
# per-sample ratios. ROUNDS rounds (default 5), each running the paired bench and
# twilio-node (2 s), in the opposite order on even rounds; every round is printed with
# its load average, and the summary gives each ratio's range and median over the
# rounds. Not part of CI; about 10 s per round.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${ROUNDS:-5}"

echo "== building the paired bench" >&2
bench_bin="$(cargo bench -p twilio-webhook --bench paired --no-run --message-format=json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{
    for (const line of s.split("\n")) { if (!line) continue; const m = JSON.parse(line);
      if (m.reason === "compiler-artifact" && m.target.name === "paired" && m.executable) console.log(m.executable); } })' | tail -1)"
[ -x "$bench_bin" ] || { echo "bench binary not found" >&2; exit 1; }

results="$(mktemp)"
node_out="$(mktemp)"
ours_out="$(mktemp)"
trap 'rm -f "$results" "$node_out" "$ours_out"' EXIT
run_node() { (cd tests/oracle && node bench-webhook.js 2) >"$node_out"; }
run_ours() { "$bench_bin" --bench >"$ours_out"; }
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  if ((round % 2)); then
    run_node
    run_ours
  else
    run_ours
    run_node
  fi
  ROUND="$round" LOAD="$load" NODE_JSON="$(cat "$node_out")" OURS="$(cat "$ours_out")" node -e '
const ours = Object.fromEntries(process.env.OURS.trim().split("\n").map(JSON.parse).map((w) => [w.workload, w]));
console.log(JSON.stringify({
  round: Number(process.env.ROUND), load: process.env.LOAD,
  node: JSON.parse(process.env.NODE_JSON).validations_per_sec,
  one: ours.one_endpoint, many: ours.many_urls,
}));' >>"$results"
done

RESULTS="$results" node -e '
const fs = require("fs");
const rows = fs.readFileSync(process.env.RESULTS, "utf8").trim().split("\n").map(JSON.parse);
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const x = (v) => v.toFixed(2) + "x";
const side = (w) => `${fmt(w.validate_per_sec)} | ${fmt(w.hmac_per_sec)} | ${x(w.ratio_median)} (${w.ratio_q1.toFixed(2)}-${w.ratio_q3.toFixed(2)})`;
for (const r of rows) {
  r.cost_one = r.one.ratio_median; r.cost_many = r.many.ratio_median; r.vs_node = r.one.validate_per_sec / r.node;
}
console.log("| round | load (1/5/15 min) | validate, one endpoint /s | pre-keyed HMAC /s | validate costs (quartiles) | validate, 4,096 URLs /s | pre-keyed HMAC /s | validate costs (quartiles) | twilio-node /s | validate vs twilio-node |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.round} | ${r.load.split(" ").join(" / ")} | ${side(r.one)} | ${side(r.many)} | ${fmt(r.node)} | ${r.vs_node.toFixed(1)}x |`);
}
const range = (k, d = 2) => {
  const v = rows.map((r) => r[k]).sort((a, b) => a - b);
  const med = v[Math.floor((v.length - 1) / 2)];
  return `${v[0].toFixed(d)}x-${v[v.length - 1].toFixed(d)}x (median ${med.toFixed(d)}x)`;
};
console.log("");
console.log(`over ${rows.length} rounds:`);
console.log(`validate vs pre-keyed HMAC-SHA1, one endpoint : ${range("cost_one")} the HMAC time`);
console.log(`validate vs pre-keyed HMAC-SHA1, 4,096 URLs   : ${range("cost_many")} the HMAC time`);
console.log(`validate (one endpoint) vs twilio-node        : ${range("vs_node", 1)} the validations/s`);
'
