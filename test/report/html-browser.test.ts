import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, REAL, tempDir } from '../helpers/cli.js';

/**
 * `report --html` opened in a real browser: Debian's Chromium, driven by playwright-core, with
 * networking off. Mandatory when CYCLEKIT_REQUIRE_BROWSER=1 (.ci/run sets it and installs
 * Chromium); elsewhere it runs when /usr/bin/chromium exists and is skipped, saying so, when not.
 */
const CHROMIUM = process.env.CYCLEKIT_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.CYCLEKIT_REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
if (!AVAILABLE && !REQUIRED) console.warn(`html-browser.test.ts: SKIPPED — no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CYCLEKIT_CHROMIUM); CI requires it`);

/** Distinct byte values in a PNG's pixel data: a blank image has a handful (filter bytes and one colour). */
function pixelVariety(png: Buffer): number {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return new Set(inflateSync(Buffer.concat(parts))).size;
}

type Browser = import('playwright-core').Browser;

describe.skipIf(!AVAILABLE && !REQUIRED)('report --html in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir('cyclekit-html-');

  beforeAll(async () => {
    if (!AVAILABLE) throw new Error(`CYCLEKIT_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string): Promise<{ errors: string[]; requests: string[]; boxes: { width: number; height: number }[]; variety: number }> {
    const context = await browser.newContext({ offline: true, viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(readFileSync(html, 'utf8'), { waitUntil: 'load' });
    const boxes = await page.$$eval('figure svg', (els) => els.map((e) => ({ width: e.getBoundingClientRect().width, height: e.getBoundingClientRect().height })));
    const first = page.locator('figure').first();
    const variety = pixelVariety(await first.screenshot());
    await context.close();
    return { errors, requests, boxes, variety };
  }

  it('HE-V demo: every figure laid out, no console error, no request, a screenshot with content', async () => {
    const html = join(dir, 'he-v.html');
    const r = cli(['report', '-q', 'fixtures/he-v/he-v-0.2C.csv', '--html', html]);
    expect(r.code).toBe(0);
    const page = await open(html);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.boxes.length).toBe(3); // profile, dQ/dV, windows (4 cycles: no retention or rate)
    for (const b of page.boxes) expect(b.width * b.height).toBeGreaterThan(10_000);
    expect(page.variety).toBeGreaterThan(20);
  });

  it('real Neware .xls export (fixtures/real/MANIFEST.md: 14 cycles, a rate test): rate among the figures', async () => {
    const html = join(dir, 'neware.html');
    const r = cli(['report', '-q', join(REAL, 'neware', 'custom_data_003.xls'), '--html', html]);
    expect(r.code).toBe(0);
    const page = await open(html);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    // profile, dQ/dV, rate: a rate test has no retention figure (issue #16: no fade on rate steps)
    expect(page.boxes.length).toBe(3);
    for (const b of page.boxes) expect(b.width * b.height).toBeGreaterThan(10_000);
    expect(readFileSync(html, 'utf8')).toContain('Discharge capacity per cycle, by C-rate group');
  });

  it('10,000 cycles: the page stays under 5 MB and opens cleanly', async () => {
    const rows = ['Cycle_Index,Q_chg,Q_dis,CE,E_chg,E_dis,V_min,V_max'];
    for (let n = 1; n <= 10000; n++) {
      const q = 0.0002468 * (1 - 0.112 * ((n - 1) / 9999)) * (1 + 0.002 * Math.sin(n));
      rows.push(`${n},${(q * 1.001).toPrecision(7)},${q.toPrecision(7)},0.999,${(q * 3.3).toPrecision(7)},${(q * 3.2).toPrecision(7)},1.5,4.1`);
    }
    const table = join(dir, 'long-summary.csv');
    writeFileSync(table, rows.join('\n') + '\n');
    const html = join(dir, 'long.html');
    const r = cli(['report', '-q', table, '--html', html, '--segments', '5000']);
    expect(r.code).toBe(0);
    expect(statSync(html).size).toBeLessThan(5 * 1024 * 1024);
    const page = await open(html);
    expect(page.errors).toEqual([]);
    expect(page.boxes.length).toBeGreaterThanOrEqual(1);
  });
});
