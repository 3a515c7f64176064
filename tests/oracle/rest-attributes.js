// Oracle for twilio-rest's response types: which payload fields twilio-node's resource
// instances read. Each instance class is constructed on a payload that records every
// property read, so the answer is the library's own attribute list.
//
// Input:  {"resources": [{"module": "proxy/v1/service/session", "class": "SessionInstance"}]}
// Output: {"proxy/v1/service/session#SessionInstance": ["account_sid", ...], ...}
'use strict';

function fieldsRead(Instance) {
  const read = new Set();
  const payload = new Proxy({}, {
    get(_target, key) {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  // Constructors take (version, payload, ...path params); the path params are unused here.
  new Instance({}, payload, 'X', 'X', 'X', 'X');
  return [...read].sort();
}

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  const { resources } = JSON.parse(input);
  const out = {};
  for (const r of resources) {
    const mod = require(`twilio/lib/rest/${r.module}`);
    if (!mod[r.class]) throw new Error(`${r.module} has no ${r.class}`);
    out[`${r.module}#${r.class}`] = fieldsRead(mod[r.class]);
  }
  process.stdout.write(JSON.stringify(out));
});
