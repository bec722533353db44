// The live dashboard in a real browser (Debian's Chromium via playwright-core) during a real
// RandomizedSearchCV over an RBF SVC on digits, on the pool with 2 threads: the counters advance,
// the task stream draws bars on both threads' lanes, a reload reconnects, the best row of the
// cvResults table is search.bestParams (scikit-learn's best_params_: the first candidate ranked 1),
// and the static report shows the same best row.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { Dashboard } from '../../src/dashboard/dashboard.js';
import { loadDigits } from '../../src/data/bundled.js';
import '../../src/estimators/index.js';
import { createEstimator } from '../../src/estimators/registry.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { parseSpace } from '../../src/params/index.js';
import { RandomizedSearchCV } from '../../src/search/index.js';
import { chromiumMissing, firstTableRow, fitsDone, lanesWithBars, launchChromium, openPage, screenshotPath } from './browser.js';

const skip = chromiumMissing();
let browser: Browser | undefined;

before(async () => {
  if (!skip) browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('live dashboard of a pool search: counters, task stream, reload, best row, report', { skip, timeout: 300_000 }, async () => {
  const digits = await loadDigits();
  const executor = new PiscinaExecutor({ maxThreads: 2, minThreads: 2 });
  const search = new RandomizedSearchCV(
    createEstimator('SVC', { kernel: 'rbf' }) as Estimator,
    parseSpace({ C: { loguniform: [0.1, 1000] }, gamma: { loguniform: [1e-4, 1e-2] } }, { forGrid: false }),
    { nIter: 8, cv: 3, randomState: 0, executor },
  );
  const lines: string[] = [];
  const dashboard = new Dashboard(search, { port: 0, log: (l) => lines.push(l) });
  const url = await dashboard.start();
  assert.match(lines[0]!, /^dashboard: http:\/\/127\.0\.0\.1:\d+\/$/);
  const errors: string[] = [];
  const page = await openPage(browser!, errors);
  try {
    await page.goto(url);
    const fit = search.fit(digits.X, digits.y);
    // counters advance while the search runs
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-stat="done"] .v')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const [first, total] = await fitsDone(page);
    assert.equal(total, 24);
    await page.waitForFunction(
      (n) => Number((document.querySelector('[data-stat="done"] .v')?.textContent ?? '0').split('/')[0]!.replace(/,/g, '')) > n,
      first,
      { timeout: 120_000 },
    );
    // a reload mid-search reconnects and catches up from a snapshot
    await page.reload();
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'live' || document.getElementById('status')?.textContent === 'finished',
      undefined,
      { timeout: 30_000 },
    );
    const api = (await (await fetch(url + 'api/state')).json()) as {
      progress: { done: number; total: number };
      nCandidates: number;
      workers: { rss: number | null; busy: number }[];
    };
    assert.equal(api.progress.total, 24);
    assert.equal(api.nCandidates, 8);
    await fit;
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'finished', undefined, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.body.getAttribute('data-rendered')) === 24, undefined, { timeout: 30_000 });
    assert.deepEqual(await fitsDone(page), [24, 24]);
    // "running" is the pool's own count of fits (started by a thread, not finished): 0 at the end
    assert.deepEqual(
      await page.evaluate(() => [
        document.querySelector('[data-stat="running"] .v')?.textContent,
        document.querySelector('[data-stat="running"] .k')?.textContent,
      ]),
      ['0', 'fits running'],
    );
    // the task stream: a lane per pool thread, bars drawn on both
    const lanes = await page.evaluate(() =>
      (window as unknown as { hyperfoldDashboard: { state(): { lanes: { name: string }[] } } }).hyperfoldDashboard.state().lanes.map((l) => l.name),
    );
    assert.equal(lanes.length, 2, `lanes: ${lanes.join(', ')}`);
    const bars = await lanesWithBars(page);
    assert.ok(
      bars.every((n) => n > 5),
      `pixels of bars per lane: ${bars.join(', ')}`,
    );
    // the final /api/state: workers with busy share and RSS, the best candidate
    const final = (await (await fetch(url + 'api/state')).json()) as {
      finished: boolean;
      best: { candidateIndex: number; params: Record<string, number>; score: number };
      workers: { rss: number | null; busy: number; threads: number }[];
    };
    assert.equal(final.finished, true);
    assert.equal(final.best.candidateIndex, search.bestIndex);
    assert.deepEqual(final.best.params, search.bestParams);
    assert.equal(final.workers[0]!.threads, 2);
    assert.ok(final.workers[0]!.rss! > 0 && final.workers[0]!.busy > 0);
    // the best row of the table is search.bestParams
    const row = await firstTableRow(page);
    assert.equal(row.candidate, search.bestIndex);
    assert.equal(row.rank, '1');
    assert.deepEqual(row.params, Object.fromEntries(Object.entries(search.bestParams!).map(([k, v]) => [k, String(v)])));
    // the downloads are the files --out writes
    const csv = await (await fetch(url + 'api/cv_results.csv')).text();
    assert.match(csv.split('\n')[0]!, /^mean_fit_time,std_fit_time,/);
    assert.equal(csv.trim().split('\n').length, 9);
    const shot = screenshotPath('pool-live.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`dashboard screenshot: ${shot}\n`);

    // the static report: same best row, no server
    const reportPath = screenshotPath('pool-report.html');
    dashboard.writeReport(reportPath);
    await dashboard.close();
    assert.doesNotMatch(readFileSync(reportPath, 'utf8'), /src="assets\//, 'the report inlines its assets');
    await page.goto(pathToFileURL(reportPath).href);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'report');
    await page.waitForFunction(() => document.body.hasAttribute('data-rendered'));
    const reportRow = await firstTableRow(page);
    assert.deepEqual(reportRow, row);
    assert.deepEqual(await fitsDone(page), [24, 24]);
    const reportShot = screenshotPath('pool-report.png');
    await page.screenshot({ path: reportShot, fullPage: true });
    process.stderr.write(`report screenshot: ${reportShot}\n`);
    rmSync(reportPath, { force: true });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await dashboard.close();
    await executor.close();
  }
});
