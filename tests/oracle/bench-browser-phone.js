// Baseline for bins/browser-phone/benches/connect.rs: the browser-call webhook's work in
// twilio-node 6 — parse the form body (as koa-bodyparser does, with querystring), check
// the signature, validate the number (E.164 + allowed prefix), render the <Dial> TwiML.
// Usage: node bench-browser-phone.js [seconds=3] -> {"webhooks_per_sec": N, "iterations": N}
const querystring = require('querystring');
const webhooks = require('twilio/lib/webhooks/webhooks');
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

const TOKEN = '0123456789abcdef0123456789abcdef';
const URL_ = 'https://phone.example.com/hooks/call/connect';
const CALLER_ID = '+15005550006';
const PREFIXES = ['+1', '+44'];
const E164 = /^\+[1-9][0-9]{0,14}$/;
// Keep in sync with bins/browser-phone/benches/connect.rs.
const PARAMS = {
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  ApiVersion: '2010-04-01',
  ApplicationSid: 'AP0123456789abcdef0123456789abcdef',
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  CallStatus: 'ringing',
  Called: '',
  Caller: 'client:alice',
  Direction: 'inbound',
  From: 'client:alice',
  To: '',
  phoneNumber: '+12035550123',
};
const BODY = querystring.stringify(PARAMS);
const SIGNATURE = webhooks.getExpectedTwilioSignature(TOKEN, URL_, PARAMS);

function handle(body, signature) {
  const params = querystring.parse(body);
  if (!webhooks.validateRequest(TOKEN, signature, URL_, params)) throw new Error('invalid signature');
  const number = String(params.phoneNumber || '').trim();
  if (!E164.test(number)) throw new Error('invalid number');
  if (!PREFIXES.some((p) => number.startsWith(p))) throw new Error('not allowed');
  const twiml = new VoiceResponse();
  twiml.dial({ callerId: CALLER_ID }).number(number);
  return twiml.toString();
}

// Runs for `seconds`, checking the clock every 1000 requests; returns [count, ns].
function run(seconds) {
  let count = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 1000; i++) bytes += handle(BODY, SIGNATURE).length;
    count += 1000;
    now = process.hrtime.bigint();
  }
  if (bytes === 0) throw new Error('no output');
  return [count, Number(now - start)];
}

const seconds = Number(process.argv[2] || 3);
run(1); // warm-up (JIT)
const [count, ns] = run(seconds);
process.stdout.write(JSON.stringify({ webhooks_per_sec: (count * 1e9) / ns, iterations: count }) + '\n');
