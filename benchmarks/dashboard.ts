/**
 * The dashboard at 100,000 candidates, in Chromium (Debian's, driven by
 * playwright-core): a synthetic live search state — 100k candidates over three
 * parameters (two log-uniform, one categorical), 5 folds, 4 of them finished
 * (400,000 fits on 8 worker threads) — served by the real server. Measures
 * time to first paint, when each view is first drawn (the page's own record, ms since
 * navigation), time until every view is drawn, update latency (a batch
 * of 1,000 fits added on the server until the page's counter shows them;
 * includes the server's 250 ms coalescing) and the longest frame while
 * updates stream in. Baseline: the same page at 1,000 candidates.
 *
 *   node --import tsx benchmarks/dashboard.ts [--candidates 100000]
 */
import { chromium, type Page } from 'playwright-core';
import { SearchSource } from '../src/dashboard/dashboard.js';
import { DashboardServer } from '../src/dashboard/server.js';
import { SearchState } from '../src/dashboard/state.js';
import type { FitSuccess } from '../src/jobs/types.js';
import { machineLoad, printTable, ratio } from './lib/table.js';
import { flag } from './lib/variant.js';

const N = Number(flag('candidates') ?? 100_000);
const SPLITS = 5;
const THREADS = 8;

/** A seeded generator (mulberry32) so every run draws the same state. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildState(n: number): { state: SearchState; addFits(count: number): void } {
  const t0 = Date.now() - 3_600_000;
  const state = new SearchState(t0);
  state.begin({ title: `synthetic search, ${n.toLocaleString('en-US')} candidates`, metric: 'score', nSplits: SPLITS });
  const rand = rng(7);
  const kernels = ['rbf', 'poly', 'sigmoid'];
  const params = Array.from({ length: n }, () => ({ C: 10 ** (rand() * 6 - 2), gamma: 10 ** (rand() * 4 - 5), kernel: kernels[Math.floor(rand() * 3)]! }));
  state.addCandidates(0, params);
  const quality = params.map(
    (p) => 0.97 - (0.05 * Math.abs(Math.log10(p.C) - 1)) / 3 - (0.08 * Math.abs(Math.log10(p.gamma) + 3)) / 2 - (p.kernel === 'rbf' ? 0 : 0.04),
  );
  let clock = t0;
  let next = 0; // next (candidate, split) slot, split-major: fold s of every candidate, then fold s + 1
  const total = n * SPLITS;
  const addFits = (count: number): void => {
    for (let k = 0; k < count && next < total; k++, next++) {
      const c = next % n;
      const s = Math.floor(next / n);
      const dur = 0.02 + rand() * 0.05;
      clock += (dur * 1000) / THREADS;
      const r: FitSuccess = {
        ok: true,
        key: `${c}:${s}`,
        candidateIndex: c,
        splitIndex: s,
        testScores: { score: quality[c]! + (rand() - 0.5) * 0.02 },
        fitTime: dur * 0.8,
        scoreTime: dur * 0.2,
        nTestSamples: 360,
        worker: `thread ${(next % THREADS) + 1}`,
      };
      state.addResult(r, clock);
    }
    state.setProgress({ done: next, total, failed: 0, elapsedMs: clock - t0, etaMs: ((clock - t0) / next) * (total - next) }, clock);
  };
  addFits(n * (SPLITS - 1));
  return { state, addFits };
}

interface Figures {
  firstPaintMs: number;
  allViewsMs: number;
  updateMs: number;
  longestFrameMs: number;
  snapshotMb: number;
  /** View → ms since navigation when it was first drawn (the page's own record). */
  drawnAt: Record<string, number>;
}

/** The views of the table, in the page's drawing order (name in the page → row label). */
const VIEWS: [string, string][] = [
  ['snapshot', 'snapshot received and applied'],
  ['tasks', 'task stream drawn'],
  ['candidates', 'mean ± std per candidate drawn'],
  ['parallel', 'parallel coordinates drawn'],
  ['slices', 'slices drawn'],
  ['table', 'cvResults table drawn'],
];

async function doneCounter(page: Page): Promise<number> {
  const text = (await page.textContent('[data-stat="done"] .v')) ?? '0';
  return Number(text.split('/')[0]!.replace(/,/g, ''));
}

async function measure(n: number): Promise<Figures> {
  const { state, addFits } = buildState(n);
  const source = new SearchSource(state);
  const snapshotMb = Buffer.byteLength(JSON.stringify(state.snapshot())) / 1e6;
  state.delta(); // start deltas from here (the page gets a snapshot on connect)
  const server = await DashboardServer.start(source, {});
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.hasAttribute('data-rendered'), undefined, { timeout: 300_000 });
    const allViewsMs = Date.now() - t0;
    const firstPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    const firstDrawn = (await page.evaluate('window.hyperfoldDashboard.firstDrawn()')) as Record<string, { at: number; ms: number }>;
    console.log(`${n} candidates: each view first drawn (ms since navigation; ms it took):`, JSON.stringify(firstDrawn));
    const drawnAt = Object.fromEntries(Object.entries(firstDrawn).map(([k, v]) => [k, v.at]));
    // frames while updates stream in
    // (a string: the tsx loader would add helpers a page does not have to a function's source)
    await page.evaluate(`(() => {
      window.maxGap = 0;
      let last = performance.now();
      const loop = (t) => { window.maxGap = Math.max(window.maxGap, t - last); last = t; requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    })()`);
    const slowDraws: string[] = [];
    if (process.env.HYPERFOLD_DEBUG) {
      page.on('console', (m) => {
        const ms = /render (.+) (\d+) ms$/.exec(m.text());
        if (ms && Number(ms[2]) >= 50) slowDraws.push(`${ms[1]} ${ms[2]}`);
      });
      await page.evaluate('window.hyperfoldDebug = true');
    }
    const latencies: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = await doneCounter(page);
      const t = Date.now();
      addFits(Math.min(1000, Math.floor(n / 10)));
      await page.waitForFunction(
        (b) => Number((document.querySelector('[data-stat="done"] .v')?.textContent ?? '0').split('/')[0]!.replace(/,/g, '')) > b,
        before,
        { timeout: 60_000, polling: 10 },
      );
      latencies.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 300));
    }
    const longestFrameMs = await page.evaluate(() => (window as unknown as { maxGap: number }).maxGap);
    console.log(`${n} candidates: last render of each view (ms):`, await page.evaluate('window.hyperfoldDashboard.timings()'));
    if (slowDraws.length) console.log(`${n} candidates: draws of 50 ms or more during updates: ${slowDraws.join(', ')}`);
    latencies.sort((a, b) => a - b);
    return { firstPaintMs, allViewsMs, updateMs: latencies[Math.floor(latencies.length / 2)]!, longestFrameMs, snapshotMb, drawnAt };
  } finally {
    await browser.close();
    await server.close();
  }
}

const base = await measure(1_000);
const big = await measure(N);
const ms = (x: number): string => `${x.toFixed(0)} ms`;
printTable(
  `dashboard in Chromium: ${N.toLocaleString('en-US')} candidates (hyperfold) vs 1,000 (baseline), ${SPLITS} folds, ${THREADS} lanes — ${machineLoad()}`,
  [
    {
      name: 'snapshot JSON',
      hyperfold: `${big.snapshotMb.toFixed(1)} MB`,
      baseline: `${base.snapshotMb.toFixed(2)} MB`,
      ratio: ratio(big.snapshotMb, base.snapshotMb),
    },
    { name: 'first contentful paint', hyperfold: ms(big.firstPaintMs), baseline: ms(base.firstPaintMs), ratio: ratio(big.firstPaintMs, base.firstPaintMs) },
    ...VIEWS.map(([view, label]) => ({
      name: `  ${label}`,
      hyperfold: ms(big.drawnAt[view] ?? NaN),
      baseline: ms(base.drawnAt[view] ?? NaN),
      ratio: ratio(big.drawnAt[view] ?? NaN, base.drawnAt[view] ?? NaN),
    })),
    { name: 'every view drawn', hyperfold: ms(big.allViewsMs), baseline: ms(base.allViewsMs), ratio: ratio(big.allViewsMs, base.allViewsMs) },
    { name: 'update latency (median of 7)', hyperfold: ms(big.updateMs), baseline: ms(base.updateMs), ratio: ratio(big.updateMs, base.updateMs) },
    {
      name: 'longest frame during updates',
      hyperfold: ms(big.longestFrameMs),
      baseline: ms(base.longestFrameMs),
      ratio: ratio(big.longestFrameMs, base.longestFrameMs),
    },
  ],
);
