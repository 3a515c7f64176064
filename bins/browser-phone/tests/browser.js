// Drives the browser phone in headless Chromium (playwright-core + Debian's chromium).
// Reads {baseUrl, username, password, to, message, blockedTo} as JSON on stdin and
// prints what the page showed as JSON on stdout. The Voice SDK's own network
// (Twilio's signalling and telemetry) is cut off: only the app is reachable.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(path.join(__dirname, '../web/node_modules/playwright-core'));

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-phone-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const out = { consoleErrors: [], blocked: [] };
  try {
    await context.route((url) => !url.href.startsWith(input.baseUrl), (route) => {
      out.blocked.push(new URL(route.request().url()).host);
      return route.abort();
    });
    if (typeof context.routeWebSocket === 'function') {
      await context.routeWebSocket(/.*/, (ws) => { out.blocked.push('ws'); ws.close(); });
    }
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (error) => out.consoleErrors.push(String(error)));

    await page.goto(input.baseUrl + '/');
    out.landedOn = new URL(page.url()).pathname;

    await page.fill('#username', input.username);
    await page.fill('#password', 'wrong password');
    await page.click('#login-button');
    await page.waitForSelector('#login-error:not([hidden])');
    out.loginError = await page.textContent('#login-error');

    await page.fill('#password', input.password);
    await page.click('#login-button');
    await page.waitForURL(input.baseUrl + '/');
    await page.waitForFunction(() => document.getElementById('identity').textContent !== '…');
    out.identity = await page.textContent('#identity');
    out.from = await page.inputValue('#panel-sms input.from');

    await page.fill('#sms-to', input.to);
    await page.fill('#sms-message', input.message);
    await page.click('#sms-send');
    await page.waitForFunction(() => {
      const r = document.getElementById('sms-result');
      return !r.hidden && r.textContent !== 'Sending…';
    });
    out.smsResult = await page.textContent('#sms-result');
    out.smsResultIsError = await page.$eval('#sms-result', (e) => e.classList.contains('error'));

    await page.fill('#sms-to', input.blockedTo);
    await page.click('#sms-send');
    await page.waitForFunction(() => {
      const r = document.getElementById('sms-result');
      return r.textContent !== 'Sending…' && r.classList.contains('error');
    });
    out.blockedResult = await page.textContent('#sms-result');

    await page.click('#tab-call');
    out.callPanelVisible = await page.isVisible('#panel-call');
    out.smsPanelVisible = await page.isVisible('#panel-sms');
    out.dialpadKeys = await page.$$eval('#dialpad button', (b) => b.map((x) => x.textContent).join(''));
    out.dialpadDisabled = await page.$$eval('#dialpad button', (b) => b.every((x) => x.disabled));
    out.callStatus = await page.textContent('#call-status');
    out.sdkLoaded = await page.evaluate(() => Boolean(window.Twilio && window.Twilio.Device));
    out.tokenCalls = await page.evaluate(async () => {
      const r = await fetch('/api/token/generate', { method: 'POST' });
      return (await r.json()).identity;
    });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  out.blocked = [...new Set(out.blocked)].sort();
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
