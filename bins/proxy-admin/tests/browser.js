// Drives the proxy admin in headless Chromium (playwright-core + Debian's chromium)
// with the shared checks of tests/browser/common.js: every page passes axe-core and
// the 390 px width with no console error. Reads {baseUrl, username, password,
// serviceSid, sessionSid, participantSid} as JSON on stdin and prints what the pages
// showed as JSON on stdout. Only the app is reachable; the Voice SDK is a stand-in
// whose first connect() cannot reach Twilio (31005) and whose second one connects.
'use strict';

const fs = require('fs');
const path = require('path');
const kit = require('../../../tests/browser/common.js')(path.join(__dirname, '../web'));

const FAKE_SDK = `
(() => {
  const log = (window.__log = []);
  class Emitter {
    constructor() { this.h = {}; }
    on(e, f) { (this.h[e] = this.h[e] || []).push(f); return this; }
    emit(e, ...a) { for (const f of this.h[e] || []) f(...a); }
  }
  class Call extends Emitter {
    constructor(parameters) { super(); this.parameters = parameters; }
    accept() { log.push('accept'); this.emit('accept', this); }
    reject() { log.push('reject'); }
  }
  class Device extends Emitter {
    constructor(token) { super(); window.__device = this; this.connects = 0; log.push('device'); }
    async register() { log.push('register'); setTimeout(() => this.emit('registered'), 0); }
    async connect(o) {
      this.connects += 1;
      log.push('connect:' + o.params.participantSid);
      if (this.connects === 1) {
        const e = new Error('ConnectionError (31005): Error sent from gateway in HANGUP');
        e.code = 31005;
        throw e;
      }
      const call = new Call({});
      this.active = call;
      setTimeout(() => call.emit('accept', call), 0);
      return call;
    }
    disconnectAll() { log.push('disconnectAll'); const c = this.active; this.active = null; if (c) c.emit('disconnect', c); }
    destroy() { log.push('destroy'); }
    ring(from) { const c = new Call({ From: from }); this.emit('incoming', c); }
  }
  window.Twilio = { Device };
})();`;

const LONG = { timeout: 60000 };

// Submits and waits for the page that follows, loaded. The forms post with fetch and
// then reload the same URL, so neither the URL nor the next navigation event tells the
// new page apart (Playwright calls waitForNavigation racy: once it returned early and
// the reload landed after the cookies were cleared). A mark on the old document does.
async function submitAndReload(page, selector) {
  await page.evaluate(() => { window.__submittedFrom = true; });
  const posted = page.waitForResponse((r) => r.request().method() === 'POST', LONG);
  await page.click(selector);
  await posted;
  await page.waitForFunction(() => !window.__submittedFrom && document.readyState === 'complete', null, LONG);
  return new URL(page.url()).pathname;
}

async function visible(page, selector) {
  return page.$eval(selector, (e) => !e.hidden && e.offsetParent !== null);
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await kit.launch(input.baseUrl, {
    fulfil: (url) => url.endsWith('/vendor/twilio.min.js') && { contentType: 'text/javascript', body: FAKE_SDK },
  });
  const { page, context } = browser;
  const out = { errors: [], cspViolations: [] };
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) out.cspViolations.push(msg.text());
  });
  const sessions = `${input.baseUrl}/sessions?sid=${input.serviceSid}`;
  const participants = `${input.baseUrl}/participants?serviceSid=${input.serviceSid}&sessionSid=${input.sessionSid}`;
  try {
    await page.goto(input.baseUrl + '/services');
    out.landedOn = new URL(page.url()).pathname;
    await kit.check(page, 'login', out);

    await browser.expectRefusals(async () => {
      await page.fill('input[name=username]', input.username);
      await page.fill('input[name=password]', 'wrong password');
      await submitAndReload(page, 'button[type=submit]');
    });
    out.loginError = await page.textContent('p.error');

    await page.fill('input[name=username]', input.username);
    await page.fill('input[name=password]', input.password);
    out.afterLogin = await submitAndReload(page, 'button[type=submit]');
    out.heading = await page.textContent('h1');
    await kit.check(page, 'services', out);

    await page.goto(input.baseUrl + '/');
    await kit.check(page, 'home', out);

    // Services: the Quick Create modal posts /createService and reloads.
    await page.goto(input.baseUrl + '/services');
    await page.click('button[data-open=createServiceModal]');
    out.modalOpen = await page.isVisible('#createServiceModal');
    await kit.check(page, 'create service dialog', out);
    await page.fill('#createServiceModal input[name=uniqueName]', 'rides from chromium');
    await page.selectOption('#createServiceModal select[name=geoMatchLevel]', 'area-code');
    out.afterCreateService = await submitAndReload(page, '#createServiceModal button[type=submit]');

    // Sessions: named after the service; the pool's Reserve toggle.
    await page.goto(sessions);
    out.sessionsHeading = (await page.textContent('h1')).trim();
    await kit.check(page, 'sessions', out);
    out.numbers = await page.$$eval('#numbers li', (li) => li.map((x) => x.textContent.replace(/\s+/g, ' ').trim()));
    out.afterReserve = await submitAndReload(page, '#numbers form[data-action="/reservePhone"] button');

    // Participants: the phone registers on page load (incoming calls ring at once).
    await page.goto(participants);
    await page.waitForFunction(() => /Phone ready/.test(document.getElementById('phoneState').textContent), null, LONG);
    out.phoneState = await page.textContent('#phoneState');
    out.logOnLoad = await page.evaluate(() => window.__log.slice());
    out.session = await page.textContent('p.row');
    await kit.check(page, 'participants', out);

    // Dial asks first; nothing is called until the admin says so. Prism's example
    // lists are empty, so the row is added as the template renders it for a pair
    // (src/views.rs `participants_page_renders_dial_data_and_visible_reasons`
    // checks that markup).
    await page.evaluate((d) => {
      const li = document.createElement('li');
      li.className = 'row';
      li.innerHTML = `<a href="#">Ann</a> <button type="button" class="dial" data-dial data-service="${d.serviceSid}" data-session="${d.sessionSid}" data-participant="${d.participantSid}" data-name="Ann" data-number="+15551230001" data-proxy="+15005550001">Dial</button>`
        + '<button type="button" disabled aria-describedby="why-sms-x">Send SMS</button> <span class="why" id="why-sms-x">SMS: this number is not an allowed SMS sender</span>';
      document.getElementById('participants').replaceChildren(li);
    }, input);
    out.disabledReasons = await page.$$eval('#participants button:disabled', (bs) => bs.map((b) => {
      const why = document.getElementById(b.getAttribute('aria-describedby') || '');
      return why && why.offsetParent !== null ? why.textContent.trim() : null;
    }));
    await page.click('#participants [data-dial]');
    out.dialQuestion = (await page.textContent('#callModal .question')).trim();
    out.hangupBeforeCall = await visible(page, '#callModal [data-hangup]');
    out.logAfterAsk = await page.evaluate(() => window.__log.slice());
    await kit.check(page, 'dial dialog', out);
    await page.click('#callModal [data-call-now]');
    await page.waitForSelector('#callModal .error:not([hidden])', LONG);
    out.dialError = (await page.textContent('#callModal .error')).trim();
    out.hangupAfterError = await visible(page, '#callModal [data-hangup]');
    await page.click('#callModal [data-call-now]');
    await page.waitForFunction(() => document.querySelector('#callModal .status').textContent === 'Call in progress', null, LONG);
    out.hangupInCall = await visible(page, '#callModal [data-hangup]');
    await page.click('#callModal [data-hangup]');
    await page.waitForFunction(() => document.querySelector('#callModal .status').textContent === 'Call ended', null, LONG);
    out.hangupAfterCall = await visible(page, '#callModal [data-hangup]');
    await page.click('#callModal [data-close]');
    // An incoming call rings without any click first.
    await page.evaluate(() => window.__device.ring('+14155550100'));
    out.incoming = (await page.textContent('#callModal .question')).trim();
    await page.click('#callModal [data-answer]');
    out.answered = await page.textContent('#callModal .status');
    await page.click('#callModal [data-close]');
    out.log = await page.evaluate(() => window.__log.slice());

    // Interactions: long SIDs and dates wrap at 390 px.
    await page.goto(`${input.baseUrl}/interactions?serviceSid=${input.serviceSid}&sessionSid=${input.sessionSid}&participantSid=${input.participantSid}`);
    out.interactionsHeading = (await page.textContent('h1')).trim();
    await kit.check(page, 'interactions', out);

    // An error page (a malformed SID) holds up too.
    await browser.expectRefusals(async () => {
      await page.goto(`${input.baseUrl}/sessions?sid=nope`);
    });
    out.errorHeading = (await page.textContent('h1')).trim();
    await kit.check(page, 'error', out);

    // Participants: create one with the seed's digits-only number.
    await page.goto(participants);
    await page.click('button[data-open=createParticipantModal]');
    await page.fill('#createParticipantModal input[name=friendlyName]', 'Ann <b>bold</b>');
    await page.fill('#createParticipantModal input[name=identifier]', '15551234567');
    out.afterCreateParticipant = await submitAndReload(page, '#createParticipantModal button[type=submit]');

    // A session that ended meanwhile: the action answers 401 and the page goes to /login.
    await context.clearCookies();
    await page.click('button[data-open=createParticipantModal]');
    await page.fill('#createParticipantModal input[name=friendlyName]', 'Bob');
    await page.fill('#createParticipantModal input[name=identifier]', '+15551234568');
    await browser.expectRefusals(async () => {
      await Promise.all([
        page.waitForURL(input.baseUrl + '/login'),
        page.click('#createParticipantModal button[type=submit]'),
      ]);
    });
    out.afterExpiry = new URL(page.url()).pathname;
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
