// Sends one minimal valid request to every operation of a spec (through the gate and
// Prism at BASE_URL) and prints what came back, to show that the patched spec and the
// gate accept every request that keeps the contract.
//
// Usage: node sweep.js SPEC.json BASE_URL
// Output: {"operations": N, "failures": [{"operation", "status", "body"}]}
'use strict';
const fs = require('fs');

const [specPath, base] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const FORM = 'application/x-www-form-urlencoded';
const AUTH = 'Basic ' + Buffer.from('AC' + 'a'.repeat(32) + ':token').toString('base64');

function deref(schema) {
  if (schema && schema.$ref) {
    return spec.components.schemas[schema.$ref.split('/').pop()];
  }
  return schema || {};
}

// A value that satisfies `schema` (pattern, format, enum, type).
function sample(schema) {
  const s = deref(schema);
  if (s.enum) return [s.enum[0]];
  if (s.type === 'array') return sample(s.items).concat(sample(s.items));
  if (s.type === 'integer' || s.type === 'number') return [String(s.minimum !== undefined ? s.minimum : 1)];
  if (s.type === 'boolean') return ['true'];
  const m = /^\^\(?([A-Z]{2})(?:\|[A-Z]{2})*\)?\[0-9a-fA-F\]\{32\}\$$/.exec(s.pattern || '');
  if (m) return [m[1] + 'a'.repeat(32)];
  if (s.format === 'uri') return ['https://example.com/x'];
  if (s.format === 'phone-number') return ['+15005550006'];
  if (s.format === 'date-time') return ['2026-11-01T00:00:00Z'];
  if (s.format === 'date') return ['2026-11-01'];
  if (s.format === 'http-method') return ['POST'];
  return ['x'];
}

async function call(method, template, op) {
  const params = [...(op.parameters || [])];
  let path = template;
  for (const p of params.filter((p) => p.in === 'path')) {
    path = path.replace(`{${p.name}}`, encodeURIComponent(sample(p.schema)[0]));
  }
  const query = new URLSearchParams();
  for (const p of params.filter((p) => p.in === 'query' && p.required)) {
    for (const v of sample(p.schema)) query.append(p.name, v);
  }
  const headers = { Authorization: AUTH };
  let body;
  const content = op.requestBody && op.requestBody.content;
  if (content && content[FORM]) {
    const schema = content[FORM].schema;
    const form = new URLSearchParams();
    for (const name of schema.required || []) {
      for (const v of sample(schema.properties[name])) form.append(name, v);
    }
    headers['Content-Type'] = FORM;
    body = form.toString();
  } else if (content && content['application/json']) {
    headers['Content-Type'] = 'application/json';
    body = '{}';
  }
  const qs = query.toString();
  const res = await fetch(base + path + (qs ? '?' + qs : ''), { method, headers, body, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

(async () => {
  const failures = [];
  let operations = 0;
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (!item[method]) continue;
      operations += 1;
      const { status, body } = await call(method.toUpperCase(), template, item[method]);
      // 3xx: documented redirects (api_v2010 has one 307); anything 4xx/5xx is a failure.
      if (status >= 400) {
        failures.push({ operation: `${method.toUpperCase()} ${template}`, status, body: body.slice(0, 400) });
      }
    }
  }
  process.stdout.write(JSON.stringify({ operations, failures }));
})();
