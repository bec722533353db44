import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PoolFixtureCentroid } from '../fixtures/pool-estimators.js';
import { collect, comparable, digitsWithFolds, makeJobs } from '../fixtures/pool-jobs.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { SVC } from '../../src/estimators/svc.js';
import { loadAirline, loadDigits } from '../../src/data/bundled.js';
import { binMatrix, binsKey } from '../../src/estimators/forest/binning.js';
import { createDefaultExecutor } from '../../src/executors/default.js';
import { availableParallelism } from 'node:os';
import type { FitResult } from '../../src/jobs/types.js';
import { ValidationError } from '../../src/errors.js';
import type { DataSet } from '../../src/data/dataset.js';
import type { Fold } from '../../src/split/splitter.js';
import type { Params } from '../../src/estimators/estimator.js';
import type { CvResults } from '../../src/search/types.js';

const FIXTURES = new URL('../fixtures/pool-estimators.ts', import.meta.url);
const SCORING = { score: 'pool_fixture_accuracy' };
const CANDIDATES: Params[] = [];
for (const metric of ['euclidean', 'manhattan']) for (const shrink of [0, 0.1, 0.3, 0.6, 0.9]) CANDIDATES.push({ metric, shrink });

/** cvResults without the timing columns (which legitimately differ between runs). */
function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.endsWith('_time')));
}

describe('PiscinaExecutor on digits', () => {
  let data: DataSet;
  let folds: Fold[];
  let pool: PiscinaExecutor;
  before(async () => {
    ({ data, folds } = await digitsWithFolds());
    pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
  });
  after(async () => {
    await pool.close();
    assert.equal(pool.liveThreads, 0, 'every pool thread exited after close()');
  });

  it('gives the same results as InlineExecutor, job by job, over real folds', async () => {
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', CANDIDATES, SCORING, 7);
    await pool.validate(jobs);
    const pooled = await collect(pool.run(data, jobs));
    const inline = await collect(new InlineExecutor().run(data, jobs));
    assert.equal(pooled.length, jobs.length);
    assert.deepEqual(comparable(pooled), comparable(inline));
    assert.ok(
      pooled.every((r) => r.ok && r.worker?.startsWith('thread ')),
      'every job ran in a pool thread',
    );
    // nearest centroid on digits is a real model: accuracy well above chance (0.1)
    assert.ok(pooled.every((r) => r.ok && r.testScores.score! > 0.7));
  });

  it('runs the jobs it is given after validate planned another array (a resumed search runs fewer than it validated)', async () => {
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', CANDIDATES, SCORING, 7);
    await pool.validate(jobs);
    const rest = jobs.slice(3);
    const pooled = await collect(pool.run(data, rest));
    assert.deepEqual(comparable(pooled), comparable(await collect(new InlineExecutor().run(data, rest))));
    assert.deepEqual(pooled.map((r) => r.key).sort(), rest.map((j) => j.key).sort());
  });

  it('gives GridSearchCV the same cvResults (scores, params, ranks) as InlineExecutor', async () => {
    const grid = { metric: ['euclidean', 'manhattan'], shrink: [0, 0.2, 0.5] };
    const d = { X: data.X, y: data.y };
    const viaPool = await new GridSearchCV(new PoolFixtureCentroid(), grid, { cv: 3, scoring: 'pool_fixture_accuracy', executor: pool, randomState: 0 }).fit(
      d.X,
      d.y,
    );
    const viaInline = await new GridSearchCV(new PoolFixtureCentroid(), grid, {
      cv: 3,
      scoring: 'pool_fixture_accuracy',
      executor: new InlineExecutor(),
      randomState: 0,
    }).fit(d.X, d.y);
    assert.deepEqual(withoutTimes(viaPool.cvResults!), withoutTimes(viaInline.cvResults!));
    assert.deepEqual(viaPool.bestParams, viaInline.bestParams);
  });

  it('streams: each result reaches onResult and the consumer before the run has finished', async () => {
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', CANDIDATES, SCORING);
    const seen: string[] = [];
    let seenAtFirstYield = -1;
    for await (const r of pool.run(data, jobs, { onResult: (x) => seen.push(x.key) })) {
      if (seenAtFirstYield < 0) seenAtFirstYield = seen.length;
      assert.ok(seen.includes(r.key), 'onResult saw the result before it was yielded');
    }
    assert.equal(seen.length, jobs.length);
    assert.equal(new Set(seen).size, jobs.length, 'each job delivered once');
    assert.ok(seenAtFirstYield < jobs.length, `first result yielded after ${seenAtFirstYield} of ${jobs.length} results`);
  });

  it('ends the run with the error when onResult throws', async () => {
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', CANDIDATES, SCORING);
    let n = 0;
    const boom = new Error('journal disk full');
    await assert.rejects(
      collect(
        pool.run(data, jobs, {
          onResult: () => {
            if (++n === 3) throw boom;
          },
        }),
      ),
      (err: unknown) => err === boom,
    );
  });

  it('ships the data set and folds once per thread and batches small jobs (job messages carry fold ids, not indices)', async () => {
    const jobs = makeJobs(
      data,
      folds,
      'PoolFixtureCentroid',
      [...CANDIDATES, ...CANDIDATES.map((p) => ({ ...p, shrink: (p.shrink as number) + 0.05 }))],
      SCORING,
    );
    await collect(pool.run(data, jobs));
    const stats = pool.lastRunStats!;
    assert.equal(stats.jobs, 60);
    assert.ok(stats.resends <= 2 * 2 * pool.options.maxThreads, `resends ${stats.resends}: at most one per in-flight batch per thread`);
    assert.ok(stats.batches <= stats.jobs);
  });
});

describe('PiscinaExecutor with the package estimators on digits', () => {
  it('RandomForestClassifier grid and SVC randomized search: same cvResults and best params as InlineExecutor', async () => {
    const { X, y } = await loadDigits();
    const pool = new PiscinaExecutor({ maxThreads: 2 }); // no modules: the threads register the package's estimators themselves
    try {
      const forest = (executor: InlineExecutor | PiscinaExecutor): GridSearchCV =>
        new GridSearchCV(new RandomForestClassifier({ randomState: 10 }), { nEstimators: [2, 6], maxDepth: [3, 8] }, { cv: 3, executor });
      const f1 = await forest(pool).fit(X, y);
      const f2 = await forest(new InlineExecutor()).fit(X, y);
      assert.deepEqual(withoutTimes(f1.cvResults!), withoutTimes(f2.cvResults!));
      assert.ok(f1.bestScore! > 0.8, `forest best score ${f1.bestScore}`);
      const svc = (executor: InlineExecutor | PiscinaExecutor): RandomizedSearchCV =>
        new RandomizedSearchCV(new SVC(), { C: [1, 10, 100], gamma: [0.0001, 0.001] }, { nIter: 3, cv: 3, randomState: 0, executor });
      const s1 = await svc(pool).fit(X, y);
      const s2 = await svc(new InlineExecutor()).fit(X, y);
      assert.deepEqual(withoutTimes(s1.cvResults!), withoutTimes(s2.cvResults!));
      assert.deepEqual(s1.bestParams, s2.bestParams);
      assert.ok(s1.bestScore! > 0.9, `SVC best score ${s1.bestScore}`);
    } finally {
      await pool.close();
    }
  });
});

describe('PiscinaExecutor.prepareData', () => {
  it("runs the estimator's prepareData in a pool thread when X is in shared memory: the forest's bins equal those binMatrix makes here (airline rows)", async () => {
    const { X, y } = await loadAirline({ rows: 20_000, target: 'delayed' });
    const pool = new PiscinaExecutor({ maxThreads: 1 });
    try {
      assert.ok(X.data.buffer instanceof SharedArrayBuffer, 'the loader puts X in shared memory');
      const derived = await pool.prepareData({ name: 'RandomForestClassifier', params: {} }, X, y);
      assert.ok(derived);
      assert.deepEqual([...derived.keys()], [binsKey(255)]);
      const payload = derived.get(binsKey(255))!;
      const here = binMatrix(X, 255);
      assert.ok(payload.arrays.codes!.buffer instanceof SharedArrayBuffer, 'the codes stay in shared memory (the threads read them without a copy)');
      assert.deepEqual(payload.arrays.codes, here.codes);
      for (const k of ['binOffsets', 'upper', 'low', 'high'] as const) assert.deepEqual(Array.from(payload.arrays[k]!), Array.from(here[k]), k);
      await assert.rejects(pool.prepareData({ name: 'NoSuchEstimator', params: {} }, X, y)!, /NoSuchEstimator/);
      // an X outside shared memory would be copied for the thread and again with the data set: the search prepares it
      const plain = { data: Float64Array.from(X.data), rows: X.rows, cols: X.cols };
      assert.equal(pool.prepareData({ name: 'RandomForestClassifier', params: {} }, plain, y), undefined);
    } finally {
      await pool.close();
    }
  });

  it('a search whose pool thread cannot prepare the data prepares it itself: same cvResults as InlineExecutor', async () => {
    const { X, y } = await loadDigits();
    const pool = new PiscinaExecutor({ maxThreads: 2 });
    // the threads' prepareData fails (as when the estimator's prepareData cannot run there): the search falls back
    pool.prepareData = () => Promise.reject(new Error('thread could not prepare'));
    try {
      const search = (executor: InlineExecutor | PiscinaExecutor): GridSearchCV =>
        new GridSearchCV(new RandomForestClassifier({ randomState: 3 }), { maxDepth: [4, 8] }, { cv: 3, executor });
      const a = await search(pool).fit(X, y);
      const b = await search(new InlineExecutor()).fit(X, y);
      assert.deepEqual(withoutTimes(a.cvResults!), withoutTimes(b.cvResults!));
    } finally {
      await pool.close();
    }
  });
});

describe('the default executor', () => {
  it('is a PiscinaExecutor: a search with no executor runs on the pool and matches InlineExecutor', async () => {
    const exec = createDefaultExecutor();
    try {
      assert.ok(exec instanceof PiscinaExecutor);
      assert.equal((exec as PiscinaExecutor).options.maxThreads, availableParallelism());
    } finally {
      await exec.close();
    }
    const { X, y } = await loadDigits();
    const workers = new Set<string>();
    const viaDefault = new GridSearchCV(new RandomForestClassifier({ randomState: 0 }), { maxDepth: [4, 8] }, { cv: 3 });
    viaDefault.on('result', (r: FitResult) => workers.add(r.worker ?? ''));
    await viaDefault.fit(X, y);
    const viaInline = await new GridSearchCV(
      new RandomForestClassifier({ randomState: 0 }),
      { maxDepth: [4, 8] },
      { cv: 3, executor: new InlineExecutor() },
    ).fit(X, y);
    assert.deepEqual(withoutTimes(viaDefault.cvResults!), withoutTimes(viaInline.cvResults!));
    assert.ok(
      [...workers].every((w) => w.startsWith('thread ')),
      `ran in pool threads: ${[...workers].join(', ')}`,
    );
  });
});

describe('PiscinaExecutor thread options', () => {
  it('runs its threads with the young-generation limit it was given (default 4 MB, as set by resourceLimits)', async () => {
    const { data: d, folds: f } = await digitsWithFolds();
    for (const [options, expected] of [
      [{}, 4],
      [{ resourceLimits: { maxYoungGenerationSizeMb: 8 } }, 8],
    ] as const) {
      const limited = new PiscinaExecutor({ maxThreads: 1, modules: [FIXTURES], ...options });
      try {
        const jobs = makeJobs(d, f.slice(0, 1), 'PoolFixtureCentroid', [{ metric: 'euclidean', shrink: 0 }], { score: 'pool_fixture_young_mb' }, 1);
        const [r] = await collect(limited.run(d, jobs));
        assert.ok(r?.ok, 'the job ran');
        assert.equal(r.testScores.score, expected, 'the thread reports its own worker_threads.resourceLimits');
      } finally {
        await limited.close();
      }
    }
  });
});

describe('PiscinaExecutor.validate', () => {
  it('loads a custom estimator through `modules` and resolves it by name in the threads', async () => {
    const { data, folds } = await digitsWithFolds();
    const pool = new PiscinaExecutor({ maxThreads: 1, modules: [FIXTURES] });
    try {
      const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', [{ metric: 'manhattan', shrink: 0.1 }], SCORING);
      await pool.validate(jobs);
      const results = await collect(pool.run(data, jobs));
      assert.equal(results.length, 3);
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results),
      );
    } finally {
      await pool.close();
    }
  });

  it('rejects, before any job is dispatched, an estimator no thread can resolve — naming it and the modules loaded', async () => {
    const { data, folds } = await digitsWithFolds();
    const pool = new PiscinaExecutor({ maxThreads: 1 }); // no modules: the fixture is registered in this thread only
    try {
      const grid = { shrink: [0, 0.5] };
      const search = new GridSearchCV(new PoolFixtureCentroid(), grid, { cv: 3, scoring: 'pool_fixture_accuracy', executor: pool });
      await assert.rejects(search.fit(data.X, data.y), (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, /unknown estimator 'PoolFixtureCentroid'/);
        assert.match(err.message, /no modules were loaded/);
        assert.match(err.message, /unknown scorer 'pool_fixture_accuracy'/);
        return true;
      });
      assert.equal(pool.lastRunStats, undefined, 'no run was started');
      const withModule = new PiscinaExecutor({ maxThreads: 1, modules: [FIXTURES] });
      try {
        await assert.rejects(withModule.validate(makeJobs(data, folds, 'NoSuchEstimator', [{}], SCORING)), (err: unknown) => {
          assert.ok(err instanceof ValidationError);
          assert.match(err.message, /'NoSuchEstimator'/);
          assert.ok(err.message.includes(FIXTURES.href), 'names the module loaded');
          assert.match(err.message, /PoolFixtureCentroid/, 'lists what is registered');
          return true;
        });
      } finally {
        await withModule.close();
      }
    } finally {
      await pool.close();
    }
  });

  it('explains that a scoring function given to the search does not reach the threads', async () => {
    const { data } = await digitsWithFolds();
    const pool = new PiscinaExecutor({ maxThreads: 1, modules: [FIXTURES] });
    try {
      const search = new GridSearchCV(new PoolFixtureCentroid(), { shrink: [0, 0.5] }, { cv: 3, scoring: () => 1, executor: pool });
      await assert.rejects(search.fit(data.X, data.y), (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, /unknown scorer 'custom:score'/);
        assert.match(err.message, /lives in the main thread only: register it with registerScorer/);
        return true;
      });
    } finally {
      await pool.close();
    }
  });

  it('reports a module that cannot be imported as a ValidationError', async () => {
    const pool = new PiscinaExecutor({ maxThreads: 1, modules: ['./test/fixtures/does-not-exist.js'] });
    try {
      const { data, folds } = await digitsWithFolds();
      await assert.rejects(pool.validate(makeJobs(data, folds, 'PoolFixtureCentroid', [{}], SCORING)), (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, /could not import module file:.*does-not-exist\.js/);
        return true;
      });
    } finally {
      await pool.close();
    }
  });

  it("warmUp starts the threads early; validate of jobs naming the same estimator and scorers reports that start's answer, other names get their own probe", async () => {
    const { data, folds } = await digitsWithFolds();
    const pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
    try {
      pool.warmUp(['NoSuchEstimator'], ['pool_fixture_accuracy']);
      await assert.rejects(pool.validate(makeJobs(data, folds, 'NoSuchEstimator', [{}], SCORING)), /'NoSuchEstimator'/);
      // a warm-up for other names does not answer for these jobs: validate asks the threads itself
      pool.warmUp(['NoSuchEstimator'], []);
      await pool.validate(makeJobs(data, folds, 'PoolFixtureCentroid', [{}], SCORING));
      const results = await collect(pool.run(data, makeJobs(data, folds, 'PoolFixtureCentroid', [{ shrink: 0 }], SCORING)));
      assert.equal(results.length, folds.length);
    } finally {
      await pool.close();
    }
    // a warm-up whose threads cannot start, never read by validate, is no unhandled rejection
    const broken = new PiscinaExecutor({ maxThreads: 1, modules: ['./test/fixtures/does-not-exist.js'] });
    broken.warmUp(['PoolFixtureCentroid'], []);
    await broken.close();
  });

  it('validates its options', () => {
    assert.throws(() => new PiscinaExecutor({ maxThreads: 0 }), /maxThreads must be an integer ≥ 1, got 0/);
    assert.throws(() => new PiscinaExecutor({ maxThreads: 2, minThreads: 3 }), /minThreads \(3\) exceeds maxThreads \(2\)/);
  });
});
