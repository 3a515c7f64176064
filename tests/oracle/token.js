// Oracle for twilio-token's differential test (tests/token_differential.rs).
//
// Input (stdin, JSON): { access: [case...], capability: [case...] }. For each case it
// builds the same token with twilio-node 6 and checks OUR token with the
// `jsonwebtoken` package twilio-node bundles. Output (stdout, JSON):
// { access: [{ jwt, pinned_jwt, verified, error }], capability: [{ jwt, pinned_jwt, verified, error }] }.
//   jwt        - twilio-node's token, signed at the real current time
//   pinned_jwt - the same, with Date.now() pinned to the case's `iat` (seconds), so
//                it can be compared byte for byte with ours signed at that time
//   verified   - whether jsonwebtoken.verify accepted our token (`ours`) with the
//                shared secret at clock `verify_at`
const AccessToken = require('twilio/lib/jwt/AccessToken');
const ClientCapability = require('twilio/lib/jwt/ClientCapability').default;
const { EventStreamScope, IncomingClientScope, OutgoingClientScope } =
  require('twilio/lib/jwt/ClientCapability');
const jwt = require('jsonwebtoken');

// Ordered [key, value] pairs -> a plain object (keys are never integer-like, so
// insertion order is kept).
const obj = (pairs) => (pairs ? Object.fromEntries(pairs) : undefined);

function grantOf(g) {
  switch (g.type) {
    case 'voice':
      return new AccessToken.VoiceGrant({
        incomingAllow: g.incomingAllow,
        outgoingApplicationSid: g.outgoingApplicationSid,
        outgoingApplicationParams: obj(g.outgoingApplicationParams),
        pushCredentialSid: g.pushCredentialSid,
        endpointId: g.endpointId,
      });
    case 'sync':
      return new AccessToken.SyncGrant({ serviceSid: g.serviceSid, endpointId: g.endpointId });
    case 'chat':
      return new AccessToken.ChatGrant({
        serviceSid: g.serviceSid,
        endpointId: g.endpointId,
        deploymentRoleSid: g.deploymentRoleSid,
        pushCredentialSid: g.pushCredentialSid,
      });
    case 'video':
      return new AccessToken.VideoGrant({ room: g.room });
    case 'task_router':
      return new AccessToken.TaskRouterGrant({
        workspaceSid: g.workspaceSid,
        workerSid: g.workerSid,
        role: g.role,
      });
    case 'playback':
      return new AccessToken.PlaybackGrant({ grant: obj(g.grant) });
    default:
      throw new Error('unknown grant type ' + g.type);
  }
}

function accessToken(c) {
  const token = new AccessToken(c.accountSid, c.keySid, c.secret, {
    identity: c.identity,
    ttl: c.ttl,
    nbf: c.nbf,
    region: c.region,
  });
  for (const g of c.grants) token.addGrant(grantOf(g));
  return token.toJwt(c.algorithm);
}

// Runs `f` with the clock pinned at `seconds`: Date.now() (AccessToken, jsonwebtoken)
// and `new Date()` (ClientCapability's exp) both read it, so a case never straddles a
// second boundary between two clock reads.
function pinned(seconds, f) {
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(seconds * 1000);
      else super(...args);
    }

    static now() {
      return seconds * 1000;
    }
  }
  global.Date = PinnedDate;
  try {
    return f();
  } finally {
    global.Date = RealDate;
  }
}

function verify(token, secret, algorithm, at) {
  try {
    jwt.verify(token, secret, { algorithms: [algorithm], clockTimestamp: at });
    return { verified: true, error: null };
  } catch (e) {
    return { verified: false, error: String(e && e.message) };
  }
}

// `incoming` is a list of client names (one IncomingClientScope each);
// `outgoing.clientName` is null (the first incoming name, the Rust default), a
// string (its own name) or false (none).
function outgoingName(c) {
  const mode = c.outgoing.clientName;
  if (mode === null) return c.incoming.length ? c.incoming[0] : undefined;
  return mode === false ? undefined : mode;
}

function capabilityToken(c) {
  const cap = new ClientCapability({ accountSid: c.accountSid, authToken: c.authToken, ttl: c.ttl });
  // Same order as the Rust crate (spec §4.1): event streams, outgoing, incoming.
  for (const filters of c.streams) cap.addScope(new EventStreamScope(obj(filters)));
  if (c.outgoing) {
    cap.addScope(new OutgoingClientScope({
      applicationSid: c.outgoing.appSid,
      clientName: outgoingName(c),
      params: c.outgoing.params.length ? obj(c.outgoing.params) : undefined,
    }));
  }
  for (const name of c.incoming) cap.addScope(new IncomingClientScope(name));
  return cap.toJwt();
}

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  const access = (req.access || []).map((c) => ({
    jwt: accessToken(c),
    pinned_jwt: pinned(c.iat, () => accessToken(c)),
    ...verify(c.ours, c.secret, c.algorithm, c.verify_at),
  }));
  const capability = (req.capability || []).map((c) => ({
    jwt: capabilityToken(c),
    pinned_jwt: pinned(c.verify_at, () => capabilityToken(c)),
    ...verify(c.ours, c.authToken, 'HS256', c.verify_at),
  }));
  process.stdout.write(JSON.stringify({ access, capability }));
});
