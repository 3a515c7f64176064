// Headless Chromium (Debian's /usr/bin/chromium via playwright-core) against a running
// presence-phone in local mode, with the shared checks of tests/browser/common.js
// (axe-core, no sideways scrolling at 390 px, no console error). Line protocol with
// the Rust test on stdin/stdout: we print `STEP n` when the page is ready for step n
// (a webhook, or `restart` of the server), Rust does it and answers `DONE n`, and we
// wait for the page to show the result. Ends with `RESULT {json}`.
'use strict';
const path = require('path');
const readline = require('readline');
const kit = require('../../../tests/browser/common.js')(path.join(__dirname, '..', 'web'));

const base = process.env.BASE_URL;
const user = process.env.APP_USER;
const password = process.env.APP_PASSWORD;
const expected = ['available', 'busy', 'available', 'unavailable'];
const LONG = { timeout: 60000 };

const rl = readline.createInterface({ input: process.stdin });
const lines = rl[Symbol.asyncIterator]();
async function step(n) {
  console.log(`STEP ${n}`);
  const { value } = await lines.next();
  if (value !== `DONE ${n}`) throw new Error(`unexpected line ${value}`);
}

async function logIn(page, pass) {
  await page.fill('#username', user);
  await page.fill('#password', pass);
  await page.click('#login-button');
}

(async () => {
  const result = { errors: [] };
  const browser = await kit.launch(base);
  const { page } = browser;
  try {
    const vendor = [];
    page.on('request', (r) => { if (r.url().includes('/vendor/')) vendor.push(r.url()); });
    await page.goto(base + '/');
    await page.waitForSelector('#login-panel:not([hidden])', LONG);
    result.banner = (await page.textContent('#banner')).trim();
    await kit.check(page, 'login', result);
    // A wrong password first: the page shows the error and stays on login.
    await browser.expectRefusals(async () => {
      await logIn(page, 'wrong-password');
      await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
    });
    result.loginError = await page.textContent('#login-error');
    await logIn(page, password);
    await page.waitForSelector('#main-panel:not([hidden])', LONG);
    await page.waitForSelector('body[data-token="ok"]', LONG);
    result.me = await page.textContent('#me');
    await page.waitForFunction(() => document.getElementById('feed-state').textContent === 'live', null, LONG);
    // Local mode starts no Twilio SDK: not loaded, not even requested.
    result.sdks = await page.evaluate(() => typeof window.Twilio);
    result.vendorRequests = vendor;
    // The dial input: labelled, and its pattern is a valid regular expression under
    // Chrome's `v` flag (an invalid one is silently ignored).
    result.dialLabel = await page.evaluate(() => document.getElementById('dial-number').labels[0].textContent.trim());
    await page.fill('#dial-number', 'not a number');
    result.patternChecks = await page.evaluate(() => document.getElementById('dial-number').validity.patternMismatch);
    await page.fill('#dial-number', '+1 (555) 123-0000');
    result.patternAccepts = await page.evaluate(() => document.getElementById('dial-number').validity.valid);
    await page.fill('#dial-number', '');
    result.rendered = [];
    for (let i = 0; i < expected.length; i++) {
      await step(i);
      const sel = `#presence-list li[data-identity="${user}"][data-state="${expected[i]}"]`;
      await page.waitForSelector(sel, LONG);
      result.rendered.push((await page.textContent(sel)).trim());
      if (i === 1) await kit.check(page, 'presence (busy)', result);
    }

    // The server restarts (sessions end with it): the page notices, retries with
    // backoff, and goes back to login; after logging in the list is live again.
    const before = browser.problems.length;
    await step('restart');
    await page.waitForSelector('#login-panel:not([hidden])', LONG);
    result.afterRestart = (await page.textContent('#login-reason')).trim();
    result.feedWhileAway = await page.textContent('#feed-state');
    result.restartProblems = browser.problems.splice(before);
    await logIn(page, password);
    await page.waitForFunction(() => document.getElementById('feed-state').textContent === 'live', null, LONG);
    await step(4); // alice's browser connects anew: the new feed shows it
    const sel = `#presence-list li[data-identity="${user}"][data-state="available"]`;
    await page.waitForSelector(sel, LONG);
    result.recovered = (await page.textContent(sel)).trim();
  } catch (e) {
    result.errors.push(String(e && e.stack || e));
  } finally {
    result.problems = browser.problems;
    result.blocked = browser.blocked;
    await browser.close();
  }
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(0);
})();
