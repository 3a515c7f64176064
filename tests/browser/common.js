// Checks shared by every app's headless-Chromium test (playwright-core driving
// Debian's /usr/bin/chromium): launch a fresh profile that can reach only the app,
// collect console errors and uncaught exceptions, and audit a page: axe-core with
// no serious or critical violation, and no horizontal overflow at 390 px.
//
// Each app's test requires this file with its own `web` directory, where
// `npm ci` installed playwright-core and axe-core:
//   const browser = require('../../../tests/browser/common.js')(path.join(__dirname, '../web'));
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

module.exports = function browserKit(webDir) {
  const { chromium } = require(path.join(webDir, 'node_modules', 'playwright-core'));
  const axeSource = fs.readFileSync(path.join(webDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

  /**
   * A fresh browser whose only reachable site is `base`: other requests are aborted
   * and recorded in `blocked`, unless `fulfil(url)` answers them (a fake SDK bundle).
   * `problems` collects every console error and uncaught exception of every page.
   */
  async function launch(base, { fulfil } = {}) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'app-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: DESKTOP,
    });
    const kit = { context, problems: [], blocked: [] };
    await context.route('**/*', (route) => {
      const url = route.request().url();
      const fake = fulfil && fulfil(url);
      if (fake) return route.fulfill(fake);
      if (url.startsWith(base)) return route.continue();
      kit.blocked.push(url);
      return route.abort();
    });
    // HTTP refusals the test provokes on purpose (a wrong password, a blocked
    // number) are logged by Chromium as console errors too; `expectRefusals` lets
    // exactly those through while its callback runs.
    let refusalsExpected = 0;
    kit.expectRefusals = async (f) => {
      refusalsExpected += 1;
      try { return await f(); } finally { refusalsExpected -= 1; }
    };
    const refusal = /^Failed to load resource: the server responded with a status of 4\d\d/;
    const watch = (page) => {
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (refusalsExpected > 0 && refusal.test(msg.text())) return;
        kit.problems.push(`console: ${msg.text()} @ ${page.url()}`);
      });
      page.on('pageerror', (error) => kit.problems.push(`uncaught: ${error} @ ${page.url()}`));
    };
    context.on('page', watch);
    context.pages().forEach(watch);
    kit.page = context.pages()[0] || (await context.newPage());
    kit.close = async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    };
    return kit;
  }

  /**
   * Audits the page as it is now, at 390 px and at desktop width: axe-core's
   * serious and critical violations (each as `id: help (selectors)`) and the
   * widths of a page that scrolls sideways. Empty lists mean it holds up.
   */
  async function audit(page, label) {
    const found = { label, violations: [], overflow: [] };
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      const width = await page.evaluate(() => new Promise((resolve) => {
        requestAnimationFrame(() => resolve({
          scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
        }));
      }));
      if (width.scroll > width.inner) found.overflow.push(`${label} at ${size.width} px: ${width.scroll} > ${width.inner}`);
      if (!(await page.evaluate(() => Boolean(window.axe)))) {
        await page.evaluate(axeSource);
      }
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of results.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
        found.violations.push(`${label} at ${size.width} px: ${v.id}: ${v.help} (${where})`);
      }
    }
    await page.setViewportSize(DESKTOP);
    return found;
  }

  /** Audits and merges the result into `out.audit` (violations and overflow lists). */
  async function check(page, label, out) {
    const found = await audit(page, label);
    out.audit = out.audit || { pages: [], violations: [], overflow: [] };
    out.audit.pages.push(label);
    out.audit.violations.push(...found.violations);
    out.audit.overflow.push(...found.overflow);
  }

  return { launch, audit, check, PHONE, DESKTOP };
};
