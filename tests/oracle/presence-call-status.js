// Prints the call status values twilio-node declares, read from its type definitions:
// the REST CallStatus union, the statuses a call can be updated to (which end it), and
// the <Dial><Client> statusCallbackEvent values. Input: {} (ignored).
const fs = require('fs');
const path = require('path');

const lib = path.join(__dirname, 'node_modules', 'twilio', 'lib');

function union(file, name) {
  const text = fs.readFileSync(path.join(lib, file), 'utf8');
  const m = text.match(new RegExp(`type ${name} = ([^;]+);`));
  if (!m) throw new Error(`type ${name} not found in ${file}`);
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}

let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  JSON.parse(input || '{}');
  const call = 'rest/api/v2010/account/call.d.ts';
  process.stdout.write(JSON.stringify({
    call_status: union(call, 'CallStatus'),
    update_status: union(call, 'CallUpdateStatus'),
    client_event: union('twiml/VoiceResponse.d.ts', 'ClientEvent'),
  }));
});
