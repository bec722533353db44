import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { SVC } from '../../src/estimators/svc.js';
import { LibsvmExitError, MAX_COMMAND_LENGTH, withExitGuard } from '../../src/estimators/libsvm/wasm.js';
import { StratifiedKFold } from '../../src/split/index.js';

test("libsvm's C exit() becomes a thrown error instead of ending the process", () => {
  assert.throws(
    () => withExitGuard('testing', () => process.exit(1)),
    (e: Error) => e instanceof LibsvmExitError && /libsvm called exit\(1\) while testing/.test(e.message),
  );
  // process.exit is restored afterwards
  assert.equal(typeof process.exit, 'function');
  assert.doesNotThrow(() => withExitGuard('testing', () => 1));
});

test('SVC with 10 balanced class weights and C = gamma = 10 ** -4 fits (its libsvm line used to exceed the parser limit)', async () => {
  // 10 ** -4 is 0.00009999999999999999 in JavaScript: printed in full, this candidate's
  // command line was 329 characters and libsvm-js exited the process with code 1.
  const d = await loadDigits();
  const folds = [...new StratifiedKFold({ nSplits: 3 }).split(d.X, d.y)];
  for (const f of folds) {
    const svc = new SVC({ C: 10 ** -4, gamma: 10 ** -4, tol: 0.1, classWeight: 'balanced' });
    svc.fit(takeRows(d.X, f.train), takeLabels(d.y, f.train));
    const pred = svc.predict(takeRows(d.X, f.test));
    assert.equal(pred.length, f.test.length);
    svc.dispose?.();
  }
  assert.ok(MAX_COMMAND_LENGTH >= 200);
});
