// Baseline for crates/rest/benches/page.rs: twilio-node 6 turns the same 50-call
// 2010-04-01 list page (crates/rest/benches/calls-page.json) into CallInstances, the
// way its CallPage does for every page it fetches (JSON.parse + one instance per call).
// Usage: node bench-rest.js [seconds=3] -> prints {"pages_per_sec": N, "calls_per_sec": N}
'use strict';
const fs = require('fs');
const path = require('path');
const { CallPage } = require('twilio/lib/rest/api/v2010/account/call');

const body = fs.readFileSync(path.join(__dirname, '../../crates/rest/benches/calls-page.json'), 'utf8');
const version = { _domain: { absoluteUrl: (u) => 'https://api.twilio.com' + u } };
const solution = { accountSid: 'AC' + 'a'.repeat(32) };

function decode() {
  const page = new CallPage(version, { statusCode: 200, body }, solution);
  return page.instances.length + (page.nextPageUrl ? 1 : 0);
}

function run(seconds) {
  let count = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 100; i++) sink += decode();
    count += 100;
    now = process.hrtime.bigint();
  }
  if (sink !== count * 51) throw new Error(`unexpected page decode: ${sink / count}`);
  return [count, Number(now - start)];
}

const seconds = Number(process.argv[2] || 3);
run(1); // warm-up (JIT)
const [count, ns] = run(seconds);
const pages = (count * 1e9) / ns;
process.stdout.write(JSON.stringify({ pages_per_sec: pages, calls_per_sec: pages * 50 }) + '\n');
