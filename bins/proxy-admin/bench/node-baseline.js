// Load-test baseline for scripts/load-proxy.sh: the routes of the seed (seed-apps.md §5,
// Express + express-handlebars + twilio-node) whose work is local, re-created on
// Node's plain `http` module (Express is not installed here):
//
// * `GET /`: the home page, a layout around the "Twilio Proxy Administration App"
//   heading and the Services link, sent as Express's res.send does (text/html with
//   charset, weak SHA-1 ETag, X-Powered-By). Built from a template literal: the seed's
//   express-handlebars, with NODE_ENV unset, re-reads and re-compiles both templates on
//   every request, so this is far kinder to Node than the seed.
// * `GET /assets/app.css`: `express.static`, re-created as serve-static does it: stat the
//   file, ETag from size and mtime, Last-Modified, `Cache-Control: public, max-age=0`,
//   `Accept-Ranges`, stream the file. It serves the apps' shared stylesheet (crates/app-env/assets/app.css), so
//   both sides send the same bytes.
// * `POST /proxyDemoOutboundDial`: the seed's TwiML, `<Dial callerId={From}><Number>{To}`
//   from twilio-node's VoiceResponse. The seed checks no signature; with `check` as
//   the 3rd argument, twilio-node's validateRequest runs first (400 without the header,
//   403 when it does not match), the rejection proxy-admin answers.
//
//   node node-baseline.js PORT AUTH_TOKEN [check]
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const querystring = require('querystring');
const twilio = require(path.join(__dirname, '..', '..', '..', 'tests', 'oracle', 'node_modules', 'twilio'));

const [port, token, mode] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const check = mode === 'check';
const base = `http://127.0.0.1:${port}`;
const STYLE = path.join(__dirname, '..', '..', '..', 'crates', 'app-env', 'assets', 'app.css');

function send(res, status, type, body) {
  const buf = Buffer.from(body, 'utf8');
  const hash = crypto.createHash('sha1').update(buf).digest('base64').substring(0, 27);
  res.writeHead(status, {
    'X-Powered-By': 'Express',
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': buf.length,
    ETag: `W/"${buf.length.toString(16)}-${hash}"`,
  });
  res.end(buf);
}

// A layout (CDN stylesheet and scripts, title, container) around the home body.
function layout(body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta http-equiv="X-UA-Compatible" content="ie=edge">
    <link rel="stylesheet" href="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css">
    <script src="https://code.jquery.com/jquery-3.4.1.min.js"></script>
    <script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js"></script>
    <title>Participants</title>
</head>
<body>
    <div class="container mt-4">
        ${body}
    </div>
</body>
</html>`;
}

function home() {
  return layout(`<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item active">Home</li></ol></nav>
<h3>Twilio Proxy Administration App</h3>
<ul class="list-group"><li class="list-group-item"><a href="/services">Services</a></li></ul>`);
}

// serve-static's answer for a file (no conditional or range request in this test).
function serveStatic(req, res, file) {
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) return send(res, 404, 'text/html', 'Not Found');
    res.writeHead(200, {
      'X-Powered-By': 'Express',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'public, max-age=0',
      'Last-Modified': stat.mtime.toUTCString(),
      ETag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
      'Content-Type': 'text/css; charset=UTF-8',
      'Content-Length': stat.size,
    });
    fs.createReadStream(file).pipe(res);
  });
}

function dial(form) {
  const twiml = new twilio.twiml.VoiceResponse();
  twiml.dial({ callerId: form.From }).number(form.To);
  return twiml.toString();
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/') return send(res, 200, 'text/html', home());
    if (req.method === 'GET' && req.url === '/assets/app.css') return serveStatic(req, res, STYLE);
    if (req.method === 'POST' && req.url === '/proxyDemoOutboundDial') {
      const form = req.headers['content-type'] === 'application/x-www-form-urlencoded'
        ? querystring.parse(Buffer.concat(chunks).toString()) : {};
      if (check) {
        const sig = req.headers['x-twilio-signature'];
        if (!sig) return send(res, 400, 'text/plain', 'missing X-Twilio-Signature');
        if (!twilio.validateRequest(token, sig, base + req.url, form)) return send(res, 403, 'text/plain', 'invalid signature');
      }
      return send(res, 200, 'text/xml', dial(form));
    }
    return send(res, 404, 'text/html', 'Not Found');
  });
}).listen(port, '127.0.0.1');
