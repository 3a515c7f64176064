// Load-test baseline for scripts/load-flex.sh: the seed's answer webhook
// (seed-apps.md §3.2, `POST /twilio-webhook/callHandlerTwiml?workerContactUri=…`)
// re-created on Node's plain `http` module with Twilio's official helper library
// (twilio 6.2.0 from tests/oracle). Express is not installed here, so what Express did
// on this route is done by hand: `urlencoded({extended:false})` body parsing, the
// `application/xml; charset=utf-8` type `res.send` sets, its weak ETag (SHA-1 of the
// body) and `X-Powered-By`. Left out, in Node's favour: morgan's request line and the
// route's four `console.debug` lines per request, cookie-parser and express.static.
//
// The seed checks no signature. With `check` as the 4th argument the route first does
// what a careful Node app would: `twilio.validateRequest` over the public URL and the
// form (400 without the header, 403 when it does not match), like flex-backend does.
//
//   node node-baseline.js PORT AUTH_TOKEN WORKFLOW_SID [check]
'use strict';
const crypto = require('crypto');
const http = require('http');
const path = require('path');
const querystring = require('querystring');
const twilio = require(path.join(__dirname, '..', '..', '..', 'tests', 'oracle', 'node_modules', 'twilio'));

const [port, token, workflowSid, mode] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5]];
const check = mode === 'check';
const base = `http://127.0.0.1:${port}`;
const ANSWER = '/twilio-webhook/callHandlerTwiml';
const STATUS = '/twilio-webhook/callStatusCallbackHandler';

// What Express's res.send adds to a string body.
function send(res, status, type, body) {
  const buf = Buffer.from(body, 'utf8');
  const hash = crypto.createHash('sha1').update(buf).digest('base64').substring(0, 27);
  res.writeHead(status, {
    'X-Powered-By': 'Express',
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': buf.length,
    ETag: `W/"${buf.length.toString(16)}-${hash}"`,
  });
  res.end(buf);
}

// The seed's route: task attributes in this key order, JSON inside <Task>.
function answer(query, form) {
  const taskAttributes = {
    targetWorker: query.workerContactUri,
    autoAnswer: 'true',
    type: 'outbound',
    direction: 'outbound',
    name: form.To,
  };
  const twiml = new twilio.twiml.VoiceResponse();
  const enqueue = twiml.enqueue({ workflowSid: `${workflowSid}` });
  enqueue.task(JSON.stringify(taskAttributes));
  return twiml.toString();
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const q = req.url.indexOf('?');
    const pathname = q < 0 ? req.url : req.url.slice(0, q);
    if (req.method === 'OPTIONS' && (pathname === ANSWER || pathname === STATUS)) {
      return send(res, 200, 'text/html', '');
    }
    if (req.method !== 'POST' || pathname !== ANSWER) return send(res, 404, 'text/html', 'Not Found');
    const form = req.headers['content-type'] === 'application/x-www-form-urlencoded'
      ? querystring.parse(Buffer.concat(chunks).toString()) : {};
    if (check) {
      const sig = req.headers['x-twilio-signature'];
      if (!sig) return send(res, 400, 'text/plain', 'missing X-Twilio-Signature');
      if (!twilio.validateRequest(token, sig, base + req.url, form)) return send(res, 403, 'text/plain', 'invalid signature');
    }
    const query = querystring.parse(q < 0 ? '' : req.url.slice(q + 1));
    return send(res, 200, 'application/xml', answer(query, form));
  });
}).listen(port, '127.0.0.1');
