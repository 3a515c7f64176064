// Load-test baseline: the seed's two hot routes in Node, done the way a careful Node
// app would with Twilio's official helper library (twilio 6.2.0 from tests/oracle):
// validateRequest for the signature, twiml.VoiceResponse for the decision, presence
// in an in-memory Map (better than the seed's JSON file read per request).
// Single process, like the seed's Express app. Usage: node node-baseline.js PORT TOKEN
'use strict';
const http = require('http');
const path = require('path');
const querystring = require('querystring');
const twilio = require(path.join(__dirname, '..', '..', '..', 'tests', 'oracle', 'node_modules', 'twilio'));

const port = Number(process.argv[2]);
const token = process.argv[3];
const base = `http://127.0.0.1:${port}`;
const users = new Map(); // identity -> { endpoints: Set, state }

function decision(name) {
  const u = users.get(name);
  const vr = new twilio.twiml.VoiceResponse();
  if (!u) vr.say('Sorry, this user is unknown');
  else if (u.state === 'available') {
    vr.dial().client({
      statusCallback: `${base}/api/phone/status-callback?identity=${name}`,
      statusCallbackEvent: 'initiated ringing answered completed',
    }, name);
  } else if (u.state === 'busy') vr.say('The user is busy right now');
  else vr.say('The user is offline right now');
  return vr.toString();
}

function reach(params) {
  const u = users.get(params.Identity) || { endpoints: new Set(), state: 'unavailable' };
  if (params.EventType === 'endpoint_connected') u.endpoints.add(params.EndpointId);
  else if (params.EventType === 'endpoint_disconnected') u.endpoints.delete(params.EndpointId);
  u.state = u.endpoints.size > 0 ? 'available' : 'unavailable';
  users.set(params.Identity, u);
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = base + req.url;
    const params = req.method === 'POST' ? querystring.parse(Buffer.concat(chunks).toString()) : {};
    const sig = req.headers['x-twilio-signature'];
    if (!sig) { res.writeHead(400); return res.end(); }
    if (!twilio.validateRequest(token, sig, url, params)) { res.writeHead(403); return res.end(); }
    const u = new URL(url);
    if (u.pathname === '/api/phone/incoming') {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      return res.end(decision(u.searchParams.get('name')));
    }
    if (u.pathname === '/api/sync-callback') {
      reach(params);
      res.writeHead(200);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
}).listen(port, '127.0.0.1');
