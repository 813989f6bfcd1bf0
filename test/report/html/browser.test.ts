/**
 * Opens report.html from disk in headless Debian Chromium (playwright-core): every chart renders through
 * vega-embed, nothing is fetched, no console error, and XSS payloads in trace strings show as text.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { writeReport } from '../../../src/report/write-report.ts';
import { IMG_XSS, SCRIPT_XSS, hostileInputs } from '../fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const INSTALL = `Chromium not found at ${CHROMIUM}; install it with \`apt-get install -y chromium\``;

if (!haveChromium && !inCi) console.warn(`browser test skipped: ${INSTALL}`);

describe.skipIf(!haveChromium && !inCi)('report.html in a browser', () => {
  it('renders every chart offline, with no request, no console error and trace strings as text', async () => {
    if (!haveChromium) throw new Error(`CI=true requires the browser test to run: ${INSTALL}`);
    const dir = await mkdtemp(join(tmpdir(), 'routelab-browser-'));
    const { html } = await writeReport(hostileInputs(), dir);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const consoleErrors: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (r) => {
        if (!/^(file|data|about|blob):/.test(r.url())) requests.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(html).href);
      await page.waitForFunction(
        () => {
          const figures = document.querySelectorAll('figure[data-spec]');
          const done = document.querySelectorAll('figure[data-rendered], figure[data-render-error]');
          return figures.length > 0 && done.length === figures.length;
        },
        null,
        { timeout: 30_000 },
      );
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('figure[data-spec]')].map((f) => ({
          id: f.id,
          error: f.getAttribute('data-render-error'),
          // vega-embed draws into .chart-wrapper; the static fallback SVG (also svg.marks) must be gone.
          embedded: f.querySelectorAll('.chart .chart-wrapper svg.marks, .chart .chart-wrapper canvas').length,
          allSvgs: f.querySelectorAll('.chart svg.marks').length,
        })),
      );
      expect(charts).toHaveLength(10);
      for (const c of charts) expect(c, c.id).toEqual({ id: c.id, error: null, embedded: 1, allSvgs: 1 });
      const text = await page.evaluate(() => document.body.textContent);
      expect(text).toContain(SCRIPT_XSS);
      expect(text).toContain(IMG_XSS);
      expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await mkdir('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
