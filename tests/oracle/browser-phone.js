// Oracle for bins/browser-phone/tests/oracle.rs: twilio-node 6 signs each webhook the
// way Twilio does (getExpectedTwilioSignature over the public URL and the params) and
// renders the TwiML the fixed seed app should answer with (VoiceResponse).
//
// stdin:  {authToken, baseUrl, cases: [{path, params: {..}, answer}]}
//   answer: {dialNumber: "+1...", callerId: "+1..."} | {dialClient: "alice"}
// stdout: [{signature, xml}]
'use strict';
const fs = require('fs');
const twilio = require('twilio');
const { VoiceResponse } = twilio.twiml;

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = input.cases.map((c) => {
  const signature = twilio.getExpectedTwilioSignature(input.authToken, input.baseUrl + c.path, c.params);
  const twiml = new VoiceResponse();
  if (c.answer.dialNumber !== undefined) {
    twiml.dial({ callerId: c.answer.callerId }).number(c.answer.dialNumber);
  } else {
    twiml.dial().client(c.answer.dialClient);
  }
  return { signature, xml: twiml.toString() };
});
process.stdout.write(JSON.stringify(out));
