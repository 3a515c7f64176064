// Baseline for crates/webhook/benches/validate.rs: twilio-node 6 validates the same
// call status callback (15 parameters, same URL, token and signature) in a loop.
// Usage: node bench-webhook.js [seconds=3] -> prints {"validations_per_sec": N, "iterations": N}
const webhooks = require('twilio/lib/webhooks/webhooks');

const TOKEN = '0123456789abcdef0123456789abcdef';
const URL_ = 'https://presence.example.com/api/phone/status-callback';
// Keep in sync with crates/webhook/benches/validate.rs.
const PARAMS = {
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  ApiVersion: '2010-04-01',
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  CallStatus: 'completed',
  Called: 'client:alice',
  Caller: '+14155550100',
  Direction: 'outbound-dial',
  From: '+14155550100',
  To: 'client:alice',
  ParentCallSid: 'CAfedcba9876543210fedcba9876543210',
  CallDuration: '42',
  Duration: '1',
  Timestamp: 'Mon, 23 Nov 2026 14:00:00 +0000',
  CallbackSource: 'call-progress-events',
  SequenceNumber: '3',
};
const SIGNATURE = webhooks.getExpectedTwilioSignature(TOKEN, URL_, PARAMS);

// Runs for `seconds`, checking the clock every 1000 validations; returns [count, ns].
function run(seconds) {
  let count = 0;
  let ok = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 1000; i++) ok += webhooks.validateRequest(TOKEN, SIGNATURE, URL_, PARAMS) ? 1 : 0;
    count += 1000;
    now = process.hrtime.bigint();
  }
  if (ok !== count) throw new Error('twilio-node rejected the benchmark request');
  return [count, Number(now - start)];
}

const seconds = Number(process.argv[2] || 3);
run(1); // warm-up (JIT)
const [count, ns] = run(seconds);
process.stdout.write(JSON.stringify({ validations_per_sec: (count * 1e9) / ns, iterations: count }) + '\n');
