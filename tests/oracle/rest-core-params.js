// Oracle for twilio-rest's core 2010-04-01 and Sync parameters, and for host rewriting:
// runs twilio-node's own resource methods with a capturing HTTP client and reports
// what it would send.
//
// Input:  {"cases": [{"op": "<name below>", "params": {...twilio-node params...}}],
//          "hosts": [[hostname, edge|null, region|null], ...]}
// Output: {"requests": [{"method", "path", "form": [[k, v]...], "query": [[k, v]...],
//           "if_match"}], "hosts": [rewritten hostname, ...]}
'use strict';
const qs = require('qs');
const twilio = require('twilio');

const A = (p) => p + 'a'.repeat(32);
const CA = A('CA'), RE = A('RE'), SM = A('SM'), CF = A('CF'), IS = A('IS'), MP = A('MP'), ES = A('ES'), ET = A('ET');

const OPS = {
  'calls.create': (c, p) => c.calls.create(p),
  'calls.page': (c, p) => c.calls.page(p),
  'call.update': (c, p) => c.calls(CA).update(p),
  'call.streams.create': (c, p) => c.calls(CA).streams.create(p),
  'call.recordings.create': (c, p) => c.calls(CA).recordings.create(p),
  'call.recording.update': (c, p) => c.calls(CA).recordings(RE).update(p),
  'recordings.page': (c, p) => c.recordings.page(p),
  'messages.create': (c, p) => c.messages.create(p),
  'messages.page': (c, p) => c.messages.page(p),
  'message.update': (c, p) => c.messages(SM).update(p),
  'conferences.page': (c, p) => c.conferences.page(p),
  'conference.update': (c, p) => c.conferences(CF).update(p),
  'participants.create': (c, p) => c.conferences(CF).participants.create(p),
  'participant.update': (c, p) => c.conferences(CF).participants(CA).update(p),
  'sync.services.create': (c, p) => c.sync.v1.services.create(p),
  'sync.service.update': (c, p) => c.sync.v1.services(IS).update(p),
  'sync.documents.create': (c, p) => c.sync.v1.services(IS).documents.create(p),
  'sync.document.update': (c, p) => c.sync.v1.services(IS).documents(ET).update(p),
  'sync.mapItems.create': (c, p) => c.sync.v1.services(IS).syncMaps(MP).syncMapItems.create(p),
  'sync.mapItem.update': (c, p) => c.sync.v1.services(IS).syncMaps(MP).syncMapItems('k').update(p),
  'sync.mapItems.page': (c, p) => c.sync.v1.services(IS).syncMaps(MP).syncMapItems.page(p),
  'sync.listItems.create': (c, p) => c.sync.v1.services(IS).syncLists(ES).syncListItems.create(p),
  'sync.listItem.update': (c, p) => c.sync.v1.services(IS).syncLists(ES).syncListItems(0).update(p),
};

function pairs(encoded) {
  return [...new URLSearchParams(encoded || '').entries()];
}

async function run(op, params) {
  let captured = null;
  const httpClient = {
    request(opts) {
      captured = opts;
      const body = { meta: { key: 'items', next_page_url: null }, items: [] };
      return Promise.resolve({ statusCode: 200, body: JSON.stringify(body), headers: {} });
    },
  };
  const client = twilio(A('AC'), 'token', { httpClient });
  const call = OPS[op];
  if (!call) throw new Error(`unknown op ${op}`);
  try {
    await call(client, params);
  } catch (_) {
    // Decoding the canned answer may fail; the request is already captured.
  }
  if (!captured) throw new Error(`${op}: twilio-node sent nothing`);
  const url = new URL(captured.uri);
  return {
    method: captured.method.toUpperCase(),
    path: url.pathname,
    form: pairs(qs.stringify(captured.data || {}, { arrayFormat: 'repeat' })),
    query: pairs(qs.stringify(captured.params || {}, { arrayFormat: 'repeat' })).concat(pairs(url.search)),
    if_match: (captured.headers || {})['If-Match'] || null,
  };
}

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const { cases, hosts } = JSON.parse(input);
  const requests = [];
  for (const c of cases || []) requests.push(await run(c.op, c.params));
  const client = twilio(A('AC'), 'token');
  const rewritten = (hosts || []).map(([h, e, r]) => client.getHostname(h, e || undefined, r || undefined));
  process.stdout.write(JSON.stringify({ requests, hosts: rewritten }));
});
