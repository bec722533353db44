import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { ValidationError } from '../../src/errors.js';
import type { Executor } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { digitsFolds } from './digits-folds.js';

const { SVC } = await import('../../src/estimators/svc.js');
const { estimatorFromJSON } = await import('../../src/estimators/registry.js');

// scikit-learn 1.2.1 figures, generated once with /usr/bin/python3 (see each test for the call).
const REF = JSON.parse(readFileSync(new URL('../fixtures/svc-sklearn-1.2.1.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  binary: {
    rows: number[];
    fits: { C: number; gamma: number | 'scale'; dec: number[]; nSupport: number[]; support: number[]; intercept: number[]; dualCoef: number[] }[];
  };
  digits: { testRows: number[]; fits: { C: number; gamma: number; dec: number[]; nSupport: number[]; correct: number }[] };
};
const SEED = JSON.parse(readFileSync(new URL('../fixtures/svc-seed-search-sklearn-1.2.1.json', import.meta.url), 'utf8')) as {
  candidates: { C: number; gamma: number; tol: number; classWeight: null | 'balanced' }[];
  correct: number[][];
};

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-6 * Math.max(Math.abs(want[i]!), 1e-12);
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `${what}[${i}]: ${got[i]} vs scikit-learn ${want[i]}`);
  }
}

test('binary: decisionFunction within 1e-6 (relative) of scikit-learn 1.2.1, same support, nSupport, intercept and dualCoef, extreme C and gamma included', async () => {
  // SVC(C, gamma).fit(Xb[:150], yb[:150]).decision_function(Xb[150:]), Xb = first 200 digits rows of classes 1 and 7
  assert.equal(REF.sklearn, '1.2.1');
  const { X, y } = await loadDigits();
  const rows = Int32Array.from(REF.binary.rows);
  const Xb = takeRows(X, rows);
  const yb = takeLabels(y, rows);
  const tr = Int32Array.from({ length: 150 }, (_, i) => i);
  const te = Int32Array.from({ length: 50 }, (_, i) => 150 + i);
  for (const f of REF.binary.fits) {
    const what = `C=${f.C} gamma=${f.gamma}`;
    const svc = new SVC({ C: f.C, gamma: f.gamma }).fit(takeRows(Xb, tr), takeLabels(yb, tr));
    assertClose(svc.decisionFunction(takeRows(Xb, te)).data, f.dec, `${what} decision`);
    assert.deepEqual(Array.from(svc.nSupport!), f.nSupport, `${what} nSupport`);
    assert.deepEqual(Array.from(svc.support!), f.support, `${what} support`);
    assertClose(svc.intercept!, f.intercept, `${what} intercept`);
    assertClose(svc.dualCoef!.data, f.dualCoef, `${what} dualCoef`);
  }
});

test("digits (10 classes): 'ovo' decision values within 1e-6 of scikit-learn 1.2.1, nSupport per class and test accuracy equal, standalone and on a shared data set", async () => {
  // SVC(C, gamma, decision_function_shape='ovo').fit(X[train], y[train]) on fold 0 of StratifiedKFold(3)
  const folds = await digitsFolds();
  const f0 = folds[0]!;
  const { X, y } = await loadDigits();
  const data = makeDataSet(X, y);
  new SVC().prepareData(data);
  const testRows = Int32Array.from(REF.digits.testRows);
  const train = f0.train;
  assert.deepEqual(Array.from(f0.test.subarray(0, 12)), REF.digits.testRows);
  for (const f of REF.digits.fits) {
    const what = `C=${f.C} gamma=${f.gamma}`;
    const alone = new SVC({ C: f.C, gamma: f.gamma, decisionFunctionShape: 'ovo' }).fit(f0.Xtrain, f0.ytrain);
    const shared = new SVC({ C: f.C, gamma: f.gamma, decisionFunctionShape: 'ovo' }).fitIndexed(data, train);
    for (const [name, svc] of [
      ['standalone', alone],
      ['shared', shared],
    ] as const) {
      assertClose(svc.decisionFunction(takeRows(X, testRows)).data, f.dec, `${what} ${name} decision`);
      assert.deepEqual(Array.from(svc.nSupport!), f.nSupport, `${what} ${name} nSupport`);
      const pred = svc.predict(f0.Xtest);
      let correct = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === f0.ytest[i]) correct++;
      assert.equal(correct, f.correct, `${what} ${name} correct test predictions`);
    }
    assert.deepEqual(Array.from(shared.dualCoef!.data), Array.from(alone.dualCoef!.data), `${what}: shared and standalone fits are bit-identical`);
  }
});

test('the seed search (RandomizedSearchCV nIter 50, cv 3, default pool): all 150 split scores equal scikit-learn 1.2.1 GridSearchCV over the same candidates and folds', async () => {
  // scikit-learn 1.2.1: GridSearchCV(SVC(kernel='rbf'), [one dict per candidate], cv=StratifiedKFold(3)) on load_digits()
  const { X, y } = await loadDigits();
  const logspace = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const space = { C: logspace(-6, 6), gamma: logspace(-8, 8), tol: logspace(-4, -1), classWeight: [null, 'balanced'] as const };
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  const search = new RandomizedSearchCV(new SVC({ kernel: 'rbf' }), space, { nIter: 50, cv: 3, randomState: 0, executor: pool });
  try {
    await search.fit(X, y);
  } finally {
    await pool.close();
  }
  const r = search.cvResults!;
  assert.deepEqual(
    r.params.map((p) => ({ C: p.C, gamma: p.gamma, tol: p.tol, classWeight: p.classWeight })),
    SEED.candidates,
  );
  let equal = 0;
  SEED.correct.forEach((want, i) =>
    want.forEach((c, k) => {
      const got = Math.round((r[`split${k}_test_score`] as number[])[i]! * 599);
      if (got === c) equal++;
      else assert.fail(`candidate ${i} ${JSON.stringify(SEED.candidates[i])} split ${k}: ${got} correct vs scikit-learn ${c}`);
    }),
  );
  assert.equal(equal, 150);
});

test('same seed → identical cvResults on the inline executor and the pool (1 and 2 threads)', async () => {
  const { X, y } = await loadDigits();
  const space = { C: [0.1, 10, 1000], gamma: [1e-4, 1e-3, 'scale'] as const, classWeight: [null, 'balanced'] as const };
  const run = async (executor: Executor): Promise<unknown> => {
    const s = new RandomizedSearchCV(new SVC(), space, { nIter: 6, cv: 3, randomState: 7, executor });
    await s.fit(X, y);
    const r = s.cvResults!;
    return { params: r.params, s0: r.split0_test_score, s1: r.split1_test_score, s2: r.split2_test_score };
  };
  const inline = await run(new InlineExecutor());
  for (const threads of [1, 2]) {
    const pool = new PiscinaExecutor({ maxThreads: threads });
    try {
      assert.deepEqual(await run(pool), inline, `${threads} thread(s)`);
    } finally {
      await pool.close();
    }
  }
});

test('bad C, gamma, degree, tol: ValidationError naming the parameter and allowed values, before any fit is dispatched', async () => {
  const { X, y } = await loadDigits();
  const noDispatch: Executor = {
    kind: 'no-dispatch',
    run() {
      throw new Error('a job was dispatched');
    },
    async close() {},
  } as unknown as Executor;
  const cases: [Record<string, unknown[]>, RegExp][] = [
    // the search's parameter rules (ParamSpec.accepts) refuse these first, naming the value's place in the grid
    [{ C: [1, 0] }, /parameter 'C' of SVC must be a number > 0, got 0 \(value 1 of 'C'\)/],
    [{ C: [-1] }, /parameter 'C' of SVC must be a number > 0/],
    [{ gamma: ['scal'] }, /parameter 'gamma' of SVC must be a number > 0 or one of 'scale', 'auto', got "scal"/],
    [{ degree: [-1] }, /parameter 'degree' of SVC must be an integer ≥ 0/],
    [{ tol: [0] }, /parameter 'tol' of SVC must be a number > 0/],
  ];
  for (const [grid, message] of cases) {
    const search = new GridSearchCV(new SVC(), grid as never, { cv: 3, executor: noDispatch });
    await assert.rejects(search.fit(X, y), (e: Error) => e instanceof ValidationError && message.test(e.message), JSON.stringify(grid));
  }
  assert.throws(() => new SVC({ gamma: 'scal' as 'scale' }), ValidationError);
  assert.throws(() => new SVC().setParams({ tol: -1 }), /'tol'/);
});

test("maxIter reached: scikit-learn's ConvergenceWarning text, once per process however many fits", async () => {
  const folds = await digitsFolds();
  const f = folds[0]!;
  const warnings: Error[] = [];
  const listener = (w: Error): void => {
    if (w.name === 'ConvergenceWarning') warnings.push(w);
  };
  process.on('warning', listener);
  try {
    new SVC({ maxIter: 5 }).fit(f.Xtrain, f.ytrain);
    new SVC({ maxIter: 5 }).fit(f.Xtrain, f.ytrain);
    new SVC({ maxIter: -1 }).fit(f.Xtrain, f.ytrain);
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', listener);
  }
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.message, 'Solver terminated early (max_iter=5).  Consider pre-processing your data with StandardScaler or MinMaxScaler.');
});

test("a search whose fits reach maxIter: one ConvergenceWarning for the whole search, on 2 pool threads as inline (scikit-learn's search shows it once)", async () => {
  const { X, y } = await loadDigits();
  const grid = { C: [1, 10], maxIter: [5, -1] };
  for (const executor of [new InlineExecutor(), new PiscinaExecutor({ minThreads: 2, maxThreads: 2 })]) {
    const warnings: Error[] = [];
    const listener = (w: Error): void => {
      if (w.name === 'ConvergenceWarning') warnings.push(w);
    };
    process.on('warning', listener);
    try {
      await new GridSearchCV(new SVC({ gamma: 0.001 }), grid, { cv: 3, executor }).fit(X, y);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
      await executor.close();
    }
    // 2 of the 4 candidates (maxIter 5) × 3 splits stop early; the refit (C=10, maxIter -1) does not
    assert.equal(warnings.length, 1, executor.constructor.name);
    assert.equal(
      warnings[0]!.message,
      'Solver terminated early (max_iter=5).  Consider pre-processing your data with StandardScaler or MinMaxScaler. (raised by 6 of 12 fits)',
    );
  }
});

test('toJSON / estimatorFromJSON round trip of our solver: same predictions, decision values and fitted arrays; malformed state is a ValidationError', async () => {
  const f = (await digitsFolds())[1]!;
  const svc = new SVC({ C: 10, gamma: 0.001, decisionFunctionShape: 'ovo' }).fit(f.Xtrain, f.ytrain);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(svc.toJSON()))) as InstanceType<typeof SVC>;
  assert.deepEqual(back.predict(f.Xtest), svc.predict(f.Xtest));
  assert.deepEqual(back.decisionFunction(f.Xtest).data, svc.decisionFunction(f.Xtest).data);
  assert.deepEqual(back.support, svc.support);
  assert.deepEqual(back.supportVectors, svc.supportVectors);
  assert.throws(
    () => back.setState({ classes: [0, 1], nFeatures: 64, smo: { kernel: {}, nFeatures: 64, nClasses: 2, nSV: [1], support: [], coef: [], rho: [], sv: [] } }),
    ValidationError,
  );
});
