// The Call tab in headless Chromium with a stand-in for the Voice JS SDK: the page's
// own logic (token fetch and renewal, connect with phoneNumber, accept/decline, DTMF
// keys, the incoming-call snackbar) against a fake Twilio.Device that records what the
// page asks of it. Reads {baseUrl, username, password} on stdin, prints JSON.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(path.join(__dirname, '../web/node_modules/playwright-core'));

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Same surface as @twilio/voice-sdk 2.x as far as the page uses it.
const FAKE_SDK = `
(() => {
  const log = (window.__log = []);
  class Emitter {
    constructor() { this.handlers = {}; }
    on(event, f) { (this.handlers[event] = this.handlers[event] || []).push(f); return this; }
    emit(event, ...args) { for (const f of this.handlers[event] || []) f(...args); }
  }
  class Call extends Emitter {
    constructor(parameters) { super(); this.parameters = parameters; }
    accept() { log.push('accept'); this.emit('accept', this); }
    reject() { log.push('reject'); this.emit('reject'); }
    disconnect() { log.push('disconnect'); this.emit('disconnect', this); }
    sendDigits(d) { log.push('digit:' + d); }
  }
  class Device extends Emitter {
    constructor(token, options) {
      super();
      window.__device = this;
      this.token = token;
      this.options = options;
      this.active = null;
    }
    async register() { log.push('register'); setTimeout(() => this.emit('registered'), 0); }
    async connect(o) {
      log.push('connect:' + JSON.stringify(o.params));
      const call = new Call({});
      this.active = call;
      setTimeout(() => call.emit('accept', call), 0);
      return call;
    }
    disconnectAll() {
      log.push('disconnectAll');
      const call = this.active;
      this.active = null;
      if (call) call.emit('disconnect', call);
    }
    updateToken(token) { log.push('updateToken'); this.token = token; }
    destroy() { log.push('destroy'); }
    ring(from) {
      const call = new Call({ From: from });
      call.accept = () => { log.push('accept'); this.active = call; call.emit('accept', call); };
      this.emit('incoming', call);
    }
  }
  window.Twilio = { Device };
})();
`;

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-phone-calls-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const out = { errors: [] };
  try {
    await context.route((url) => !url.href.startsWith(input.baseUrl), (route) => route.abort());
    await context.route(input.baseUrl + '/vendor/twilio.min.js',
      (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_SDK }));
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (error) => out.errors.push(String(error)));
    const log = () => page.evaluate(() => window.__log.slice());
    const status = () => page.textContent('#call-status');
    const waitStatus = (text) => page.waitForFunction(
      (t) => document.getElementById('call-status').textContent.startsWith(t), text);

    await page.goto(input.baseUrl + '/login');
    await page.fill('#username', input.username);
    await page.fill('#password', input.password);
    await page.click('#login-button');
    await page.waitForURL(input.baseUrl + '/');
    await waitStatus('Ready');
    out.firstToken = await page.evaluate(() => window.__device.token);
    out.tokenRefreshMs = await page.evaluate(() => window.__device.options.tokenRefreshMs);

    // The SDK says the token is about to expire: the page fetches and hands over a new one.
    await page.evaluate(() => { window.__device.token = null; window.__device.emit('tokenWillExpire'); });
    await page.waitForFunction(() => window.__device.token !== null);
    out.renewedToken = await page.evaluate(() => window.__device.token);

    await page.click('#tab-call');
    out.keysDisabledIdle = await page.$$eval('#dialpad button', (b) => b.every((x) => x.disabled));

    // A bad number never reaches the SDK.
    await page.fill('#call-to', '555-1234');
    await page.click('#accept');
    await page.waitForFunction(() => document.getElementById('call-status').classList.contains('error'));
    out.badNumberStatus = await status();

    // Outgoing call, DTMF, hang up.
    await page.fill('#call-to', '+15551234567');
    await page.click('#accept');
    await waitStatus('Connected');
    out.connectedStatus = await status();
    out.keysEnabledInCall = await page.$$eval('#dialpad button', (b) => b.every((x) => !x.disabled));
    await page.click('#dialpad button[data-digit="5"]');
    await page.click('#dialpad button[data-digit="#"]');
    await page.click('#decline');
    await waitStatus('Call ended');
    out.keysDisabledAfter = await page.$$eval('#dialpad button', (b) => b.every((x) => x.disabled));

    // Incoming call, declined; then another, accepted.
    await page.click('#tab-sms');
    await page.evaluate(() => window.__device.ring('+14155550100'));
    out.snackbar = await page.textContent('#snackbar');
    out.callTabSelected = await page.getAttribute('#tab-call', 'aria-selected');
    await page.click('#decline');
    await page.evaluate(() => window.__device.ring('+14155550101'));
    await page.click('#accept');
    await waitStatus('Connected');
    out.incomingConnected = await status();
    out.log = await log();
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
