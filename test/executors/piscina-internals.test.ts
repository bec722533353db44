import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeDataSet } from '../../src/data/dataset.js';
import { loadDigits } from '../../src/data/bundled.js';
import { CostModel } from '../../src/executors/piscina/cost.js';
import '../../src/estimators/forest/index.js'; // registers RandomForestClassifier with its cost hint
import { DispatchQueue } from '../../src/executors/piscina/dispatch-queue.js';
import { DEFAULT_YOUNG_GENERATION_MB, resolvePoolOptions, threadExecArgv, withoutTsxLoader } from '../../src/executors/piscina/options.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FoldTable } from '../../src/executors/piscina/fold-table.js';
import { dataSetFromShared, shareDataSet } from '../../src/executors/piscina/shared-data.js';
import { SpecReader, buildSpecTable } from '../../src/executors/piscina/spec-table.js';
import { jobMessageBytes } from '../../src/executors/piscina/message-size.js';
import { decodeBatch, decodeResult, encodeBatch, encodeResults } from '../../src/executors/piscina/wire.js';
import { fitAndScore } from '../../src/jobs/fit-and-score.js';
import '../fixtures/pool-estimators.js';
import { digitsWithFolds, makeJobs } from '../fixtures/pool-jobs.js';
import type { Params } from '../../src/estimators/estimator.js';
import type { FitJob } from '../../src/jobs/types.js';

/** The order a costliest-first queue hands `jobs` out, one at a time, each job of candidate c measuring `seconds(c)`. */
function dispatchOrder(jobs: FitJob[], seconds: (candidate: number) => number): number[] {
  const model = new CostModel(jobs);
  const q = new DispatchQueue(jobs, model, 'costliest-first');
  const order: number[] = [];
  for (let b = q.next(0.02, 1); b; b = q.next(0.02, 1)) {
    order.push(...b.jobs);
    for (const j of b.jobs) if (model.observe(jobs[j]!.candidateIndex, seconds(jobs[j]!.candidateIndex))) q.rebuild();
    for (const j of b.jobs) q.update(jobs[j]!.candidateIndex);
  }
  return order;
}

/** Three folds per candidate of `grid` for estimator `name`, with no data: what a dispatch queue orders. */
function queueJobs(name: string, grid: Params[]): FitJob[] {
  return grid.flatMap((params, c) =>
    [0, 1, 2].map((s) => ({
      key: `${c}/${s}`,
      candidateIndex: c,
      splitIndex: s,
      estimator: { name, params },
      dataId: 'd',
      train: new Int32Array(0),
      test: new Int32Array(0),
      scoring: {},
      returnTrainScore: false,
      seed: 0,
    })),
  );
}

describe('piscina internals', () => {
  it('shares X, y and derived payloads once per data set (SharedArrayBuffer views, same values)', async () => {
    const d = await loadDigits();
    const data = makeDataSet(d.X, d.y);
    const a = shareDataSet(data);
    assert.ok(a.X.buffer instanceof SharedArrayBuffer && a.y.buffer instanceof SharedArrayBuffer);
    assert.equal(shareDataSet(data), a, 'the second call copies nothing');
    data.derived.set('binned', { arrays: { codes: new Uint8Array([1, 2, 3]) }, meta: { bins: 3 } });
    const b = shareDataSet(data);
    assert.notEqual(b.key, a.key, 'a new derived payload gives a new key');
    assert.equal(b.X, a.X, 'X is not copied again');
    assert.ok(b.derived[0]!.arrays.codes!.buffer instanceof SharedArrayBuffer);
    const back = dataSetFromShared(b);
    assert.deepEqual(Array.from(back.X.data.subarray(0, 70)), Array.from(d.X.data.subarray(0, 70)));
    assert.deepEqual(back.derived.get('binned')!.meta, { bins: 3 });
  });

  it('interns folds by identity and by content', () => {
    const t = new FoldTable();
    const f = Int32Array.from([1, 2, 3]);
    assert.equal(t.intern(f), 0);
    assert.equal(t.intern(f), 0);
    assert.equal(t.intern(Int32Array.from([1, 2, 3])), 0, 'equal content, same id');
    assert.equal(t.intern(Int32Array.from([1, 2])), 1);
    assert.ok(t.get(0).buffer instanceof SharedArrayBuffer);
  });

  it('round-trips specs, including non-finite numbers and -0, and shares one spec per candidate', () => {
    const params: Params = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: [1, 'x', null], f: { g: true } };
    const jobs = [{ params }, { params }, { params: { a: 1 } }].map((p, i) => ({
      key: `k${i}`,
      candidateIndex: i === 2 ? 1 : 0,
      splitIndex: i,
      estimator: { name: 'X', params: p.params },
      dataId: 'd',
      train: new Int32Array(0),
      test: new Int32Array(0),
      scoring: { score: 'accuracy' },
      returnTrainScore: false,
      seed: 1,
    }));
    const { table, specOfJob } = buildSpecTable(jobs);
    assert.deepEqual(Array.from(specOfJob), [0, 0, 1]);
    const spec = new SpecReader(table).get(0);
    assert.equal(spec.params.a, Infinity);
    assert.equal(spec.params.b, -Infinity);
    assert.ok(Number.isNaN(spec.params.c));
    assert.ok(Object.is(spec.params.d, -0));
    assert.deepEqual(spec.params.e, [1, 'x', null]);
    assert.deepEqual(spec.params.f, { g: true });
  });

  it('a batch message and its columnar reply rebuild exactly the jobs and results fitAndScore sees and returns', async () => {
    const { data, folds } = await digitsWithFolds();
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', [{ metric: 'euclidean', shrink: 0.2 }], { a: 'pool_fixture_accuracy', b: 'accuracy' });
    jobs.push(...makeJobs(data, folds, 'NoSuchEstimator', [{}], { a: 'accuracy' }).map((j) => ({ ...j, candidateIndex: 1 })));
    const table = new FoldTable();
    const specs = buildSpecTable(jobs);
    const task = encodeBatch(jobs, [0, 1, 2, 3], specs.specOfJob, table, { run: 1, dataKey: data.id, dataId: data.id });
    const reader = new SpecReader(specs.table);
    const decoded = decodeBatch(
      task,
      (id) => table.get(id),
      (s) => reader.get(s),
    );
    assert.deepEqual(
      decoded.map((d) => d.index),
      [0, 1, 2, 3],
    );
    decoded.forEach(({ index, job }) => {
      // a decoded job carries every optional field (undefined where its spec has none): one shape for all
      const defined = Object.fromEntries(Object.entries(job).filter(([, v]) => v !== undefined));
      assert.deepEqual({ ...defined, key: jobs[index]!.key }, jobs[index]);
      assert.deepEqual(Object.keys(job).sort(), Object.keys(decoded[0]!.job).sort());
    });
    const results = decoded.map(({ job }) => fitAndScore(job, data, 'thread 1'));
    const reply = encodeResults(results, [0.1, 0.2, 0.3, 0.4], 'thread 1');
    assert.deepEqual(Object.keys(reply.others), ['3'], 'the failure travels whole, the successes in columns');
    decoded.forEach(({ index }, k) => {
      const expected = { ...results[k]!, key: jobs[index]!.key };
      assert.deepEqual(decodeResult(reply, k, jobs[index]!), expected);
    });
    assert.ok(jobMessageBytes(jobs[0]!, table) < 200, 'a job message is a few dozen bytes plus a header');
  });

  it("probes one fold of every candidate, costliest-looking first (the estimator's cost hint), then runs the rest by measured time", () => {
    const grid: Params[] = [];
    for (const nEstimators of [2, 10]) for (const maxDepth of [2, 10]) grid.push({ nEstimators, maxDepth });
    const jobs = queueJobs('RandomForestClassifier', grid);
    const model = new CostModel(jobs);
    const q = new DispatchQueue(jobs, model, 'costliest-first');
    assert.deepEqual(q.next(0.02, 100)!.jobs, [9], 'nEstimators 10 × maxDepth 10 first, alone while costs are unknown');
    // as the run session does: the first result of an estimator re-ranks everything (units → seconds)
    if (model.observe(3, 0.01)) q.rebuild(); // the costliest-looking candidate turns out fast
    q.update(3);
    assert.deepEqual(q.next(0.02, 1)!.jobs, [3], 'then the other probes: candidates 1 and 2 (equal guesses), lowest index first');
    assert.deepEqual(q.next(0.02, 1)!.jobs, [6]);
    if (model.observe(1, 2)) q.rebuild(); // candidate 1 is slow
    q.update(1);
    if (model.observe(2, 0.5)) q.rebuild();
    q.update(2);
    assert.deepEqual(q.next(0.02, 1)!.jobs, [0], 'the last probe (candidate 0, the cheapest guess)');
    assert.deepEqual(q.next(0.02, 1)!.jobs, [4], 'then the slowest measured candidate (1) …');
    assert.deepEqual(q.next(0.02, 1)!.jobs, [5]);
    assert.deepEqual(q.next(0.02, 1)!.jobs, [7], '… then candidate 2');
    const given = new DispatchQueue(jobs, new CostModel(jobs), 'as-given');
    assert.deepEqual(given.next(0.02, 100)!.jobs, [0]);
  });

  it('a batch goes past its cap only while its predicted work stays under the floor (the cheap end of a run is not split into round trips)', () => {
    const grid: Params[] = Array.from({ length: 40 }, (_, i) => ({ nEstimators: 2, maxDepth: i + 1 }));
    const jobs = queueJobs('RandomForestClassifier', grid);
    const model = new CostModel(jobs);
    for (let c = 0; c < grid.length; c++) model.observe(c, 0.0001); // 0.1 ms per fit, measured
    const q = new DispatchQueue(jobs, model, 'costliest-first');
    assert.equal(q.next(0.02, 5)!.jobs.length, 5, 'no floor: the cap');
    assert.equal(q.next(0.02, 5, 0.00205)!.jobs.length, 20, 'a 2.05 ms floor: 20 jobs of 0.1 ms');
    assert.equal(q.next(0.00105, 5, 0.00205)!.jobs.length, 10, 'never past the target (1.05 ms)');
  });

  it("runs a candidate's folds back to back for an estimator that declares runFoldsTogether (SVC: its folds read one kernel matrix)", async () => {
    await import('../../src/estimators/svc.js');
    const grid: Params[] = [
      { C: 1, gamma: 0.01 },
      { C: 1000, gamma: 0.1 },
    ];
    const jobs = queueJobs('SVC', grid);
    // our solver's hint is flat (its fit times do not grow with C): the search's order, each candidate whole
    assert.deepEqual(
      dispatchOrder(jobs, () => 0.05),
      [0, 1, 2, 3, 4, 5],
    );
    // libsvm-js's hint grows with C: the costliest-looking candidate starts first, and still runs whole
    // although its first fold measures fast
    const libsvmJobs = jobs.map((j) => ({ ...j, estimator: { name: 'SVC', params: { ...j.estimator.params, solver: 'libsvm' } } }));
    assert.deepEqual(
      dispatchOrder(libsvmJobs, (c) => (c === 1 ? 0.001 : 0.5)),
      [3, 4, 5, 0, 1, 2],
    );
  });

  it("drops only the tsx loader from the threads' Node options (the built package registers tsx itself when needed)", () => {
    assert.deepEqual(withoutTsxLoader(['--import', 'tsx', '--enable-source-maps']), ['--enable-source-maps']);
    assert.deepEqual(withoutTsxLoader(['--import=tsx/esm', '--loader', 'file:///x/node_modules/tsx/dist/loader.mjs', '-r', 'tsx/cjs']), []);
    assert.deepEqual(withoutTsxLoader(['--import', './otel.js', '--require', 'dotenv/config']), ['--import', './otel.js', '--require', 'dotenv/config']);
    assert.deepEqual(withoutTsxLoader(['--import', 'tsx-like-package']), ['--import', 'tsx-like-package']);
    assert.deepEqual(resolvePoolOptions({ execArgv: ['--import', 'tsx'] }).execArgv, ['--import', 'tsx'], 'an explicit execArgv is kept as given');
  });

  it("leaves the threads this process's own options (V8's included) unless it drops the tsx loader, and then leaves out what Node refuses in a worker", () => {
    assert.equal(threadExecArgv(['--max-old-space-size=8192', '--enable-source-maps'], false), undefined, 'nothing dropped: Node passes the options on itself');
    assert.equal(threadExecArgv(['--import', 'tsx', '--max-old-space-size=8192'], true), undefined, 'from sources the threads need the loader');
    assert.deepEqual(
      threadExecArgv(
        ['--import', 'tsx', '--max-old-space-size=8192', '--expose_gc', '--trace-opt', '--enable-source-maps', '--title=x', '--no-warnings'],
        false,
      ),
      ['--enable-source-maps', '--no-warnings'],
    );
    assert.deepEqual(
      threadExecArgv(['--title', 'pool', '--import', 'tsx', '--conditions', 'development'], false),
      ['--conditions', 'development'],
      'a value given as the next entry goes with its option',
    );
  });

  it('starts its threads in a process run with V8 options (node --max-old-space-size=… --expose-gc)', () => {
    const src = (path: string): string => new URL(`../../src/${path}`, import.meta.url).href;
    const dir = mkdtempSync(join(tmpdir(), 'hyperfold-v8-options-'));
    const script = join(dir, 'cv.mts');
    writeFileSync(
      script,
      `import { PiscinaExecutor } from '${src('executors/piscina/index.ts')}';
      import { crossValScore } from '${src('model-selection/cross-validate.ts')}';
      import { DummyClassifier } from '${src('estimators/dummy-classifier.ts')}';
      import { loadDigits } from '${src('data/bundled.ts')}';
      const { X, y } = await loadDigits();
      const pool = new PiscinaExecutor({ maxThreads: 1 });
      const scores = await crossValScore(new DummyClassifier(), X, y, { cv: 3, executor: pool });
      await pool.close();
      console.log(scores.length);`,
    );
    try {
      // before: "pool threads could not start: Initiated Worker with invalid execArgv flags: --max-old-space-size=1024, --expose-gc"
      const out = execFileSync(process.execPath, ['--max-old-space-size=1024', '--expose-gc', '--import', 'tsx', script], { encoding: 'utf8' });
      assert.equal(out.trim(), '3');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives threads a small young generation by default, merges user resourceLimits over it, and rejects bad limits', () => {
    assert.deepEqual(resolvePoolOptions({}).resourceLimits, { maxYoungGenerationSizeMb: DEFAULT_YOUNG_GENERATION_MB });
    assert.deepEqual(resolvePoolOptions({ resourceLimits: { maxOldGenerationSizeMb: 512 } }).resourceLimits, {
      maxYoungGenerationSizeMb: DEFAULT_YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: 512,
    });
    assert.throws(
      () => resolvePoolOptions({ resourceLimits: { maxYoungGenerationSizeMb: -1 } }),
      /resourceLimits\.maxYoungGenerationSizeMb must be a number of MB > 0, got -1/,
    );
    assert.throws(() => resolvePoolOptions({ resourceLimits: { maxYoungMb: 4 } as never }), /unknown key 'maxYoungMb'/);
    assert.throws(() => resolvePoolOptions({ execArgv: '--inspect' as never }), /execArgv must be an array of strings/);
  });
});
