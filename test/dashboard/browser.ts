/**
 * Chromium for the dashboard's browser tests: Debian's /usr/bin/chromium driven
 * by playwright-core (never a downloaded browser). Absent: the tests fail under
 * CI=true and are skipped loudly elsewhere.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HYPERFOLD_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here (undefined: they can); throws under CI=true. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM}: the dashboard's browser tests need it (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(reason);
  process.stderr.write(`\n*** SKIPPED: ${reason} ***\n\n`);
  return reason;
}

/** Launches headless Chromium with the flags the project's CI uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A new page of a fixed size that fails the test on any script error. */
export async function openPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}

/** Where screenshots go (printed by the tests so a reviewer can look at them). */
export function screenshotPath(name: string): string {
  const dir = join(tmpdir(), 'hyperfold-dashboard');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** The best row of the cvResults table: its candidate index and parameter cells (full text in `title`). */
export async function firstTableRow(page: Page): Promise<{ candidate: number; params: Record<string, string>; rank: string }> {
  return page.evaluate(() => {
    const tr = document.querySelector('#cv-results tbody tr[data-candidate]');
    if (!tr) throw new Error('the cvResults table has no row');
    const params: Record<string, string> = {};
    for (const td of Array.from(tr.querySelectorAll('td[data-param]'))) params[td.getAttribute('data-param')!] = td.getAttribute('title') ?? '';
    return { candidate: Number(tr.getAttribute('data-candidate')), params, rank: tr.querySelector('td')!.textContent ?? '' };
  });
}

/** Reads the page's counter "fits done" as [done, total]. */
export async function fitsDone(page: Page): Promise<[number, number]> {
  const text = (await page.textContent('[data-stat="done"] .v')) ?? '';
  const m = /([\d,]+)\s*\/\s*([\d,]+)/.exec(text);
  return m ? [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))] : [0, 0];
}

/** Counts lanes of the task-stream canvas that have at least one drawn bar (pixels of a status colour). */
export async function lanesWithBars(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const c = document.getElementById('task-stream') as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    const state = (window as unknown as { hyperfoldDashboard: { state(): { lanes: unknown[] } } }).hyperfoldDashboard.state();
    const out: number[] = [];
    for (let lane = 0; lane < state.lanes.length; lane++) {
      const y = Math.round((22 + lane * 22 + 11) * dpr);
      const x0 = Math.round(150 * dpr);
      const row = ctx.getImageData(x0, y, c.width - x0, 1).data;
      let bars = 0;
      for (let i = 0; i < row.length; i += 4) {
        // the 'ok' green (#2f9e6f) or any other status colour: saturated, not the white/grey background
        const r = row[i]!,
          g = row[i + 1]!,
          b = row[i + 2]!;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) bars++;
      }
      out.push(bars);
    }
    return out;
  });
}
