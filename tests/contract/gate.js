// A strict gate in front of Prism.
//
// Prism checks types, required fields, auth and paths, but it silently accepts query
// and form keys that the spec does not declare, so a misspelt parameter
// (`Isreserved=true`) would pass the contract tests while real Twilio ignores it. The
// gate rejects undeclared keys, turns every request violation Prism reports in its
// `sl-violations` header into a 422, forwards the rest to Prism unchanged, and logs
// one JSON line per request so tests can check what was called.
//
// Usage: node gate.js SPEC.json LISTEN_PORT PRISM_PORT LOG_FILE
// Prints `gate listening on http://127.0.0.1:PORT` once it listens (LISTEN_PORT may be 0).
'use strict';
const fs = require('fs');
const http = require('http');

const [specPath, listenPort, prismPort, logFile] = process.argv.slice(2);
if (!specPath || !listenPort || !prismPort || !logFile) {
  console.error('usage: node gate.js SPEC.json LISTEN_PORT PRISM_PORT LOG_FILE');
  process.exit(2);
}

const FORM = 'application/x-www-form-urlencoded';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One entry per operation: its path template as a regex, and the keys it declares.
function compileOperations() {
  const operations = [];
  for (const [template, item] of Object.entries(spec.paths || {})) {
    const literal = template.split(/\{[^}]+\}/);
    const regex = new RegExp('^' + literal.map(escapeRegex).join('([^/]+)') + '$');
    const params = (template.match(/\{[^}]+\}/g) || []).length;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const declared = [...(item.parameters || []), ...(op.parameters || [])];
      const query = new Set(declared.filter(p => p.in === 'query').map(p => p.name));
      const content = op.requestBody && op.requestBody.content;
      const formSchema = content && content[FORM] && content[FORM].schema;
      const form = new Set(Object.keys((formSchema && formSchema.properties) || {}));
      const types = new Set(Object.keys(content || {}));
      operations.push({ method, template, regex, params, query, form, types });
    }
  }
  // A literal segment beats a parameter: `/TaskQueues/Statistics` before `/TaskQueues/{Sid}`.
  operations.sort((a, b) => a.params - b.params);
  return operations;
}

const operations = compileOperations();

function findOperation(method, path) {
  return operations.find(op => op.method === method && op.regex.test(path));
}

// Undeclared query and form keys, in Prism's violation format.
function undeclaredKeys(op, url, headers, body) {
  const violations = [];
  for (const key of new Set(url.searchParams.keys())) {
    if (!op.query.has(key)) {
      violations.push({ location: ['request', 'query', key], severity: 'Error', code: 'undeclared',
        message: `Request query parameter ${key} is not declared by ${op.method.toUpperCase()} ${op.template}` });
    }
  }
  const type = (headers['content-type'] || '').split(';')[0].trim();
  if (body.length > 0 && type === FORM) {
    for (const key of new Set(new URLSearchParams(body.toString('utf8')).keys())) {
      if (!op.form.has(key)) {
        violations.push({ location: ['request', 'body', key], severity: 'Error', code: 'undeclared',
          message: `Request body property ${key} is not declared by ${op.method.toUpperCase()} ${op.template}` });
      }
    }
  } else if (body.length > 0 && !op.types.has(type)) {
    // Prism validates JSON bodies itself; a body of an undeclared type is ours to catch.
    violations.push({ location: ['request', 'body'], severity: 'Error', code: 'unexpected',
      message: `${op.method.toUpperCase()} ${op.template} takes no ${type || 'untyped'} body` });
  }
  return violations;
}

function requestViolations(header) {
  if (!header) return [];
  try {
    const all = JSON.parse(header);
    return all.filter(v => Array.isArray(v.location) && v.location[0] === 'request');
  } catch (_) {
    return [{ location: ['request'], severity: 'Error', code: 'unparsed', message: String(header) }];
  }
}

function log(entry) {
  fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
}

function reject(res, status, validation, entry) {
  const problem = {
    type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
    title: 'Contract violation (gate)',
    status,
    detail: 'The request breaks the published contract.',
    validation,
  };
  log({ ...entry, status, violations: validation });
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(problem));
}

function forward(req, res, body, entry) {
  const upstream = http.request({
    host: '127.0.0.1', port: Number(prismPort), method: req.method, path: req.url,
    headers: { ...req.headers, host: `127.0.0.1:${prismPort}` },
  }, answer => {
    const chunks = [];
    answer.on('data', c => chunks.push(c));
    answer.on('end', () => {
      const violations = requestViolations(answer.headers['sl-violations']);
      if (violations.length > 0) return reject(res, 422, violations, entry);
      log({ ...entry, status: answer.statusCode, violations: [] });
      res.writeHead(answer.statusCode, answer.headers);
      res.end(Buffer.concat(chunks));
    });
  });
  upstream.on('error', err => reject(res, 502, [{ location: ['gate'], severity: 'Error',
    code: 'upstream', message: `Prism did not answer: ${err.message}` }], entry));
  upstream.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://gate.invalid');
    const method = req.method.toLowerCase();
    const op = findOperation(method, url.pathname);
    const entry = { method: req.method, path: url.pathname, operation: op ? op.template : null };
    // Let Prism answer unknown paths and methods itself (404 / 405).
    if (!op) return forward(req, res, body, entry);
    const violations = undeclaredKeys(op, url, req.headers, body);
    if (violations.length > 0) return reject(res, 422, violations, entry);
    forward(req, res, body, entry);
  });
});

// LISTEN_PORT 0 lets the system choose; the harness reads the port from this line.
server.listen(Number(listenPort), '127.0.0.1', () => {
  console.log(`gate listening on http://127.0.0.1:${server.address().port}`);
});
