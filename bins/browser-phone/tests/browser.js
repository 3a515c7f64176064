// Drives the browser phone in headless Chromium (playwright-core + Debian's chromium)
// with the shared checks of tests/browser/common.js: axe-core and the 390 px width on
// every page and tab, and no console error. Reads {baseUrl, username, password, to,
// message, blockedTo} as JSON on stdin and prints what the page showed as JSON.
// Twilio's REST API is Prism; the Voice SDK is a stand-in whose first Device cannot
// reach Twilio (error 31005, as with no network) and whose next one registers.
'use strict';

const fs = require('fs');
const path = require('path');
const kit = require('../../../tests/browser/common.js')(path.join(__dirname, '../web'));

const FAKE_SDK = `
(() => {
  window.__devices = 0;
  class Device {
    constructor(token, options) { this.h = {}; this.options = options; window.__devices += 1; this.n = window.__devices; }
    on(e, f) { (this.h[e] = this.h[e] || []).push(f); return this; }
    emit(e, ...a) { for (const f of this.h[e] || []) f(...a); }
    async register() {
      if (this.n === 1) {
        setTimeout(() => this.emit('error', { code: 31005, message: 'ConnectionError (31005): Error sent from gateway in HANGUP' }), 0);
      } else {
        setTimeout(() => this.emit('registered'), 0);
      }
    }
    destroy() { this.destroyed = true; }
  }
  window.Twilio = { Device };
})();`;

const LONG = { timeout: 60000 };

async function result(page, id) {
  await page.waitForFunction((i) => {
    const r = document.getElementById(i);
    return !r.hidden && r.textContent !== 'Sending…';
  }, id, LONG);
  return page.textContent('#' + id);
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await kit.launch(input.baseUrl, {
    fulfil: (url) => url.endsWith('/vendor/twilio.min.js') && { contentType: 'text/javascript', body: FAKE_SDK },
  });
  const { page } = browser;
  const out = { errors: [] };
  try {
    await page.goto(input.baseUrl + '/');
    out.landedOn = new URL(page.url()).pathname;
    await kit.check(page, 'login', out);

    await browser.expectRefusals(async () => {
      await page.fill('#username', input.username);
      await page.fill('#password', 'wrong password');
      await page.click('#login-button');
      await page.waitForSelector('#login-error:not([hidden])');
    });
    out.loginError = await page.textContent('#login-error');

    await page.fill('#password', input.password);
    await page.click('#login-button');
    await page.waitForURL(input.baseUrl + '/');
    await page.waitForFunction(() => document.getElementById('identity').textContent !== '…');
    out.identity = await page.textContent('#identity');
    out.from = await page.inputValue('#panel-sms input.from');

    // Twilio out of reach before any call: a plain offline state, then back.
    await page.waitForFunction(() => /offline/.test(document.getElementById('call-status').textContent), null, LONG);
    out.offlineStatus = await page.textContent('#call-status');
    await page.waitForFunction(() => document.getElementById('call-status').textContent === 'Ready', null, LONG);
    out.devices = await page.evaluate(() => window.__devices);
    await kit.check(page, 'text message tab', out);

    await page.fill('#sms-to', input.to);
    await page.fill('#sms-message', input.message);
    await page.click('#sms-send');
    out.smsResult = await result(page, 'sms-result');
    out.smsResultIsError = await page.$eval('#sms-result', (e) => e.classList.contains('error'));

    await browser.expectRefusals(async () => {
      await page.fill('#sms-to', input.blockedTo);
      await page.click('#sms-send');
      await page.waitForFunction(() => {
        const r = document.getElementById('sms-result');
        return r.textContent !== 'Sending…' && r.classList.contains('error');
      }, null, LONG);
      out.blockedResult = await page.textContent('#sms-result');

      await page.fill('#sms-to', input.to);
      await page.fill('#sms-message', '   ');
      await page.click('#sms-send');
      await page.waitForFunction(() => /empty/.test(document.getElementById('sms-result').textContent), null, LONG);
      out.blankResult = await page.textContent('#sms-result');
    });

    // Tabs by keyboard (WAI-ARIA): arrows move and wrap, Home and End jump.
    await page.focus('#tab-sms');
    out.keys = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'End', 'Home']) {
      await page.keyboard.press(key);
      out.keys.push(await page.evaluate(() => [document.activeElement.id,
        document.querySelector('[role=tab][aria-selected=true]').id,
        [...document.querySelectorAll('[role=tabpanel]:not([hidden])')].map((p) => p.id).join()].join(' ')));
    }
    out.tabStops = await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => t.tabIndex));

    await page.click('#tab-voice');
    await kit.check(page, 'voice message tab', out);
    await page.click('#tab-call');
    out.callPanelVisible = await page.isVisible('#panel-call');
    out.smsPanelVisible = await page.isVisible('#panel-sms');
    out.dialpadKeys = await page.$$eval('#dialpad button', (b) => b.map((x) => x.textContent).join(''));
    out.dialpadDisabled = await page.$$eval('#dialpad button', (b) => b.every((x) => x.disabled));
    out.callStatus = await page.textContent('#call-status');
    await kit.check(page, 'call tab', out);
    out.tokenCalls = await page.evaluate(async () => {
      const r = await fetch('/api/token/generate', { method: 'POST' });
      return (await r.json()).identity;
    });
  } catch (error) {
    out.errors.push(String(error && error.stack || error));
  } finally {
    out.problems = browser.problems;
    out.blocked = [...new Set(browser.blocked)].sort();
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
