// Called by scripts/screenshots.sh with the apps running: logs in to each, opens its
// main page and saves `<app>-desktop.png` (1280 px) and `<app>-phone.png` (390 px)
// in $OUT. Uses the shared browser helper (only the apps are reachable).
'use strict';
const path = require('path');
const kit = require(path.join(__dirname, '..', 'tests', 'browser', 'common.js'))(
  path.join(__dirname, '..', 'bins', 'browser-phone', 'web'));

const env = process.env;
const LONG = { timeout: 60000 };
// The Voice SDK stand-in: registers at once (no Twilio network here).
const FAKE_SDK = `window.Twilio = { Device: class {
  constructor() { this.h = {}; } on(e, f) { (this.h[e] = this.h[e] || []).push(f); return this; }
  async register() { setTimeout(() => (this.h.registered || []).forEach((f) => f()), 0); }
  destroy() {} } };`;

async function shoot(page, name) {
  for (const [size, tag] of [[kit.DESKTOP, 'desktop'], [kit.PHONE, 'phone']]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    await page.screenshot({ path: path.join(env.OUT, `${name}-${tag}.png`), fullPage: tag === 'phone' });
  }
  await page.setViewportSize(kit.DESKTOP);
}

async function signIn(page, user, password, button) {
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click(button);
}

(async () => {
  const browser = await kit.launch('http://127.0.0.1:', {
    fulfil: (url) => url.endsWith('/vendor/twilio.min.js') && { contentType: 'text/javascript', body: FAKE_SDK },
  });
  const { page } = browser;
  try {
    await page.goto(env.PRESENCE + '/');
    await page.waitForSelector('#login-panel:not([hidden])', LONG);
    await signIn(page, env.APP_USER, env.APP_PASSWORD, '#login-button');
    await page.waitForFunction(() => document.getElementById('feed-state').textContent === 'live', null, LONG);
    await shoot(page, 'presence-phone');

    await page.goto(env.BROWSER_PHONE + '/');
    await signIn(page, env.APP_USER, env.APP_PASSWORD, '#login-button');
    await page.waitForURL(env.BROWSER_PHONE + '/', LONG);
    await page.waitForFunction(() => document.getElementById('identity').textContent !== '…', null, LONG);
    await shoot(page, 'browser-phone');

    await page.goto(env.PROXY_ADMIN + '/services');
    await signIn(page, env.APP_USER, env.APP_PASSWORD, 'button[type=submit]');
    await page.waitForURL(env.PROXY_ADMIN + '/services', LONG);
    // Prism's example Service (its lists of Services and Sessions are empty).
    await page.goto(env.PROXY_ADMIN + '/sessions?sid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    await shoot(page, 'proxy-admin');

    await page.goto(env.CAPABILITY + '/client/access-token');
    await page.waitForFunction(() => document.getElementById('log').textContent !== 'Loading…', null, LONG);
    await shoot(page, 'capability-page');
  } finally {
    await browser.close();
  }
  if (browser.problems.length) console.error('console errors:\n' + browser.problems.join('\n'));
})().catch((e) => { console.error(e); process.exit(1); });
