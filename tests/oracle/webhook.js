// Oracle for twilio-webhook's differential test (tests/webhook_differential.rs).
//
// Input (stdin, JSON): { cases: [case...] } where a case is
//   { tokens: [authToken...], signature, url, params: [[name, value]...] } (form / GET)
//   { tokens: [authToken...], signature, url, body: "<raw JSON text>" }   (JSON body)
//   optional legacy_urls: [url...] - URLs to rewrite as twilio-node's last fallback
//   does: `new URL(url).toString()` with its query passed through Node's legacy
//   `querystring.parse` + `querystring.stringify` (null when `new URL` throws)
// Output (stdout, JSON): { results: [{ valid, error, expected }], legacy: [url|null] }
//   valid    - whether twilio-node 6 accepts the request with ANY of the tokens
//              (twilio-node takes one token; rotation is "any of them")
//   error    - the message if twilio-node threw (e.g. `new URL` on a bad URL), else null
//   expected - getExpectedTwilioSignature(tokens[0], url, params) for form cases, so
//              the test can compare signatures byte for byte
const webhooks = require('twilio/lib/webhooks/webhooks');
const querystring = require('querystring');

function legacyUrl(url) {
  try {
    const normalized = new URL(url).toString();
    const q = normalized.indexOf('?');
    if (q === -1 || q === normalized.length - 1) return normalized;
    return normalized.slice(0, q) + '?' + querystring.stringify(querystring.parse(normalized.slice(q + 1)));
  } catch (e) {
    return null;
  }
}

// Repeated names become arrays, as Express's body parsers hand them to twilio-node.
function paramsObject(pairs) {
  const obj = Object.create(null);
  for (const [k, v] of pairs) {
    if (!(k in obj)) obj[k] = v;
    else if (Array.isArray(obj[k])) obj[k].push(v);
    else obj[k] = [obj[k], v];
  }
  return obj;
}

function runCase(c) {
  let valid = false;
  let error = null;
  let expected = null;
  try {
    if (typeof c.body === 'string') {
      valid = c.tokens.some((t) => webhooks.validateRequestWithBody(t, c.signature, c.url, c.body));
    } else {
      const params = paramsObject(c.params);
      expected = webhooks.getExpectedTwilioSignature(c.tokens[0], c.url, params);
      valid = c.tokens.some((t) => webhooks.validateRequest(t, c.signature, c.url, params));
    }
  } catch (e) {
    error = String(e && e.message ? e.message : e);
    valid = false;
  }
  return { valid, error, expected };
}

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { cases, legacy_urls: legacyUrls } = JSON.parse(input);
  process.stdout.write(JSON.stringify({
    results: (cases || []).map(runCase),
    legacy: (legacyUrls || []).map(legacyUrl),
  }));
});
