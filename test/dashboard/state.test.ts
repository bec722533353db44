// The dashboard's model of a search, without a browser, on real searches over digits:
// - the task stream's bars are each fit's own wall-clock start and end (FitResult.startedAt /
//   endedAt, taken by fitAndScore where the fit ran), on the lane of the pool thread that ran it;
// - "running" is what the executor measures: fits held running on both pool threads read 2,
//   and 0 once the search finished;
// - a successive-halving search shows its rounds: per round the candidates and resources
//   scikit-learn's HalvingGridSearchCV schedules (n_candidates_, n_resources_), fits done of
//   total, and the best mean test score among that round's rows of cv_results_.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Dashboard } from '../../src/dashboard/dashboard.js';
import { stateFromJournal } from '../../src/dashboard/journal-report.js';
import type { ApiState } from '../../src/dashboard/protocol.js';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import '../../src/estimators/index.js';
import { createEstimator } from '../../src/estimators/registry.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import type { FitResult } from '../../src/jobs/types.js';
import { HalvingGridSearchCV } from '../../src/search/halving-search.js';
import { GridSearchCV } from '../../src/search/index.js';
import { DashboardGatedCentroid } from './fixtures/gated-estimator.js';

const FIXTURE = new URL('./fixtures/gated-estimator.ts', import.meta.url);

async function apiState(url: string): Promise<ApiState> {
  return (await (await fetch(url + 'api/state')).json()) as ApiState;
}

test('pool: bars are the fits own start and end on their thread; running is measured by the pool', { timeout: 240_000 }, async () => {
  const digits = await loadDigits();
  const dir = mkdtempSync(join(tmpdir(), 'hyperfold-running-'));
  const gate = join(dir, 'open');
  const executor = new PiscinaExecutor({ maxThreads: 2, minThreads: 2, modules: [FIXTURE] });
  const search = new GridSearchCV(new DashboardGatedCentroid({ gate }), { shrink: [0, 0.1, 0.2, 0.3] }, { cv: 2, executor });
  const dashboard = new Dashboard(search, { log: false, tickMs: 20 });
  const url = await dashboard.start();
  const results: FitResult[] = [];
  search.on('result', (r) => results.push(r));
  try {
    const fit = search.fit(digits.X, digits.y);
    // every fit waits for the gate: the page's source must come to read two fits running, one per thread
    let seen: ApiState | undefined;
    for (;;) {
      seen = await apiState(url);
      if (seen.progress.running === 2) break;
      assert.ok((seen.progress.running ?? 0) <= 2, `at most one fit per thread runs: ${JSON.stringify(seen.progress)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(seen.progress.runningUnit, 'fits');
    assert.equal(seen.progress.done, 0, 'no fit could finish before the gate opened');
    writeFileSync(gate, '');
    await fit;
    const final = await apiState(url);
    assert.equal(final.finished, true);
    assert.equal(final.progress.running, 0);

    assert.equal(results.length, 8);
    const state = dashboard.state.snapshot();
    const t = state.tasks;
    assert.equal(t.lane.length, 8);
    assert.deepEqual(state.lanes.map((l) => l.name).sort(), [...new Set(results.map((r) => r.worker!))].sort());
    assert.equal(state.lanes.length, 2);
    for (const l of state.lanes) assert.match(l.name, /^thread \d+$/);
    results.forEach((r, k) => {
      assert.ok(r.startedAt !== undefined && r.endedAt !== undefined, 'every pool result carries its wall-clock start and end');
      // the bar: ms since the search started, at 0.1 ms
      assert.equal(t.start[k], Math.round((r.startedAt! - dashboard.state.startedAt) * 10) / 10);
      assert.equal(t.end[k], Math.round((r.endedAt! - dashboard.state.startedAt) * 10) / 10);
      // epoch milliseconds near 1.7e12 are doubles spaced 2.4e-4 ms apart: compare to a microsecond
      assert.ok(r.endedAt! - r.startedAt! >= (r.fitTime + r.scoreTime) * 1000 - 1e-3, 'the bar covers fit and score time');
      assert.equal(state.lanes[t.lane[k]!]!.name, r.worker);
    });
    // one thread runs one fit at a time: its bars never overlap
    for (const name of new Set(results.map((r) => r.worker))) {
      const mine = results.filter((r) => r.worker === name).sort((a, b) => a.startedAt! - b.startedAt!);
      for (let k = 1; k < mine.length; k++) assert.ok(mine[k]!.startedAt! >= mine[k - 1]!.endedAt!, `${name}: fit ${k} starts after fit ${k - 1} ended`);
    }
  } finally {
    writeFileSync(gate, '');
    await dashboard.close();
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('halving: rounds with scikit-learn schedule, fits done of total and best per round; inline running counts fits; the report rebuilt from its journal shows the same rounds', async () => {
  const digits = await loadDigits();
  const rows = Int32Array.from({ length: 600 }, (_, i) => i);
  const dir = mkdtempSync(join(tmpdir(), 'hf-rounds-'));
  const journal = join(dir, 'halving.jsonl');
  const search = new HalvingGridSearchCV(
    createEstimator('KNeighborsClassifier') as Estimator,
    { nNeighbors: [1, 3, 5, 7, 9, 15], weights: ['uniform', 'distance'] },
    { cv: 3, factor: 3, randomState: 0, executor: new InlineExecutor() },
  );
  const dashboard = new Dashboard(search, { log: false });
  const url = await dashboard.start();
  try {
    const during: (number | null)[] = [];
    search.on('iteration', () => void apiState(url).then((s) => during.push(s.progress.running)));
    await search.fit(takeRows(digits.X, rows), takeLabels(digits.y, rows), { journal });
    const rounds = dashboard.state.rounds();
    const cv = search.cvResults!;
    const iter = cv.iter as unknown as number[];
    const mean = cv.mean_test_score as unknown as number[];
    assert.equal(rounds.length, search.nIterations);
    assert.deepEqual(
      rounds.map((r) => r.nCandidates),
      search.nCandidates,
    );
    assert.deepEqual(
      rounds.map((r) => r.nResources),
      search.nResources,
    );
    let offset = 0;
    rounds.forEach((r, k) => {
      assert.equal(r.iteration, k);
      assert.equal(r.nIterations, rounds.length);
      assert.equal(r.offset, offset, `round ${k} starts at candidate ${offset}`);
      assert.equal(r.fitsTotal, r.nCandidates * 3);
      assert.equal(r.fitsDone, r.fitsTotal);
      const mine = mean.filter((_, i) => iter[i] === k);
      assert.equal(mine.length, r.nCandidates);
      assert.ok(Math.abs(r.best! - Math.max(...mine)) < 1e-12, `round ${k}: best ${r.best} vs cv_results_ ${Math.max(...mine)}`);
      offset += r.nCandidates;
    });
    assert.ok(
      rounds.every((r, k) => k === 0 || r.startMs >= rounds[k - 1]!.startMs),
      'rounds start one after another',
    );
    const final = await apiState(url);
    assert.deepEqual(final.rounds, rounds);
    assert.equal(final.progress.running, 0);
    assert.equal(final.progress.runningUnit, 'fits');
    assert.ok(
      during.every((r) => r === null || r === 0 || r === 1),
      `inline runs one fit at a time: ${during.join(', ')}`,
    );
    // `hyperfold report --journal`: the rounds come back from the journal's lines (start times from the fits' own)
    const withoutStart = (rs: typeof rounds) => rs.map(({ startMs: _, ...r }) => r);
    assert.deepEqual(withoutStart(stateFromJournal(journal).rounds()), withoutStart(rounds));
  } finally {
    await dashboard.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
