// Headless Chromium (Debian's /usr/bin/chromium via playwright-core) connects the way
// the Flex plugins do: `new WebSocket(url, token)`, the Flex token as sub-protocol.
// Prints `RESULT {json}` for tests/browser.rs.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { chromium } = require(path.join(__dirname, '..', 'web', 'node_modules', 'playwright-core'));

const base = process.env.BASE_URL;
const token = process.env.FLEX_TOKEN;
const wrongToken = process.env.WRONG_TOKEN;
const contactUri = process.env.CONTACT_URI;

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'flex-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let result = { errors: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => result.errors.push(String(e)));
    await page.goto(base + '/healthz');
    const ws = base.replace(/^http/, 'ws') + '/websocket/';
    result = Object.assign(result, await page.evaluate(async ({ ws, token, wrongToken, contactUri }) => {
      const within = (ms, what, p) => Promise.race([p, new Promise((_, no) =>
        setTimeout(() => no(new Error('timeout: ' + what)), ms))]);
      // Stats: the dashboard plugin's socket; the cached array at once, then a
      // poll's array with queues in it.
      const statsSocket = new WebSocket(ws + 'realtimeStats', token);
      const stats = await within(60000, 'stats array', new Promise((ok, no) => {
        const arrays = [];
        statsSocket.onerror = () => no(new Error('stats socket error'));
        statsSocket.onmessage = (e) => {
          const value = JSON.parse(e.data);
          arrays.push(Array.isArray(value) ? value.length : 'not an array');
          if (Array.isArray(value) && value.length > 0) {
            ok({ protocol: statsSocket.protocol, arrays, first: value[0] });
          }
        };
      }));
      statsSocket.close();
      // Dialpad: the plugin's call message; the create's status comes back.
      const dial = new WebSocket(ws + 'outboundDial', token);
      const update = await within(60000, 'callUpdate', new Promise((ok, no) => {
        dial.onerror = () => no(new Error('dial socket error'));
        dial.onopen = () => dial.send(JSON.stringify({
          method: 'call', to: '+15551234567', from: '', workerContactUri: contactUri,
        }));
        dial.onmessage = (e) => ok({ protocol: dial.protocol, message: JSON.parse(e.data) });
      }));
      dial.close();
      // A wrong token: the browser's socket fails and never opens.
      const refused = await within(60000, 'refused socket', new Promise((ok) => {
        const bad = new WebSocket(ws + 'outboundDial', wrongToken);
        const seen = { opened: false, error: false };
        bad.onopen = () => { seen.opened = true; };
        bad.onerror = () => { seen.error = true; };
        bad.onclose = (e) => ok(Object.assign(seen, { code: e.code, readyState: bad.readyState }));
      }));
      return { stats, update, refused };
    }, { ws, token, wrongToken, contactUri }));
  } catch (e) {
    result.errors.push(String(e));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('RESULT ' + JSON.stringify(result));
})();
