// The capability example's pages in headless Chromium, with the shared checks of
// tests/browser/common.js (axe-core, 390 px, console errors). The Voice SDK is a
// stand-in whose first connect() cannot reach Twilio (31005) and whose second one
// connects. Reads BASE_URL and WEB_DIR (where playwright-core and axe-core are
// installed); prints what the pages showed as JSON.
'use strict';
const path = require('path');
const kit = require(path.join(__dirname, '..', 'tests', 'browser', 'common.js'))(process.env.WEB_DIR);

const FAKE_SDK = `
(() => {
  class Emitter {
    constructor() { this.h = {}; }
    on(e, f) { (this.h[e] = this.h[e] || []).push(f); return this; }
    emit(e, ...a) { for (const f of this.h[e] || []) f(...a); }
  }
  class Device extends Emitter {
    constructor(token) { super(); this.connects = 0; }
    async connect() {
      this.connects += 1;
      if (this.connects === 1) { const e = new Error('ConnectionError (31005)'); e.code = 31005; throw e; }
      const call = new Emitter();
      this.call = call;
      setTimeout(() => call.emit('accept', call), 0);
      return call;
    }
    disconnectAll() { if (this.call) this.call.emit('disconnect', this.call); }
  }
  window.Twilio = { Device };
})();`;

const base = process.env.BASE_URL;
const LONG = { timeout: 60000 };
const logIs = (page, text) => page.waitForFunction((t) => document.getElementById('log').textContent === t, text, LONG);

(async () => {
  const browser = await kit.launch(base, {
    fulfil: (url) => url.endsWith('/vendor/twilio.min.js') && { contentType: 'text/javascript', body: FAKE_SDK },
  });
  const { page } = browser;
  const out = { errors: [] };
  try {
    await page.goto(base + '/');
    out.indexLinks = await page.$$eval('main a', (a) => a.length);
    await kit.check(page, 'index', out);

    await page.goto(base + '/client');
    await page.waitForFunction(() => document.getElementById('log').textContent !== 'Loading…', null, LONG);
    out.legacy = await page.textContent('#log');
    out.legacyCallDisabled = await page.$eval('#call', (b) => b.disabled);
    out.legacySdk = await page.evaluate(() => typeof window.Twilio);
    await kit.check(page, 'capability page', out);

    await page.goto(base + '/client/access-token');
    await page.waitForFunction(() => document.getElementById('log').textContent !== 'Loading…', null, LONG);
    out.access = await page.textContent('#log');
    await page.click('#call');
    await logIs(page, 'Error: Twilio cannot be reached; check the network and try again.');
    out.failed = await page.textContent('#log');
    await page.click('#call');
    await logIs(page, 'Successfully established call');
    out.connected = await page.textContent('#log');
    await kit.check(page, 'access token page (in call)', out);
    await page.click('#hangup');
    await logIs(page, 'Call ended');
    out.ended = await page.textContent('#log');
  } catch (error) {
    out.errors.push(String(error && error.stack || error));
  } finally {
    out.problems = browser.problems;
    out.blocked = browser.blocked;
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
