// Local mode's click-to-call in headless Chromium (playwright-core + Debian's
// chromium, shared checks of tests/browser/common.js): the binary runs on the
// embedded Twilio fake. Reads {baseUrl, username, password} as JSON on stdin, sets
// up a service, a session and two participants through the console's own routes,
// dials from the Participants page and prints what the dialog showed as JSON.
'use strict';

const fs = require('fs');
const path = require('path');
const kit = require('../../../tests/browser/common.js')(path.join(__dirname, '../web'));

const LONG = { timeout: 60000 };

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await kit.launch(input.baseUrl);
  const { page } = browser;
  const out = { errors: [], cspViolations: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) out.cspViolations.push(msg.text());
  });
  page.on('request', (req) => out.requests.push(new URL(req.url()).pathname));
  try {
    await page.goto(input.baseUrl + '/login');
    await page.fill('input[name=username]', input.username);
    await page.fill('input[name=password]', input.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type=submit]')]);

    // A service, a session and two participants, through the console's routes.
    const ids = await page.evaluate(async () => {
      const post = async (url, fields) => {
        const res = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${url}: ${res.status} ${text}`);
        return text;
      };
      const ks = await post('/createService', { uniqueName: 'local calls', geoMatchLevel: 'country', numberSelectionBehavior: 'prefer-sticky' });
      const kc = await post('/createSession', { serviceSid: ks, uniqueName: 'ride-1', mode: 'voice-and-message' });
      for (const [name, number] of [['Ann', '+14155550101'], ['Bob', '+14155550102']]) {
        await post('/createParticipant', { serviceSid: ks, sessionSid: kc, friendlyName: name, identifier: number });
      }
      return { ks, kc };
    });
    await page.goto(`${input.baseUrl}/participants?serviceSid=${ids.ks}&sessionSid=${ids.kc}`);
    out.sdkLoaded = await page.evaluate(() => Boolean(window.Twilio));
    out.note = (await page.textContent('#callModal .muted')).trim();
    await kit.check(page, 'participants (local mode)', out);

    await page.click('#participants [data-dial]');
    out.dialQuestion = (await page.textContent('#callModal .question')).trim();
    await page.click('#callModal [data-call-now]');
    await page.waitForFunction(() => /^Call in progress/.test(document.querySelector('#callModal .status').textContent), null, LONG);
    out.inCall = (await page.textContent('#callModal .status')).trim();
    out.hangupInCall = await page.isVisible('#callModal [data-hangup]');
    await kit.check(page, 'simulated call dialog', out);
    await page.click('#callModal [data-hangup]');
    await page.waitForFunction(() => /^Call ended/.test(document.querySelector('#callModal .status').textContent), null, LONG);
    out.ended = (await page.textContent('#callModal .status')).trim();
    out.hangupAfterCall = await page.isVisible('#callModal [data-hangup]');
    out.error = await page.isVisible('#callModal .error');
    await page.click('#callModal [data-close]');
  } catch (error) {
    out.errors.push(String(error && error.stack || error));
  } finally {
    out.problems = browser.problems;
    out.blocked = [...new Set(browser.blocked)].sort();
    out.requests = [...new Set(out.requests)].filter((p) => p.startsWith('/localCall') || p.startsWith('/vendor')).sort();
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
