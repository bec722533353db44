/**
 * HalvingGridSearchCV / HalvingRandomSearchCV end to end on digits: the full cvResults of a
 * search with an integer parameter as the resource equal scikit-learn 1.2.1's; scikit-learn's
 * refusals (its messages) before any fit; 'nSamples' fold sizes as scikit-learn's
 * `_SubsampleMetaSplitter`; iteration events and progress; journal resume mid-iteration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDigits } from '../../src/data/bundled.js';
import type { DataSet } from '../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { SearchAbortedError, ValidationError } from '../../src/errors.js';
import { DummyClassifier } from '../../src/estimators/dummy-classifier.js';
import { GaussianNB } from '../../src/estimators/gaussian-nb.js';
import { KNeighborsClassifier } from '../../src/estimators/k-neighbors-classifier.js';
import type { RunOptions } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import { FoldSubsampler, HalvingGridSearchCV, HalvingRandomSearchCV, type HalvingIterationInfo } from '../../src/search/halving-search.js';
import type { CvResults, ProgressInfo } from '../../src/search/types.js';
import { StratifiedKFold } from '../../src/split/stratified-kfold.js';
import { loguniform } from '../../src/params/distributions.js';

const digits = await loadDigits();
const dir = mkdtempSync(join(tmpdir(), 'hyperfold-halving-'));

/** InlineExecutor that counts the fits it ran and can abort after `abortAfter` of them. */
class CountingExecutor extends InlineExecutor {
  ran = 0;
  constructor(private readonly abortAfter?: { n: number; controller: AbortController }) {
    super();
  }
  override async *run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    for await (const r of super.run(data, jobs, options)) {
      this.ran++;
      yield r;
      if (this.abortAfter && this.ran === this.abortAfter.n) this.abortAfter.controller.abort();
    }
  }
}

/** cvResults without the timing columns (which differ run to run). */
function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('time')));
}

const SKLEARN_KNN = {
  keys: [
    'iter',
    'n_resources',
    'mean_fit_time',
    'std_fit_time',
    'mean_score_time',
    'std_score_time',
    'param_p',
    'param_weights',
    'param_nNeighbors',
    'params',
    'split0_test_score',
    'split1_test_score',
    'split2_test_score',
    'mean_test_score',
    'std_test_score',
    'rank_test_score',
    'split0_train_score',
    'split1_train_score',
    'split2_train_score',
    'mean_train_score',
    'std_train_score',
  ],
  params: [
    { p: 1, weights: 'uniform', nNeighbors: 10 },
    { p: 1, weights: 'distance', nNeighbors: 10 },
    { p: 2, weights: 'uniform', nNeighbors: 10 },
    { p: 2, weights: 'distance', nNeighbors: 10 },
    { p: 1, weights: 'distance', nNeighbors: 20 },
    { p: 2, weights: 'distance', nNeighbors: 20 },
    { p: 2, weights: 'distance', nNeighbors: 40 },
  ],
  columns: {
    iter: [0, 0, 0, 0, 1, 1, 2],
    n_resources: [10, 10, 10, 10, 20, 20, 40],
    split0_test_score: [0.86, 0.88, 0.88, 0.9, 0.875, 0.89, 0.88],
    split1_test_score: [0.925, 0.925, 0.915, 0.91, 0.915, 0.91, 0.91],
    split2_test_score: [0.835, 0.825, 0.825, 0.84, 0.82, 0.835, 0.805],
    mean_test_score: [0.8733333333333334, 0.8766666666666666, 0.8733333333333334, 0.8833333333333333, 0.87, 0.8783333333333333, 0.8650000000000001],
    std_test_score: [
      0.037932688922470176, 0.04089281382128436, 0.03704351795148814, 0.030912061651652372, 0.03894440481849311, 0.031710495984067444, 0.044158804331639226,
    ],
    rank_test_score: [4, 3, 4, 1, 6, 2, 7],
    split0_train_score: [0.975, 1.0, 0.98, 1.0, 1.0, 1.0, 1.0],
    split1_train_score: [0.9825, 1.0, 0.98, 1.0, 1.0, 1.0, 1.0],
    split2_train_score: [0.9925, 1.0, 0.9875, 1.0, 1.0, 1.0, 1.0],
    mean_train_score: [0.9833333333333334, 1.0, 0.9824999999999999, 1.0, 1.0, 1.0, 1.0],
    std_train_score: [0.007168604389202217, 0.0, 0.0035355339059327667, 0.0, 0.0, 0.0, 0.0],
  } as Record<string, number[]>,
  bestIndex: 6,
  bestScore: 0.8650000000000001,
};

test('KNeighborsClassifier with nNeighbors as the resource: the whole cvResults equals scikit-learn 1.2.1 HalvingGridSearchCV', async () => {
  // scikit-learn 1.2.1: HalvingGridSearchCV(KNeighborsClassifier(), {"weights": ["uniform", "distance"], "p": [1, 2]},
  //   cv=3, factor=2, resource="n_neighbors", max_resources=40) on the first 600 digits rows with a tiny jitter
  // (test/search/halving-sklearn-reference.py). Integer pixels leave many neighbours equidistant, and the order in
  // which scikit-learn's neighbour search returns equidistant rows is unspecified (on all of digits with p = 1 two of
  // four candidates then differ by a test row or two); the jitter removes the ties, so the scores are comparable.
  const n = 600;
  const data = new Float64Array(n * 64);
  for (let i = 0; i < n; i++) for (let j = 0; j < 64; j++) data[i * 64 + j] = digits.X.data[i * 64 + j]! + 1e-3 * (((i * 64 + j) * 0.6180339887498949) % 1);
  const X = { data, rows: n, cols: 64 };
  const y = digits.y.slice(0, n);
  const search = new HalvingGridSearchCV(
    new KNeighborsClassifier(),
    { weights: ['uniform', 'distance'], p: [1, 2] },
    { cv: 3, factor: 2, resource: 'nNeighbors', maxResources: 40, executor: new InlineExecutor() },
  );
  await search.fit(X, y);
  const cv = search.cvResults!;
  assert.deepEqual(Object.keys(cv), SKLEARN_KNN.keys);
  assert.deepEqual(cv.params, SKLEARN_KNN.params);
  for (const [key, expected] of Object.entries(SKLEARN_KNN.columns)) {
    const got = (cv as unknown as Record<string, number[]>)[key]!;
    assert.equal(got.length, expected.length, key);
    got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 1e-12, `${key}[${i}]: ${v} vs scikit-learn ${expected[i]}`));
  }
  assert.equal(search.bestIndex, SKLEARN_KNN.bestIndex);
  assert.equal(search.bestScore, SKLEARN_KNN.bestScore);
  assert.deepEqual(search.bestParams, { p: 2, weights: 'distance', nNeighbors: 40 });
  // the best comes from the last iteration even though an earlier row scored higher (rank 1 is row 3)
  assert.equal((cv.rank_test_score as number[])[3], 1);
  assert.equal(search.bestEstimator.getParams().nNeighbors, 40);
  assert.deepEqual(
    {
      nResources: search.nResources,
      nCandidates: search.nCandidates,
      minResources: search.minResources,
      maxResources: search.maxResources,
      nIterations: search.nIterations,
      nPossibleIterations: search.nPossibleIterations,
      nRequiredIterations: search.nRequiredIterations,
      nRemainingCandidates: search.nRemainingCandidates,
    },
    // scikit-learn 1.2.1: n_resources_ [10, 20, 40], n_candidates_ [4, 2, 1], min 10, max 40, 3/3/3 iterations, 1 remaining
    {
      nResources: [10, 20, 40],
      nCandidates: [4, 2, 1],
      minResources: 10,
      maxResources: 40,
      nIterations: 3,
      nPossibleIterations: 3,
      nRequiredIterations: 3,
      nRemainingCandidates: 1,
    },
  );
});

test("scikit-learn's refusals, with its messages, before any fit", async () => {
  const executor = new CountingExecutor();
  const X = digits.X;
  const y = digits.y;
  const refuse = async (search: HalvingGridSearchCV | HalvingRandomSearchCV, re: RegExp): Promise<void> => {
    await assert.rejects(search.fit(X, y), (e: unknown) => e instanceof ValidationError && re.test(e.message));
  };
  const g = { varSmoothing: [1e-9, 1e-8] };
  await refuse(
    new HalvingGridSearchCV(new GaussianNB(), g, { scoring: ['accuracy', 'f1_macro'], executor }),
    /^scoring parameter must be a string, a callable or None\. Multimetric scoring is not supported\./,
  );
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { refit: 'score', executor }), /^refit is expected to be a boolean\. Got string instead\./);
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { refit: () => 0, executor }), /^refit is expected to be a boolean\. Got function instead\./);
  await refuse(
    new HalvingGridSearchCV(new GaussianNB(), g, { resource: 'nEstimators', executor }),
    /^Cannot use resource=nEstimators which is not supported by estimator GaussianNB/,
  );
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { resource: 'n_samples', executor }), /hyperfold spells it 'nSamples'/);
  await refuse(
    new HalvingGridSearchCV(new KNeighborsClassifier(), { p: [1, 2] }, { resource: 'weights', maxResources: 9, executor }),
    /parameter weights is "uniform", not an integer/,
  );
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { maxResources: 0, executor }), /^max_resources must be either 'auto' or a positive integer/);
  await refuse(
    new HalvingGridSearchCV(new GaussianNB(), g, { minResources: 'most' as never, executor }),
    /^min_resources must be either 'smallest', 'exhaust', or a positive integer no greater than max_resources\./,
  );
  await refuse(
    new HalvingGridSearchCV(new GaussianNB(), g, { minResources: 500, maxResources: 400, executor }),
    /^min_resources_=500 is greater than max_resources_=400\./,
  );
  // 'smallest' on 1,797 rows: 2 × 5 splits × 10 classes = 100 > 90
  await refuse(
    new HalvingGridSearchCV(new GaussianNB(), g, { minResources: 'smallest', maxResources: 90, executor }),
    /^min_resources_=100 is greater than max_resources_=90\./,
  );
  await refuse(
    new HalvingGridSearchCV(new KNeighborsClassifier(), { p: [1, 2] }, { resource: 'nNeighbors', executor }),
    /^resource can only be 'n_samples' when max_resources='auto'/,
  );
  await refuse(
    new HalvingGridSearchCV(new KNeighborsClassifier(), { nNeighbors: [1, 2] }, { resource: 'nNeighbors', maxResources: 9, executor }),
    /^Cannot use parameter nNeighbors as the resource since it is part of the searched parameters\./,
  );
  await refuse(
    new HalvingRandomSearchCV(new GaussianNB(), g, { minResources: 'exhaust', executor }),
    /^n_candidates and min_resources cannot be both set to 'exhaust'\./,
  );
  await refuse(new HalvingRandomSearchCV(new GaussianNB(), g, { nCandidates: 0, executor }), /^n_candidates must be either 'exhaust' or a positive integer/);
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { factor: 1, executor }), /^factor: must be a number greater than 1/);
  await refuse(new HalvingGridSearchCV(new GaussianNB(), g, { nIter: 3, executor } as never), /unknown option 'nIter'/);
  assert.equal(executor.ran, 0);
});

test("'nSamples' folds keep scikit-learn's row counts (int(fraction × n) of each train and test fold), nested and in data order", () => {
  const folds = [...new StratifiedKFold({ nSplits: 5 }).split(digits.X, digits.y)];
  const sub = new FoldSubsampler(folds, 7);
  // scikit-learn 1.2.1 _SubsampleMetaSplitter(StratifiedKFold(5), fraction=r/1797, subsample_test=True) on digits:
  const sklearn: Record<number, [number, number][]> = {
    100: [
      [79, 20],
      [79, 20],
      [80, 19],
      [80, 19],
      [80, 19],
    ],
    300: [
      [239, 60],
      [239, 60],
      [240, 59],
      [240, 59],
      [240, 59],
    ],
    900: [
      [719, 180],
      [719, 180],
      [720, 179],
      [720, 179],
      [720, 179],
    ],
    1797: [
      [1437, 360],
      [1437, 360],
      [1438, 359],
      [1438, 359],
      [1438, 359],
    ],
  };
  let previous: Int32Array[] | undefined;
  for (const [r, sizes] of Object.entries(sklearn)) {
    const cut = sub.folds(Number(r) / 1797);
    assert.deepEqual(
      cut.map((f) => [f.train.length, f.test.length]),
      sizes,
      `budget ${r}`,
    );
    cut.forEach((f, s) => {
      const inFold = new Set(folds[s]!.train);
      assert.ok(
        f.train.every((i) => inFold.has(i)),
        'train rows come from the fold',
      );
      assert.ok(
        f.train.every((v, i) => i === 0 || v > f.train[i - 1]!),
        'in data order',
      );
      if (previous) {
        const now = new Set(f.train);
        assert.ok(
          previous[s]!.every((i) => now.has(i)),
          'a smaller budget nests in a larger one',
        );
      }
    });
    previous = cut.map((f) => f.train);
  }
  assert.deepEqual(Array.from(sub.folds(1)[0]!.train), Array.from(folds[0]!.train));
  assert.notDeepEqual(Array.from(new FoldSubsampler(folds, 8).folds(0.1)[0]!.train), Array.from(sub.folds(0.1)[0]!.train));
});

test("HalvingRandomSearchCV on 'nSamples': scikit-learn's schedule, iter / n_resources rows, best of the last iteration, iteration events and progress", async () => {
  const iterations: HalvingIterationInfo[] = [];
  const progress: ProgressInfo[] = [];
  const space = { varSmoothing: loguniform(1e-10, 1e-1) };
  const search = new HalvingRandomSearchCV(new GaussianNB(), space, { randomState: 3, executor: new InlineExecutor(), onProgress: (p) => progress.push(p) });
  search.on('iteration', (i: HalvingIterationInfo) => iterations.push(i));
  await search.fit(digits.X, digits.y);
  // scikit-learn 1.2.1 on 1,797 rows × 10 classes, cv 5, n_candidates 'exhaust', min 'smallest':
  // n_candidates_ [17, 6, 2], n_resources_ [100, 300, 900], 3 iterations
  assert.deepEqual(search.nCandidates, [17, 6, 2]);
  assert.deepEqual(search.nResources, [100, 300, 900]);
  assert.deepEqual(iterations, [
    { iteration: 0, nIterations: 3, nCandidates: 17, nResources: 100 },
    { iteration: 1, nIterations: 3, nCandidates: 6, nResources: 300 },
    { iteration: 2, nIterations: 3, nCandidates: 2, nResources: 900 },
  ]);
  const cv = search.cvResults!;
  assert.deepEqual(
    cv.iter,
    [...new Array(17).fill(0), ...new Array(6).fill(1), 0, 0].map((v, i) => (i >= 23 ? 2 : v)),
  );
  assert.deepEqual((cv.n_resources as number[]).slice(-2), [900, 900]);
  assert.ok('mean_train_score' in cv, 'returnTrainScore defaults to true');
  assert.deepEqual(Object.keys(cv).slice(0, 2), ['iter', 'n_resources']);
  const means = cv.mean_test_score as number[];
  // the kept candidates are the top ceil(n / 3) of their iteration, in ascending score order
  const it0 = means.slice(0, 17);
  const kept = cv.params.slice(17, 23).map((p) => it0[cv.params.slice(0, 17).findIndex((q) => q.varSmoothing === p.varSmoothing)]!);
  assert.deepEqual(kept, [...it0].sort((a, b) => a - b).slice(-6));
  const last = means.slice(23);
  assert.equal(search.bestIndex, 23 + (last[1]! > last[0]! ? 1 : 0));
  assert.equal(search.bestScore, Math.max(...last));
  assert.deepEqual([...new Set(progress.map((p) => p.iteration))], [0, 1, 2]);
  assert.ok(progress.every((p) => p.nIterations === 3));
  assert.equal(progress.at(-1)!.done, (17 + 6 + 2) * 5);
});

test('a halving search aborted mid-iteration resumes from its journal and ends as an uninterrupted run', async () => {
  const opts = { cv: 3, randomState: 1, factor: 2, minResources: 'smallest' as const } as const;
  const grid = { strategy: ['prior', 'most_frequent', 'stratified', 'uniform'], randomState: [0, 1] };
  const whole = new HalvingGridSearchCV(new DummyClassifier(), grid, { ...opts, executor: new InlineExecutor() });
  await whole.fit(digits.X, digits.y);
  // 8 candidates, factor 2, min 'smallest' = 60 of 1,797 rows: 4 iterations of 8, 4, 2, 1 candidates
  assert.deepEqual(whole.nCandidates, [8, 4, 2, 1]);

  const journal = join(dir, 'halving.jsonl');
  const controller = new AbortController();
  // 8 × 3 = 24 fits in iteration 0; stop after 5 of iteration 1's 12
  const first = new HalvingGridSearchCV(new DummyClassifier(), grid, { ...opts, executor: new CountingExecutor({ n: 29, controller }) });
  await assert.rejects(first.fit(digits.X, digits.y, { journal, signal: controller.signal }), SearchAbortedError);
  const executor = new CountingExecutor();
  const second = new HalvingGridSearchCV(new DummyClassifier(), grid, { ...opts, executor });
  await second.fit(digits.X, digits.y, { journal });
  assert.equal(executor.ran, 12 - 5 + 2 * 3 + 1 * 3, 'only the fits missing from the journal run');
  assert.deepEqual(withoutTimes(second.cvResults!), withoutTimes(whole.cvResults!));
  assert.equal(second.bestIndex, whole.bestIndex);
});

test('rows of a small data set subsampled by HalvingGridSearchCV give the same results for the same seed', async () => {
  const rows = Int32Array.from({ length: 600 }, (_, i) => i);
  const X = takeRows(digits.X, rows);
  const y = takeLabels(digits.y, rows);
  const run = async (randomState: number): Promise<CvResults> => {
    const s = new HalvingGridSearchCV(
      new GaussianNB(),
      { varSmoothing: [1e-9, 1e-6, 1e-3, 1e-1] },
      { cv: 3, randomState, minResources: 'smallest', executor: new InlineExecutor() },
    );
    await s.fit(X, y);
    return s.cvResults!;
  };
  const a = await run(5);
  assert.deepEqual(withoutTimes(await run(5)), withoutTimes(a));
  assert.notDeepEqual((await run(6)).split0_test_score, a.split0_test_score);
});
