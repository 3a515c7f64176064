// Drives the proxy admin in headless Chromium (playwright-core + Debian's chromium).
// Reads {baseUrl, username, password, serviceSid, sessionSid} as JSON on stdin and
// prints what the pages showed as JSON on stdout. Only the app is reachable.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(path.join(__dirname, '../web/node_modules/playwright-core'));

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function submitAndReload(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return new URL(page.url()).pathname;
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-admin-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const out = { pageErrors: [], cspViolations: [], blocked: [] };
  try {
    await context.route((url) => !url.href.startsWith(input.baseUrl), (route) => {
      out.blocked.push(new URL(route.request().url()).host);
      return route.abort();
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (error) => out.pageErrors.push(String(error)));
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) out.cspViolations.push(msg.text());
    });

    await page.goto(input.baseUrl + '/services');
    out.landedOn = new URL(page.url()).pathname;

    await page.fill('input[name=username]', input.username);
    await page.fill('input[name=password]', 'wrong password');
    await submitAndReload(page, 'button[type=submit]');
    out.loginError = await page.textContent('p.error');

    await page.fill('input[name=username]', input.username);
    await page.fill('input[name=password]', input.password);
    out.afterLogin = await submitAndReload(page, 'button[type=submit]');
    out.heading = await page.textContent('h1');

    // Services: the Quick Create modal posts /createService and reloads.
    await page.goto(input.baseUrl + '/services');
    await page.click('button[data-open=createServiceModal]');
    out.modalOpen = await page.isVisible('#createServiceModal');
    await page.fill('#createServiceModal input[name=uniqueName]', 'rides from chromium');
    await page.selectOption('#createServiceModal select[name=geoMatchLevel]', 'area-code');
    out.afterCreateService = await submitAndReload(page, '#createServiceModal button[type=submit]');

    // Sessions: the pool's Reserve toggle.
    await page.goto(`${input.baseUrl}/sessions?sid=${input.serviceSid}`);
    out.numbers = await page.$$eval('#numbers li', (li) => li.map((x) => x.textContent.replace(/\s+/g, ' ').trim()));
    out.afterReserve = await submitAndReload(page, '#numbers form[data-action="/reservePhone"] button');

    // Participants: create one with the seed's digits-only number.
    await page.goto(`${input.baseUrl}/participants?serviceSid=${input.serviceSid}&sessionSid=${input.sessionSid}`);
    out.session = await page.textContent('p.row');
    await page.click('button[data-open=createParticipantModal]');
    await page.fill('#createParticipantModal input[name=friendlyName]', 'Ann <b>bold</b>');
    await page.fill('#createParticipantModal input[name=identifier]', '15551234567');
    out.afterCreateParticipant = await submitAndReload(page, '#createParticipantModal button[type=submit]');

    // A session that ended meanwhile: the action answers 401 and the page goes to /login.
    await context.clearCookies();
    await page.click('button[data-open=createParticipantModal]');
    await page.fill('#createParticipantModal input[name=friendlyName]', 'Bob');
    await page.fill('#createParticipantModal input[name=identifier]', '+15551234568');
    await Promise.all([
      page.waitForURL(input.baseUrl + '/login'),
      page.click('#createParticipantModal button[type=submit]'),
    ]);
    out.afterExpiry = new URL(page.url()).pathname;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  out.blocked = [...new Set(out.blocked)].sort();
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
