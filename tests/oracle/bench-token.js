// Baseline for crates/token/benches/sign.rs: twilio-node 6 builds and signs the
// same Voice + Sync Access Token (the presence phone's token) in a loop.
// Usage: node bench-token.js [seconds=3] -> prints {"tokens_per_sec": N, "iterations": N}
const AccessToken = require('twilio/lib/jwt/AccessToken');

const config = {
  account: 'AC0123456789abcdef0123456789abcdef',
  key: 'SK0123456789abcdef0123456789abcdef',
  secret: '0123456789abcdef0123456789abcdef',
  syncService: 'IS0123456789abcdef0123456789abcdef',
  app: 'AP0123456789abcdef0123456789abcdef',
};

function presenceToken(identity) {
  const token = new AccessToken(config.account, config.key, config.secret, { identity });
  token.addGrant(new AccessToken.SyncGrant({
    serviceSid: config.syncService,
    endpointId: `TwilioSyncDemo::${identity}:0b6c4f3e-5d1a-4e8b`,
  }));
  token.addGrant(new AccessToken.VoiceGrant({
    incomingAllow: true,
    outgoingApplicationSid: config.app,
  }));
  return token.toJwt();
}

// Runs for `seconds`, checking the clock every 1000 tokens; returns [count, ns].
function run(seconds) {
  let count = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < limit) {
    for (let i = 0; i < 1000; i++) sink += presenceToken('alice').length;
    count += 1000;
    now = process.hrtime.bigint();
  }
  if (sink === 0) throw new Error('no tokens');
  return [count, Number(now - start)];
}

const seconds = Number(process.argv[2] || 3);
run(1); // warm-up (JIT)
const [count, ns] = run(seconds);
process.stdout.write(JSON.stringify({ tokens_per_sec: (count * 1e9) / ns, iterations: count }) + '\n');
