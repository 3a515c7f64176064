// twilio-node side of scripts/bench-twiml.sh: builds the same two documents as
// crates/twiml/benches/docs.rs with twilio-node's VoiceResponse.
//   node bench-twiml.js            read anything on stdin, print {incoming, fifty} XML as JSON
//   node bench-twiml.js bench SECS print documents/s for render and build+render
"use strict";
const { VoiceResponse } = require("twilio").twiml;

function incomingCall() {
  const r = new VoiceResponse();
  // Attribute order = the Rust crate's declaration order (see crates/twiml docs).
  r.say({ language: "en-US", voice: "Polly.Joanna-Neural" },
    "Thanks for calling Example & Co. Connecting you to an agent.");
  const dial = r.dial({
    action: "https://example.com/voice/dial-status",
    answerOnBridge: true,
    callerId: "+15551230000",
    timeout: 20,
  });
  for (const name of ["alice", "bob"]) {
    const client = dial.client({
      statusCallback: "https://example.com/voice/client-events",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      statusCallbackMethod: "POST",
    });
    client.identity(name);
    client.parameter({ name: "ticket", value: "T-1234" });
  }
  return r;
}

function fiftyVerbs() {
  const r = new VoiceResponse();
  for (let i = 0; i < 50; i++) {
    switch (i % 5) {
      case 0: r.say({ voice: "alice" }, `Message number ${i}: <please> listen & wait.`); break;
      case 1: r.play({ loop: 2 }, `https://example.com/audio/${i}.mp3`); break;
      case 2: r.pause({ length: 1 }); break;
      case 3: r.gather({
        action: `https://example.com/menu/${i}`,
        input: ["dtmf", "speech"],
        numDigits: 1,
      }).say("Press 1 for sales, 2 for support."); break;
      default: r.record({ maxLength: 30, playBeep: true, transcribe: false });
    }
  }
  return r;
}

// V8 concatenates strings lazily (ropes): without reading the result, toString()
// would be timed without most of its work. Encoding to UTF-8, as an HTTP response
// does, reads every character; the Rust side returns a contiguous String.
let sink = 0;
const consume = (xml) => { sink += Buffer.byteLength(xml, "utf8"); };

function rate(fn, seconds) {
  for (let i = 0; i < 2000; i++) fn(); // warm-up for the JIT
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

if (process.argv[2] === "bench") {
  const secs = Number(process.argv[3] || 3);
  const incoming = incomingCall();
  const fifty = fiftyVerbs();
  const out = {
    "incoming_call_render": rate(() => consume(incoming.toString()), secs),
    "fifty_verbs_render": rate(() => consume(fifty.toString()), secs),
    "incoming_call_build_render": rate(() => consume(incomingCall().toString()), secs),
    "fifty_verbs_build_render": rate(() => consume(fiftyVerbs().toString()), secs),
  };
  if (sink === 0) throw new Error("nothing rendered");
  process.stdout.write(JSON.stringify(out) + "\n");
} else {
  process.stdin.resume();
  process.stdin.on("data", () => {});
  process.stdin.on("end", () => {
    process.stdout.write(JSON.stringify({
      incoming: incomingCall().toString(),
      fifty: fiftyVerbs().toString(),
    }));
  });
}
