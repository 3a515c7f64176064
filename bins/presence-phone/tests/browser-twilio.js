// Headless Chromium against presence-phone in Twilio mode, with the two Twilio SDK
// bundles replaced by small fakes (no Twilio network): checks that the page registers
// the Device with the logged-in user's token, refreshes tokens before they expire
// (Device `tokenWillExpire`, Sync `tokenAboutToExpire`), and drives calls: accept,
// hang up, reject, dial out (with number validation). Prints `RESULT {json}`.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { chromium } = require(path.join(__dirname, '..', 'web', 'node_modules', 'playwright-core'));

const base = process.env.BASE_URL;

const FAKE_VOICE = `
window.Twilio = window.Twilio || {};
window.__log = []; window.__tokens = [];
class Emitter { constructor() { this.h = {}; } on(e, f) { (this.h[e] = this.h[e] || []).push(f); return this; }
  emit(e, ...a) { (this.h[e] || []).forEach((f) => f(...a)); } }
window.__Emitter = Emitter;
class FakeCall extends Emitter {
  constructor(parameters) { super(); this.parameters = parameters; }
  accept() { __log.push('accept'); this.emit('accept', this); }
  reject() { __log.push('reject'); this.emit('reject'); }
  disconnect() { __log.push('disconnect'); this.emit('disconnect', this); }
}
window.__FakeCall = FakeCall;
Twilio.Device = class extends Emitter {
  constructor(token) { super(); window.__device = this; __tokens.push(token); }
  async register() { __log.push('register'); setTimeout(() => this.emit('registered'), 0); }
  updateToken(t) { __tokens.push(t); }
  async connect(opts) { __log.push('connect:' + opts.params.phoneNumber); return new FakeCall({ To: opts.params.phoneNumber }); }
  destroy() {}
};`;

const FAKE_SYNC = `
window.__syncTokens = [];
Twilio.Sync = { Client: class extends window.__Emitter {
  constructor(token) { super(); window.__sync = this; __syncTokens.push(token); }
  updateToken(t) { __syncTokens.push(t); }
  async map(opts) { window.__mapName = opts.id; const m = new window.__Emitter(); m.getItems = async () => ({ items: [] }); return m; }
  shutdown() {}
} };`;

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'presence-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result = { errors: [] };
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.endsWith('/vendor/twilio.min.js')) return route.fulfill({ contentType: 'text/javascript', body: FAKE_VOICE });
      if (url.endsWith('/vendor/twilio-sync.min.js')) return route.fulfill({ contentType: 'text/javascript', body: FAKE_SYNC });
      if (url.startsWith(base)) return route.continue();
      return route.abort();
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => result.errors.push(String(e)));
    await page.goto(base + '/');
    await page.waitForSelector('#login-panel:not([hidden])', { timeout: 60000 });
    result.bannerHidden = await page.evaluate(() => document.getElementById('banner').hidden);
    await page.fill('#username', process.env.APP_USER);
    await page.fill('#password', process.env.APP_PASSWORD);
    await page.click('#login-button');
    await page.waitForFunction(() => document.getElementById('phone-state').textContent === 'ready', null, { timeout: 60000 });
    const first = await page.evaluate(() => ({ tokens: __tokens.slice(), sync: __syncTokens.slice(), map: window.__mapName }));
    result.identity = claims(first.tokens[0]).grants.identity;
    result.sameTokenForSync = first.tokens[0] === first.sync[0];
    result.mapName = first.map;

    // Token refresh before expiry (new token from the server, same identity).
    // iat has a 1 s resolution: wait for the next second so the next token differs.
    await page.waitForFunction((iat) => Date.now() / 1000 >= iat + 1, claims(first.tokens[0]).iat, { timeout: 60000 });
    await page.evaluate(() => { __device.emit('tokenWillExpire'); __sync.emit('tokenAboutToExpire'); });
    await page.waitForFunction(() => __tokens.length === 2 && __syncTokens.length === 2, null, { timeout: 60000 });
    const after = await page.evaluate(() => ({ tokens: __tokens.slice(), sync: __syncTokens.slice() }));
    result.refreshed = after.tokens[1] !== after.tokens[0] && after.sync[1] !== after.sync[0];
    result.refreshedIdentity = claims(after.tokens[1]).grants.identity;

    // Incoming call: accept, then hang up.
    await page.evaluate(() => __device.emit('incoming', new __FakeCall({ From: '+15005550006' })));
    await page.waitForSelector('#incoming:not([hidden])');
    result.incomingFrom = await page.textContent('#incoming-from');
    await page.click('#accept-button');
    await page.waitForSelector('#hangup-button:not([hidden])');
    result.onCall = await page.textContent('#phone-state');
    await page.click('#hangup-button');
    await page.waitForFunction(() => document.getElementById('phone-state').textContent === 'ready');
    // Incoming call: reject.
    await page.evaluate(() => __device.emit('incoming', new __FakeCall({ From: '+15005550007' })));
    await page.waitForSelector('#incoming:not([hidden])');
    await page.click('#reject-button');
    await page.waitForSelector('#incoming[hidden]', { state: 'attached' });
    // Dial out: an invalid number is refused in the page, a valid one is dialled.
    // No leading +: the input's own pattern stops the form (Chrome checks it).
    await page.fill('#dial-number', '12345');
    await page.click('#call-button');
    result.patternBlocked = await page.evaluate(() => document.getElementById('dial-number').validity.patternMismatch);
    result.errorAfterBlocked = await page.textContent('#phone-error');
    // Fits the pattern but has too few digits: the page's E.164 check says so.
    await page.fill('#dial-number', '+1 ()');
    await page.click('#call-button');
    result.dialError = await page.textContent('#phone-error');
    await page.fill('#dial-number', '+1 (555) 123-4567');
    await page.click('#call-button');
    await page.waitForSelector('#hangup-button:not([hidden])');
    await page.click('#hangup-button');
    result.log = await page.evaluate(() => __log.slice());
  } catch (e) {
    result.errors.push(String(e && e.stack || e));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(0);
})();
