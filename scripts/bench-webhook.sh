#!/usr/bin/env bash
# Webhook validation speed: twilio-webhook (criterion) against a bare pre-keyed
# HMAC-SHA1 over the same signed bytes, for one endpoint and for 4,096 distinct URLs,
# and against twilio-node 6 (same one-endpoint requests) for information. Prints
# validations/s and the ratios.
#
# The machine is often shared with builds, so the sides take turns: ROUNDS rounds
# (default 3), each running every criterion bench (2 s each) and twilio-node (2 s)
# one after the other, in the opposite order on even rounds. Every round is printed
# with its load average; the summary gives each ratio's range over the rounds. Not
# part of CI; about half a minute per round.
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

benches=(validate_one_endpoint hmac_one_endpoint validate_many_urls hmac_many_urls parse_and_validate_one_endpoint)
results="$(mktemp)"
node_out="$(mktemp)"
trap 'rm -f "$results" "$node_out"' EXIT
run_node() { (cd tests/oracle && node bench-webhook.js 2) >"$node_out"; }
run_ours() {
  local name
  for name in "$@"; do
    "$bench_bin" --bench --warm-up-time 1 --measurement-time 2 "^webhook/${name}\$" >/dev/null 2>&1
  done
}
for round in $(seq 1 "$rounds"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  if ((round % 2)); then
    run_node
    run_ours "${benches[@]}"
  else
    reversed=()
    for ((i = ${#benches[@]} - 1; i >= 0; i--)); do reversed+=("${benches[i]}"); done
    run_ours "${reversed[@]}"
    run_node
  fi
  ROUND="$round" LOAD="$load" NODE_JSON="$(cat "$node_out")" TARGET="$target" node -e '
const fs = require("fs");
const perSec = (name) => {
  const est = JSON.parse(fs.readFileSync(`${process.env.TARGET}/criterion/webhook/${name}/new/estimates.json`));
  return 1e9 / est.median.point_estimate;
};
console.log(JSON.stringify({
  round: Number(process.env.ROUND), load: process.env.LOAD,
  node: JSON.parse(process.env.NODE_JSON).validations_per_sec,
  one: perSec("validate_one_endpoint"), hmac_one: perSec("hmac_one_endpoint"),
  many: perSec("validate_many_urls"), hmac_many: perSec("hmac_many_urls"),
  body: perSec("parse_and_validate_one_endpoint"),
}));' >>"$results"
done

RESULTS="$results" node -e '
const fs = require("fs");
const rows = fs.readFileSync(process.env.RESULTS, "utf8").trim().split("\n").map(JSON.parse);
const fmt = (x) => Math.round(x).toLocaleString("en-US");
const x = (v) => v.toFixed(2) + "x";
for (const r of rows) {
  r.cost_one = r.hmac_one / r.one; r.cost_many = r.hmac_many / r.many; r.vs_node = r.one / r.node;
}
console.log("| round | load (1/5/15 min) | validate, one endpoint /s | pre-keyed HMAC /s | validate costs | validate, 4,096 URLs /s | pre-keyed HMAC /s | validate costs | parse + validate /s | twilio-node /s | validate vs twilio-node |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.round} | ${r.load.split(" ").join(" / ")} | ${fmt(r.one)} | ${fmt(r.hmac_one)} | ${x(r.cost_one)} | ${fmt(r.many)} | ${fmt(r.hmac_many)} | ${x(r.cost_many)} | ${fmt(r.body)} | ${fmt(r.node)} | ${r.vs_node.toFixed(1)}x |`);
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
