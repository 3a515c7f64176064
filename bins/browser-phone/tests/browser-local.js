// Drives the browser phone's LOCAL MODE in headless Chromium (playwright-core +
// Debian's chromium) with the shared checks of tests/browser/common.js: the banner on
// the login page and the phone, no Voice SDK loaded or asked for, no console error, a
// text message and a voice message sent and listed (also after a reload). Reads
// {baseUrl, username, password, to, message, voiceMessage} as JSON on stdin and prints
// what the page showed as JSON.
'use strict';

const fs = require('fs');
const path = require('path');
const kit = require('../../../tests/browser/common.js')(path.join(__dirname, '../web'));

const LONG = { timeout: 60000 };

async function result(page, id) {
  await page.waitForFunction((i) => {
    const r = document.getElementById(i);
    return !r.hidden && r.textContent !== 'Sending…';
  }, id, LONG);
  return page.textContent('#' + id);
}

async function listed(page, id, text) {
  await page.waitForFunction(([i, t]) => {
    const items = document.querySelectorAll('#' + i + ' li');
    return [...items].some((li) => li.textContent.includes(t));
  }, [id, text], LONG);
  return page.textContent('#' + id + ' li');
}

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const browser = await kit.launch(input.baseUrl);
  const { page } = browser;
  const out = { errors: [] };
  let sdkRequested = false;
  page.on('request', (req) => { if (req.url().includes('twilio.min.js')) sdkRequested = true; });
  try {
    await page.goto(input.baseUrl + '/');
    out.loginBanner = (await page.textContent('#local-banner')).trim();
    await kit.check(page, 'local login', out);

    await page.fill('#username', input.username);
    await page.fill('#password', input.password);
    await page.click('#login-button');
    await page.waitForURL(input.baseUrl + '/');
    await page.waitForFunction(() => document.getElementById('identity').textContent !== '…');
    out.identity = await page.textContent('#identity');
    out.banner = (await page.textContent('#local-banner')).trim();
    await page.waitForFunction(() => /local mode/.test(document.getElementById('call-status').textContent), null, LONG);
    out.callStatus = await page.textContent('#call-status');
    out.sdkLoaded = await page.evaluate(() => Boolean(window.Twilio));

    await page.fill('#sms-to', input.to);
    await page.fill('#sms-message', input.message);
    await page.click('#sms-send');
    out.smsResult = await result(page, 'sms-result');
    out.smsListed = await listed(page, 'sms-history', input.message);
    await kit.check(page, 'local text message tab', out);

    await page.click('#tab-voice');
    await page.fill('#voice-to', input.to);
    await page.fill('#voice-message', input.voiceMessage);
    await page.click('#voice-send');
    out.voiceResult = await result(page, 'voice-result');
    out.voiceListed = await listed(page, 'voice-history', input.to);
    await kit.check(page, 'local voice message tab', out);

    await page.click('#tab-call');
    await kit.check(page, 'local call tab', out);

    await page.reload();
    out.listedAfterReload = await listed(page, 'sms-history', input.message);
    out.sdkRequested = sdkRequested;
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
