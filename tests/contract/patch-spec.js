// Writes a copy of one Twilio OpenAPI spec with the three fixes Prism needs to judge
// requests the way real Twilio does (see ../../../shared/contract-mock.md):
//   1. array form fields travel as repeated keys: encoding style form, explode true;
//   2. object-typed form fields travel as a JSON string: retype them as string;
//   3. a form body whose schema lists required fields is itself required.
// Usage: node patch-spec.js IN.json OUT.json
'use strict';
const fs = require('fs');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node patch-spec.js IN.json OUT.json');
  process.exit(2);
}

const spec = JSON.parse(fs.readFileSync(input, 'utf8'));
const FORM = 'application/x-www-form-urlencoded';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const counts = { arrays: 0, objects: 0, required: 0 };

for (const item of Object.values(spec.paths || {})) {
  for (const method of METHODS) {
    const body = item[method] && item[method].requestBody;
    const form = body && body.content && body.content[FORM];
    if (!form || !form.schema) continue;
    const schema = form.schema;
    for (const [name, prop] of Object.entries(schema.properties || {})) {
      if (prop.type === 'array') {
        form.encoding = form.encoding || {};
        form.encoding[name] = { style: 'form', explode: true };
        counts.arrays += 1;
      } else if (prop.type === 'object') {
        prop.type = 'string';
        counts.objects += 1;
      }
    }
    if (Array.isArray(schema.required) && schema.required.length > 0 && !body.required) {
      body.required = true;
      counts.required += 1;
    }
  }
}

fs.writeFileSync(output, JSON.stringify(spec, null, 1));
console.error(`patch-spec: ${input}: ${counts.arrays} array fields, ` +
  `${counts.objects} object fields, ${counts.required} required bodies`);
