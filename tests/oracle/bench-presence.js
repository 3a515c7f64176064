// Baseline for the presence bench: seed 000's algorithm (spec §1.3/§1.4) in Node, on
// the same data as crates/presence/benches/presence.rs (100 users, two endpoints each).
// twilio-node has no presence logic, so this measures what the seed did with it:
//   decision_file : read + parse user-database.json, read users[name].state (per request)
//   decision_memory: the same lookup in an in-memory object (the fastest Node could do)
//   update_file   : read + parse + modify + stringify + write the file (per webhook)
// Usage: node bench-presence.js [seconds per case]. Prints JSON ops/s.
const fs = require('fs');
const os = require('os');
const path = require('path');

const seconds = Number(process.argv[2] || 2);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'presence-bench-')), 'user-database.json');
const users = {};
for (let i = 0; i < 100; i++) {
  users[`user${i}`] = { endpoints: 2, state: 'available', updatedAt: new Date().toISOString() };
}
fs.writeFileSync(file, JSON.stringify({ users }));

function measure(fn) {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  while ((n & 255) !== 0 || process.hrtime.bigint() < end) {
    sink += fn(n).length;
    n++;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.error(sink);
  return n / secs;
}

const memory = JSON.parse(fs.readFileSync(file, 'utf8')).users;
const result = {
  decision_file: measure((i) => {
    const db = JSON.parse(fs.readFileSync(file, 'utf8'));
    const u = db.users[`user${i % 100}`];
    return u ? u.state : 'unknown';
  }),
  decision_memory: measure((i) => {
    const u = memory[`user${i % 100}`];
    return u ? u.state : 'unknown';
  }),
  update_file: measure((i) => {
    const db = JSON.parse(fs.readFileSync(file, 'utf8'));
    const u = db.users[`user${i % 100}`];
    u.updatedAt = new Date().toISOString();
    const text = JSON.stringify(db);
    fs.writeFileSync(file, text);
    return text;
  }),
};
fs.rmSync(path.dirname(file), { recursive: true, force: true });
process.stdout.write(JSON.stringify(result));
