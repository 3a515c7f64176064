// Headless Chromium (Debian's /usr/bin/chromium via playwright-core) against a running
// presence-phone in local mode. Line protocol with the Rust test on stdin/stdout:
// we print `STEP n` when the page is ready for step n, Rust sends the webhook and
// we wait for the page to render the expected state. Ends with `RESULT {json}`.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const readline = require('readline');
const { chromium } = require(path.join(__dirname, '..', 'web', 'node_modules', 'playwright-core'));

const base = process.env.BASE_URL;
const user = process.env.APP_USER;
const password = process.env.APP_PASSWORD;
const expected = ['available', 'busy', 'available', 'unavailable'];

const rl = readline.createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
async function step(n) {
  console.log(`STEP ${n}`);
  const { value } = await lines.next();
  if (value !== `DONE ${n}`) throw new Error(`unexpected line ${value}`);
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'presence-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result = { errors: [], external: [] };
  try {
    // Only the app itself may be reached; the SDKs' own network is stubbed out.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      result.external.push(url);
      return route.abort();
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => result.errors.push(String(e)));
    await page.goto(base + '/');
    await page.waitForSelector('#login-panel:not([hidden])', { timeout: 60000 });
    result.banner = (await page.textContent('#banner')).trim();
    result.sdks = await page.evaluate(() => ({
      device: typeof (window.Twilio && window.Twilio.Device),
      sync: typeof (window.Twilio && window.Twilio.Sync && window.Twilio.Sync.Client),
    }));
    // A wrong password first: the page shows the error and stays on login.
    await page.fill('#username', user);
    await page.fill('#password', 'wrong-password');
    await page.click('#login-button');
    await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
    result.loginError = await page.textContent('#login-error');
    await page.fill('#password', password);
    await page.click('#login-button');
    await page.waitForSelector('#main-panel:not([hidden])', { timeout: 60000 });
    await page.waitForSelector('body[data-token="ok"]', { timeout: 60000 });
    result.me = await page.textContent('#me');
    await page.waitForFunction(() => document.getElementById('feed-state').textContent === 'live', null, { timeout: 60000 });
    result.rendered = [];
    for (let i = 0; i < expected.length; i++) {
      await step(i);
      const sel = `#presence-list li[data-identity="${user}"][data-state="${expected[i]}"]`;
      await page.waitForSelector(sel, { timeout: 60000 });
      result.rendered.push((await page.textContent(sel)).trim());
    }
  } catch (e) {
    result.errors.push(String(e && e.stack || e));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(0);
})();
