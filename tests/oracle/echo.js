// Echoes its JSON input: lets the harness test its own plumbing.
let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => { process.stdout.write(JSON.stringify(JSON.parse(input))); });
