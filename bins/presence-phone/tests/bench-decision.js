// twilio-node 6.2.0 doing the incoming-call decision's work: validateRequest on the
// GET URL, an in-memory status lookup, VoiceResponse <Dial><Client> rendering.
// Prints {"ops_per_sec": N}. Usage: node bench-decision.js [seconds=3]
'use strict';
const path = require('path');
const twilio = require(path.join(__dirname, '..', '..', '..', 'tests', 'oracle', 'node_modules', 'twilio'));

const token = 'bench-auth-token';
const url = 'https://phone.example.com/api/phone/incoming?name=alice';
const callback = 'https://phone.example.com/api/phone/status-callback?identity=alice';
const sig = twilio.getExpectedTwilioSignature(token, url, {});
const users = new Map([['alice', 'available']]);

function once() {
  if (!twilio.validateRequest(token, sig, url, {})) throw new Error('signature');
  const vr = new twilio.twiml.VoiceResponse();
  if (users.get('alice') === 'available') {
    vr.dial().client({ statusCallback: callback, statusCallbackEvent: 'initiated ringing answered completed' }, 'alice');
  }
  return vr.toString();
}

const secs = Number(process.argv[2] || 3);
for (let i = 0; i < 20000; i++) once(); // warm-up
let n = 0;
const start = process.hrtime.bigint();
const end = start + BigInt(Math.round(secs * 1e9));
let now = start;
while (now < end) {
  for (let i = 0; i < 1000; i++) once();
  n += 1000;
  now = process.hrtime.bigint();
}
console.log(JSON.stringify({ ops_per_sec: n / (Number(now - start) / 1e9) }));
