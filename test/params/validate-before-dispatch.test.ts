/**
 * Validation before dispatch (issue 13, item 7): names by own properties, values against
 * each estimator's ParamSpec rules (grid values, distribution supports, Pipeline steps),
 * integer classifier labels, strings in X, duplicate CSV columns, unusable journal paths.
 * Each check asserts the message's first line and that no fit was dispatched. scikit-learn
 * 1.2.1 validates parameters in `fit` (`_validate_params`), i.e. per fit: with error_score
 * NaN a GridSearchCV over C = -1 runs every fit and records each failure; here the search
 * refuses before the first one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import '../../src/index.js';
import { loadDigits } from '../../src/data/bundled.js';
import { loadCsv } from '../../src/data/csv.js';
import type { Labels, Matrix } from '../../src/data/matrix.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { createEstimator } from '../../src/estimators/registry.js';
import { ValidationError } from '../../src/errors.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { checkCandidateValues } from '../../src/params/check-values.js';
import { randint, uniform } from '../../src/params/distributions.js';
import { parseSpace } from '../../src/params/parse-space.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import type { SearchOptions } from '../../src/search/types.js';

/** An inline executor that counts what reaches it. */
class CountingExecutor extends InlineExecutor {
  dispatched = 0;
  override run(...args: Parameters<InlineExecutor['run']>): ReturnType<InlineExecutor['run']> {
    this.dispatched += args[1].length;
    return super.run(...args);
  }
}

const firstLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));
const est = (name: string, params = {}): Estimator => createEstimator(name, params) as Estimator;

let X: Matrix;
let y: Labels;
let dir: string;
before(async () => {
  ({ X, y } = await loadDigits());
  dir = mkdtempSync(join(tmpdir(), 'hyperfold-validate-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fits a grid (or, with `nIter`, a randomized) search and returns its rejection's first line; asserts no fit ran. */
async function rejection(
  search: (o: SearchOptions) => { fit(X: Matrix, y: Labels, o: { journal?: string }): Promise<unknown> },
  Xs: Matrix | number[][] = X,
  ys: Labels | number[] = y,
  journal?: string,
): Promise<string> {
  const executor = new CountingExecutor();
  const s = search({ cv: 2, executor });
  let line = '';
  await assert.rejects(s.fit(Xs as Matrix, ys as Labels, journal ? { journal } : {}), (e: unknown) => {
    assert.ok(e instanceof ValidationError, `a ValidationError, got ${String(e)}`);
    line = firstLine(e);
    return true;
  });
  assert.equal(executor.dispatched, 0, 'no fit was dispatched');
  return line;
}

describe('parameter names: own properties only', () => {
  it("rejects 'toString' and 'valueOf' as estimator parameters (they were found through `in`)", () => {
    assert.throws(
      () => est('SVC', { toString: 1, valueOf: 2 }),
      (e: unknown) => {
        assert.match(firstLine(e), /^SVC: unknown parameter 'toString'; valid parameters: C, cacheSize, /);
        return true;
      },
    );
  });

  it("a grid key '__proto__' is kept and rejected by name, and 'constructor' too", async () => {
    const grid = parseSpace(JSON.parse('{"__proto__": [1], "C": [1]}'), { forGrid: true });
    assert.deepEqual(Object.keys(grid), ['__proto__', 'C']);
    assert.match(
      await rejection((o) => new GridSearchCV(est('SVC'), grid, o)),
      /^invalid parameter '__proto__' for estimator SVC; valid parameters are: C, cacheSize, /,
    );
    assert.match(await rejection((o) => new GridSearchCV(est('SVC'), { constructor: [1] }, o)), /^invalid parameter 'constructor' for estimator SVC; /);
  });
});

describe('parameter values: checked against the estimator spec before any fit', () => {
  it('wrong types and out-of-range values in a grid name the parameter, the rule and the value', async () => {
    assert.equal(
      await rejection((o) => new GridSearchCV(est('SVC'), { C: ['abc', true] }, o)),
      `parameter 'C' of SVC must be a number > 0, got "abc" (value 0 of 'C'); fix it before searching — no fit was run`,
    );
    assert.equal(
      await rejection((o) => new GridSearchCV(est('SVC'), { C: [1, NaN] }, o)),
      `parameter 'C' of SVC must be a number > 0, got NaN (value 1 of 'C'); fix it before searching — no fit was run`,
    );
    assert.match(
      await rejection((o) => new GridSearchCV(est('SVC'), { gamma: ['scale', 'big'] }, o)),
      /^parameter 'gamma' of SVC must be a number > 0 or one of 'scale', 'auto', got "big" \(value 1 of 'gamma'\)/,
    );
    assert.match(
      await rejection((o) => new GridSearchCV(est('RandomForestClassifier'), [{ maxDepth: [3] }, { nEstimators: [10, 2.5] }], o)),
      /^parameter 'nEstimators' of RandomForestClassifier must be an integer ≥ 1, got 2\.5 \(value 1 of 'nEstimators' of space 1\)/,
    );
  });

  it("the estimator's own values are checked too", async () => {
    assert.match(
      await rejection((o) => new GridSearchCV(est('KNeighborsClassifier', { p: 3 }), { nNeighbors: [1, 3] }, o)),
      /^parameter 'p' of KNeighborsClassifier must be an integer ≥ 1 and ≤ 2, got 3 \(the estimator's own value\)/,
    );
  });

  it("a distribution's whole support must be accepted", async () => {
    assert.match(
      await rejection((o) => new RandomizedSearchCV(est('SVC'), { C: uniform(0, 10) }, { ...o, nIter: 2 })),
      /^parameter 'C' of SVC must be a number > 0, but \{"uniform":\[0,10\]\} draws values in \[0, 10\]; narrow the distribution/,
    );
    assert.match(
      await rejection((o) => new RandomizedSearchCV(est('SVC', { kernel: 'poly' }), { degree: uniform(1, 2) }, { ...o, nIter: 2 })),
      /^parameter 'degree' of SVC must be an integer ≥ 0, but \{"uniform":\[1,2\]\} draws values in \[1, 3\]/,
    );
    assert.match(
      await rejection((o) => new RandomizedSearchCV(est('KNeighborsClassifier'), { nNeighbors: randint(0, 5) }, { ...o, nIter: 2 })),
      /^parameter 'nNeighbors' of KNeighborsClassifier must be an integer ≥ 1, but \{"randint":\[0,5\]\} draws integers 0…4/,
    );
  });

  it("a Pipeline step's parameter is checked against that step's estimator", async () => {
    const pipe = est('Pipeline', {
      steps: [
        ['scale', { name: 'StandardScaler', params: {} }],
        ['svc', { name: 'SVC', params: {} }],
      ],
    });
    assert.match(
      await rejection((o) => new GridSearchCV(pipe, { svc__C: [1, -1] }, o)),
      /^parameter 'C' of SVC \(in Pipeline 'svc__C'\) must be a number > 0, got -1 \(value 1 of 'svc__C'\)/,
    );
  });

  it('every candidate of a batch from any strategy is checked (the evaluator calls the same validator)', () => {
    assert.throws(
      () => checkCandidateValues(est('SVC'), est('SVC').getParams(), [{ C: 1 }, { C: 0 }]),
      (e: unknown) => {
        assert.equal(firstLine(e), `parameter 'C' of SVC must be a number > 0, got 0 (candidate 1); fix it before searching — no fit was run`);
        return true;
      },
    );
  });
});

describe('data: labels, X and CSV columns', () => {
  it("a classifier's labels must be integers", async () => {
    const yf = Float64Array.from(y, (v, i) => (i === 7 ? 2.5 : v));
    assert.match(
      await rejection((o) => new GridSearchCV(est('GaussianNB'), { varSmoothing: [1e-9] }, o), X, yf),
      /^y\[7\] is 2\.5, not an integer: a classifier's labels are class ids/,
    );
  });

  it("strings such as '1.5' in X are rejected with their row and column, not coerced", async () => {
    const rows: unknown[][] = [];
    for (let i = 0; i < 40; i++) rows.push(Array.from(X.data.subarray(i * 64, i * 64 + 64)));
    rows[5]![9] = '1.5';
    assert.match(
      await rejection((o) => new GridSearchCV(est('GaussianNB'), { varSmoothing: [1e-9] }, o), rows as number[][], Array.from(y.subarray(0, 40))),
      /^X has the string "1\.5" at row 5, column 9; X must hold numbers/,
    );
  });

  it('a CSV naming a column twice is rejected', async () => {
    const file = join(dir, 'dup.csv');
    writeFileSync(file, 'a,b,a,label\n1,2,3,0\n4,5,6,1\n');
    await assert.rejects(loadCsv(file), (e: unknown) => {
      assert.equal(firstLine(e), `${file}: the header names column 'a' twice (columns 0 and 2); rename one so every column has its own name`);
      return true;
    });
  });

  it('an unusable journal path is named before any fit', async () => {
    const grid = (o: SearchOptions) => new GridSearchCV(est('GaussianNB'), { varSmoothing: [1e-9] }, o);
    assert.equal(await rejection(grid, X, y, dir), `journal ${dir} is a directory; give a file path inside it, e.g. ${join(dir, 'search.jsonl')}`);
    const missing = join(dir, 'no-such-folder', 'j.jsonl');
    assert.equal(
      await rejection(grid, X, y, missing),
      `journal ${missing}: the folder ${join(dir, 'no-such-folder')} does not exist; create it or choose another path`,
    );
  });
});
