// Oracle for twilio-rest's Proxy and TaskRouter parameters: runs twilio-node's own
// resource methods with a capturing HTTP client and reports what it would send.
//
// Input:  {"cases": [{"op": "<name below>", "params": {...twilio-node params...}}]}
// Output: [{"method", "path", "form": [[key, value], ...], "query": [[key, value], ...],
//           "if_match": string|null}]  (form and query decoded from the encoding that
//           twilio-node's RequestClient uses: qs with arrayFormat "repeat")
'use strict';
const qs = require('qs');
const twilio = require('twilio');

const A = (p) => p + 'a'.repeat(32);
const KS = A('KS'), KC = A('KC'), KP = A('KP'), PN = A('PN');
const WS = A('WS'), WQ = A('WQ'), WK = A('WK'), WT = A('WT'), WR = A('WR'), WW = A('WW');

// Each op: how to reach the resource, and the list key when it is a page request.
const OPS = {
  'proxy.services.create': (c, p) => c.proxy.v1.services.create(p),
  'proxy.service.update': (c, p) => c.proxy.v1.services(KS).update(p),
  'proxy.sessions.create': (c, p) => c.proxy.v1.services(KS).sessions.create(p),
  'proxy.session.update': (c, p) => c.proxy.v1.services(KS).sessions(KC).update(p),
  'proxy.participants.create': (c, p) => c.proxy.v1.services(KS).sessions(KC).participants.create(p),
  'proxy.phoneNumbers.create': (c, p) => c.proxy.v1.services(KS).phoneNumbers.create(p),
  'proxy.phoneNumber.update': (c, p) => c.proxy.v1.services(KS).phoneNumbers(PN).update(p),
  'proxy.messageInteractions.create': (c, p) =>
    c.proxy.v1.services(KS).sessions(KC).participants(KP).messageInteractions.create(p),
  'taskrouter.workspaces.create': (c, p) => c.taskrouter.v1.workspaces.create(p),
  'taskrouter.workspace.update': (c, p) => c.taskrouter.v1.workspaces(WS).update(p),
  'taskrouter.workflows.create': (c, p) => c.taskrouter.v1.workspaces(WS).workflows.create(p),
  'taskrouter.taskQueues.create': (c, p) => c.taskrouter.v1.workspaces(WS).taskQueues.create(p),
  'taskrouter.taskQueue.cumulativeStatistics': (c, p) =>
    c.taskrouter.v1.workspaces(WS).taskQueues(WQ).cumulativeStatistics().fetch(p),
  'taskrouter.taskQueue.statistics': (c, p) =>
    c.taskrouter.v1.workspaces(WS).taskQueues(WQ).statistics().fetch(p),
  'taskrouter.taskQueues.statistics': (c, p) =>
    c.taskrouter.v1.workspaces(WS).taskQueues.statistics.page(p),
  'taskrouter.workers.create': (c, p) => c.taskrouter.v1.workspaces(WS).workers.create(p),
  'taskrouter.worker.update': (c, p) => c.taskrouter.v1.workspaces(WS).workers(WK).update(p),
  'taskrouter.workers.statistics': (c, p) =>
    c.taskrouter.v1.workspaces(WS).workers.statistics().fetch(p),
  'taskrouter.taskChannels.create': (c, p) => c.taskrouter.v1.workspaces(WS).taskChannels.create(p),
  'taskrouter.events.page': (c, p) => c.taskrouter.v1.workspaces(WS).events.page(p),
  'taskrouter.tasks.create': (c, p) => c.taskrouter.v1.workspaces(WS).tasks.create(p),
  'taskrouter.tasks.page': (c, p) => c.taskrouter.v1.workspaces(WS).tasks.page(p),
  'taskrouter.task.update': (c, p) => c.taskrouter.v1.workspaces(WS).tasks(WT).update(p),
  'taskrouter.taskReservation.update': (c, p) =>
    c.taskrouter.v1.workspaces(WS).tasks(WT).reservations(WR).update(p),
  'taskrouter.workerReservation.update': (c, p) =>
    c.taskrouter.v1.workspaces(WS).workers(WK).reservations(WR).update(p),
};

function pairs(encoded) {
  return [...new URLSearchParams(encoded || '').entries()];
}

async function run(op, params) {
  let captured = null;
  const httpClient = {
    request(opts) {
      captured = opts;
      // An empty page satisfies both instance and page constructors.
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
    // Decoding our canned answer may fail for some resources; the request is captured.
  }
  if (!captured) throw new Error(`${op}: twilio-node sent nothing`);
  const url = new URL(captured.uri);
  const query = pairs(qs.stringify(captured.params || {}, { arrayFormat: 'repeat' }));
  return {
    method: captured.method.toUpperCase(),
    path: url.pathname,
    form: pairs(qs.stringify(captured.data || {}, { arrayFormat: 'repeat' })),
    query: query.concat(pairs(url.search)),
    if_match: (captured.headers || {})['If-Match'] || null,
  };
}

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', async () => {
  const { cases } = JSON.parse(input);
  const out = [];
  for (const c of cases) out.push(await run(c.op, c.params));
  process.stdout.write(JSON.stringify(out));
});
