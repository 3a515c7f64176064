// Validates response bodies against the response schemas of Twilio's OpenAPI spec.
//
// Input (stdin, JSON): {"spec": "PATH.json", "responses": [{method, path, status, body}]}
// Output (stdout, JSON): {"checked": N, "failures": [{method, path, status, operation, errors}]}
// A response fails when no operation of the spec matches its method and path, when the
// spec declares no such status, or when its body breaks the schema (types, enums,
// patterns, lengths, date formats). Used by tests/fake_contract.rs for twilio-fake.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const spec = JSON.parse(fs.readFileSync(input.spec, 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv, ['date-time', 'date']);
// RFC 2822 as Twilio writes it: `Fri, 18 Oct 2019 17:00:00 +0000`.
ajv.addFormat('date-time-rfc-2822',
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
// Twilio's own annotations that constrain nothing checkable here.
for (const name of ['uri', 'uri-map', 'phone-number', 'phone-number-capabilities', 'currency',
  'sid', 'decimal', 'int32', 'int64', 'float', 'double']) {
  ajv.addFormat(name, true);
}

// OpenAPI 3.0's `nullable` in JSON Schema terms: `null` joins the type (and enum);
// beside a `$ref` it becomes `anyOf`; with neither, anything goes already.
function openapiToJsonSchema(node) {
  if (Array.isArray(node)) return node.map(openapiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable') out[key] = openapiToJsonSchema(value);
  }
  if (node.nullable === true) {
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}
const components = openapiToJsonSchema(spec.components);

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const operations = [];
for (const [template, item] of Object.entries(spec.paths || {})) {
  const literal = template.split(/\{[^}]+\}/);
  const regex = new RegExp('^' + literal.map(escapeRegex).join('([^/]+)') + '$');
  const params = (template.match(/\{[^}]+\}/g) || []).length;
  for (const method of ['get', 'post', 'delete']) {
    if (item[method]) operations.push({ method, template, regex, params, op: item[method] });
  }
}
operations.sort((a, b) => a.params - b.params);

const compiled = new Map();
function validator(operation, status) {
  const key = `${operation.method} ${operation.template} ${status}`;
  if (compiled.has(key)) return compiled.get(key);
  const response = operation.op.responses[String(status)];
  let result;
  if (!response) {
    result = { missing: true };
  } else {
    const schema = response.content && response.content['application/json'] &&
      response.content['application/json'].schema;
    result = schema ? { validate: ajv.compile({ ...openapiToJsonSchema(schema), components }) } : {};
  }
  compiled.set(key, result);
  return result;
}

const failures = [];
for (const r of input.responses) {
  const path = r.path.split('?')[0];
  const operation = operations.find(o => o.method === r.method.toLowerCase() && o.regex.test(path));
  if (!operation) {
    failures.push({ ...r, body: undefined, errors: ['no operation of the spec matches'] });
    continue;
  }
  const v = validator(operation, r.status);
  if (v.missing) {
    failures.push({ method: r.method, path, status: r.status, operation: operation.template,
      errors: [`the spec declares no ${r.status} answer`] });
  } else if (v.validate && !v.validate(r.body)) {
    failures.push({ method: r.method, path, status: r.status, operation: operation.template,
      errors: v.validate.errors.map(e => `${e.instancePath} ${e.message}`) });
  }
}
process.stdout.write(JSON.stringify({ checked: input.responses.length, failures }));
