import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { loguniform, ParameterGrid, ParameterSampler, randint, uniform } from '../../src/params/index.js';

const key = (p: object) => JSON.stringify(p);

test('all-list spaces are sampled without replacement from the grid (as scikit-learn)', () => {
  const space = { C: [0.1, 1, 10, 100], kernel: ['rbf', 'poly', 'linear'], shrinking: [true, false] };
  const s = new ParameterSampler(space, 20, { randomState: 0 });
  assert.equal(s.length, 20);
  const c = s.candidates();
  assert.equal(new Set(c.map(key)).size, 20);
  const grid = new Set([...new ParameterGrid(space)].map(key));
  for (const p of c) assert.ok(grid.has(key(p)));
  assert.deepEqual(new ParameterSampler(space, 20, { randomState: 0 }).candidates(), c);
  assert.notDeepEqual(new ParameterSampler(space, 20, { randomState: 1 }).candidates(), c);
});

test("nIter above the grid size is clipped with scikit-learn's warning", () => {
  const warn = mock.method(process, 'emitWarning', () => {});
  try {
    const s = new ParameterSampler({ a: [1, 2], b: [3, 4, 5] }, 10, { randomState: 0 });
    assert.equal(s.length, 6);
    const c = [...s];
    assert.equal(c.length, 6);
    assert.equal(new Set(c.map(key)).size, 6);
    // scikit-learn 1.2.1: "The total space of parameters 6 is smaller than n_iter=10. Running 6 iterations. For exhaustive searches, use GridSearchCV."
    assert.equal(warn.mock.callCount(), 1);
    assert.equal(
      String(warn.mock.calls[0]!.arguments[0]),
      'The total space of parameters 6 is smaller than nIter=10. Running 6 iterations. For exhaustive searches, use GridSearchCV.',
    );
  } finally {
    warn.mock.restore();
  }
});

test('spaces with distributions draw every parameter; same seed, same candidates', () => {
  const space = { C: loguniform(1e-6, 1e6), gamma: uniform(0, 1), degree: randint(2, 5), kernel: ['rbf', 'poly'] };
  const a = new ParameterSampler(space, 50, { randomState: 42 }).candidates();
  const b = new ParameterSampler(space, 50, { randomState: 42 }).candidates();
  assert.deepEqual(a, b);
  assert.equal(a.length, 50);
  for (const p of a) {
    assert.deepEqual(Object.keys(p), ['C', 'degree', 'gamma', 'kernel']);
    assert.ok((p.C as number) >= 1e-6 && (p.C as number) <= 1e6);
    assert.ok([2, 3, 4].includes(p.degree as number));
    assert.ok(['rbf', 'poly'].includes(p.kernel as string));
  }
  assert.equal(new Set(a.map((p) => p.kernel)).size, 2);
  // Without a seed, two samplers differ.
  assert.notDeepEqual(new ParameterSampler(space, 5).candidates(), new ParameterSampler(space, 5).candidates());
});

test('a list of spaces: each candidate comes from one of them (as scikit-learn 1.2)', () => {
  const s = new ParameterSampler(
    [
      { kernel: ['linear'], C: loguniform(0.01, 100) },
      { kernel: ['rbf'], gamma: uniform(0, 1) },
    ],
    40,
    { randomState: 3 },
  );
  const c = s.candidates();
  const linear = c.filter((p) => p.kernel === 'linear');
  assert.ok(linear.length > 5 && linear.length < 35);
  for (const p of linear) assert.deepEqual(Object.keys(p), ['C', 'kernel']);
  for (const p of c.filter((q) => q.kernel === 'rbf')) assert.deepEqual(Object.keys(p), ['gamma', 'kernel']);
});

test('ParameterSampler validates nIter and the space', () => {
  assert.throws(
    () => new ParameterSampler({ a: [1] }, 0),
    (e: Error) => e instanceof ValidationError && /nIter must be an integer ≥ 1, got 0/.test(e.message),
  );
  assert.throws(() => new ParameterSampler({ a: [] }, 3), /'a' has an empty list/);
  assert.throws(() => new ParameterSampler({ a: 3 as never }, 3), /'a' is not a list or a distribution \(value=3\)/);
  assert.throws(() => new ParameterSampler([], 3), /empty list/);
});
