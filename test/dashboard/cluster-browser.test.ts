// The cluster in a real browser: two `hyperfold worker` processes and the
// `hyperfold dashboard --redis` page (queue, live workers from heartbeats, the running search),
// plus the search's own dashboard whose task stream has a lane per worker process thread.
// The best row is search.bestParams, as on the pool (same candidates, same scores: every
// executor runs fitAndScore).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Redis } from 'ioredis';
import { Dashboard } from '../../src/dashboard/dashboard.js';
import { loadDigits } from '../../src/data/bundled.js';
import '../../src/estimators/index.js';
import { createEstimator } from '../../src/estimators/registry.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import { parseSpace } from '../../src/params/index.js';
import { RandomizedSearchCV } from '../../src/search/index.js';
import { deleteKeysUnder, killWorkers, REDIS_URL, redisOrReason, spawnWorker, uniqueNames, type SpawnedWorker } from '../fixtures/cluster-harness.js';
import { chromiumMissing, firstTableRow, launchChromium, openPage, screenshotPath } from './browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const chromiumSkip = chromiumMissing();
let browser: Browser | undefined;
let redis: Redis | undefined;
let redisSkip: string | undefined;

before(async () => {
  if (chromiumSkip) return;
  const r = await redisOrReason();
  redis = r.redis;
  redisSkip = r.reason;
  if (redisSkip) process.stderr.write(`\n*** SKIPPED: ${redisSkip} ***\n\n`);
  else browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  redis?.disconnect();
});

/** Starts `hyperfold dashboard --redis …` and resolves to its URL and process. */
function startClusterDashboard(names: { queue: string; prefix: string }) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'dashboard', '--redis', REDIS_URL, '--queue', names.queue, '--prefix', names.prefix],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /dashboard: (http:\/\/\S+)\n/.exec(log);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hyperfold dashboard exited (${code}):\n${log}`)));
  });
  return { child, url };
}

test('cluster: the hyperfold dashboard --redis page and the search page with two workers', { skip: chromiumSkip, timeout: 300_000 }, async (t) => {
  if (redisSkip) return t.skip(redisSkip);
  const names = uniqueNames('dash');
  const workers: SpawnedWorker[] = [];
  const cluster = startClusterDashboard(names);
  const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix, batchSize: 1 });
  const errors: string[] = [];
  const page = await openPage(browser!, errors);
  const searchPage = await openPage(browser!, errors);
  let dashboard: Dashboard | undefined;
  try {
    workers.push(await spawnWorker(names), await spawnWorker(names));
    const clusterUrl = await cluster.url;
    await page.goto(clusterUrl);
    // both workers appear from their heartbeats, live
    await page.waitForFunction(() => document.querySelectorAll('#cluster-workers tr[data-worker]').length === 2, undefined, { timeout: 30_000 });
    const shown = await page.$$eval('#cluster-workers tr[data-worker]', (rows) =>
      rows.map((r) => [r.getAttribute('data-worker'), r.lastElementChild!.textContent]),
    );
    assert.deepEqual(
      shown.map((s) => s[1]),
      ['live', 'live'],
    );
    assert.deepEqual(new Set(shown.map((s) => Number(s[0]!.split(':').pop()))), new Set(workers.map((w) => w.pid)));

    const digits = await loadDigits();
    const search = new RandomizedSearchCV(
      createEstimator('SVC', { kernel: 'rbf' }) as Estimator,
      parseSpace({ C: { loguniform: [0.1, 1000] }, gamma: { loguniform: [1e-4, 1e-2] } }, { forGrid: false }),
      { nIter: 6, cv: 3, randomState: 1, executor },
    );
    dashboard = new Dashboard(search, { log: false });
    const searchUrl = await dashboard.start();
    await searchPage.goto(searchUrl);
    const fit = search.fit(digits.X, digits.y);
    // "running" on the search page: BullMQ batches of this search held by workers (batchSize 1: one fit each)
    let fitDone = false;
    void fit.finally(() => (fitDone = true)).catch(() => undefined);
    const running: { running: number | null; runningUnit: string | null }[] = [];
    const sampling = (async () => {
      while (!fitDone) {
        running.push(((await (await fetch(dashboard!.url + 'api/state')).json()) as { progress: (typeof running)[0] }).progress);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // the running search shows on the cluster page
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('#cluster-searches tr[data-search] td:nth-child(2)')).some((td) => td.textContent === 'running'),
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForFunction(
      () =>
        Number((document.querySelector('[data-stat="active"] .v')?.textContent ?? '0').replace(/,/g, '')) +
          Number((document.querySelector('[data-stat="completed"] .v')?.textContent ?? '0').replace(/,/g, '')) >
        0,
      undefined,
      { timeout: 60_000 },
    );
    await fit;
    await sampling;
    const measured = running.filter((p) => p.running !== null);
    assert.ok(measured.length > 0, 'the cluster executor reported what runs while the search ran');
    assert.ok(
      measured.every((p) => p.runningUnit === 'batches' && p.running! >= 0 && p.running! <= 18),
      JSON.stringify(measured),
    );
    // the fits each worker ran reach the page through its heartbeat (every 5 s)
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('#cluster-workers tr[data-worker] td:nth-child(3)')).reduce(
          (a, td) => a + Number((td.textContent ?? '0').replace(/,/g, '') || 0),
          0,
        ) === 18,
      undefined,
      { timeout: 30_000 },
    );
    const shot = screenshotPath('cluster.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`cluster dashboard screenshot: ${shot}\n`);

    // the search's page: one lane per worker thread, two processes, the best row
    const api = (await (await fetch(searchUrl + 'api/state')).json()) as { finished: boolean; workers: { name: string }[]; best: { params: unknown } };
    assert.equal(api.finished, true);
    assert.equal((api as unknown as { progress: { running: number } }).progress.running, 0);
    assert.deepEqual(new Set(api.workers.map((w) => Number(w.name.split(':').pop()))), new Set(workers.map((w) => w.pid)));
    assert.deepEqual(api.best.params, search.bestParams);
    await searchPage.waitForFunction(() => document.getElementById('status')?.textContent === 'finished', undefined, { timeout: 30_000 });
    await searchPage.waitForFunction(() => Number(document.body.getAttribute('data-rendered')) === 18, undefined, { timeout: 30_000 });
    const row = await firstTableRow(searchPage);
    assert.equal(row.candidate, search.bestIndex);
    assert.deepEqual(row.params, Object.fromEntries(Object.entries(search.bestParams!).map(([k, v]) => [k, String(v)])));
    const searchShot = screenshotPath('cluster-search.png');
    await searchPage.screenshot({ path: searchShot, fullPage: true });
    process.stderr.write(`cluster search screenshot: ${searchShot}\n`);

    // a worker that stops is gone from the page (clean shutdown removes its heartbeat)
    await killWorkers([workers[0]!], 'SIGTERM');
    await page.waitForFunction(() => document.querySelectorAll('#cluster-workers tr[data-worker]').length === 1, undefined, { timeout: 30_000 });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await searchPage.close();
    await dashboard?.close();
    await executor.close();
    await killWorkers(workers);
    cluster.child.kill('SIGTERM');
    await deleteKeysUnder(redis!, names.prefix);
  }
});
