// Baseline for crates/webhook/benches/validate.rs: twilio-node 6 validates the same
// call status callbacks (64 distinct ones to one endpoint, 15 parameters each, same
// URL and token) in turn.
// Usage: node bench-webhook.js [seconds=3] -> prints {"validations_per_sec": N, "iterations": N}
const webhooks = require('twilio/lib/webhooks/webhooks');

const TOKEN = '0123456789abcdef0123456789abcdef';
const URL_ = 'https://presence.example.com/api/phone/status-callback';
const REQUESTS = 64;
const pad2 = (n) => String(n).padStart(2, '0');

// Callback `i`. Keep in sync with `request` in crates/webhook/benches/validate.rs.
function request(i) {
  return {
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    ApiVersion: '2010-04-01',
    CallSid: `CA${i.toString(16).padStart(2, '0')}0123456789abcdef0123456789abcd`,
    CallStatus: 'completed',
    Called: 'client:alice',
    Caller: '+14155550100',
    Direction: 'outbound-dial',
    From: '+14155550100',
    To: 'client:alice',
    ParentCallSid: 'CAfedcba9876543210fedcba9876543210',
    CallDuration: String(40 + i),
    Duration: '1',
    Timestamp: `Mon, 23 Nov 2026 14:00:${pad2(i % 60)} +0000`,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(i % 4),
  };
}
const PARAMS = Array.from({ length: REQUESTS }, (_, i) => request(i));
const SIGNATURES = PARAMS.map((p) => webhooks.getExpectedTwilioSignature(TOKEN, URL_, p));

// Runs for `seconds`, checking the clock every 1024 validations; returns [count, ns].
function run(seconds) {
  let count = 0;
  let ok = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 1024; i++) {
      const r = i % REQUESTS;
      ok += webhooks.validateRequest(TOKEN, SIGNATURES[r], URL_, PARAMS[r]) ? 1 : 0;
    }
    count += 1024;
    now = process.hrtime.bigint();
  }
  if (ok !== count) throw new Error('twilio-node rejected a benchmark request');
  return [count, Number(now - start)];
}

const seconds = Number(process.argv[2] || 3);
run(1); // warm-up (JIT)
const [count, ns] = run(seconds);
process.stdout.write(JSON.stringify({ validations_per_sec: (count * 1e9) / ns, iterations: count }) + '\n');
