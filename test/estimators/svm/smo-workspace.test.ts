/**
 * The SVC solver's three ways to Q (src/estimators/svm/ovo.ts): DenseQ gathering in
 * WebAssembly from a kernel arena that lives in a shared WebAssembly memory (a search's
 * default), DenseQ gathering in TypeScript from a matrix outside wasm memory, and libsvm's
 * own column cache (QMatrix, copied into the workspace for the wasm loops). libsvm's
 * iterates do not depend on where Q's values come from, so the three must give the same
 * model to the last bit — the property scikit-learn 1.2.1's parity relies on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../../src/data/bundled.js';
import { makeDataSet } from '../../../src/data/dataset.js';
import { arenaOf, holdMatrix } from '../../../src/estimators/svm/kernel-arena.js';
import type { KernelSpec } from '../../../src/estimators/svm/kernel.js';
import { rowsFromDataSet } from '../../../src/estimators/svm/kernel-source.js';
import { trainOvo, type OvoModel, type OvoProblem } from '../../../src/estimators/svm/ovo.js';
import { SVC } from '../../../src/estimators/svc.js';

const digits = await loadDigits();

function assertSameModel(a: OvoModel, b: OvoModel, what: string): void {
  assert.deepEqual([...a.nSV], [...b.nSV], `${what}: nSV`);
  assert.deepEqual([...a.support], [...b.support], `${what}: support`);
  assert.ok(
    a.coef.every((v, i) => Object.is(v, b.coef[i])),
    `${what}: dual coefficients bit for bit`,
  );
  assert.ok(
    a.rho.every((v, i) => Object.is(v, b.rho[i])),
    `${what}: rho bit for bit`,
  );
}

test('DenseQ in WebAssembly (arena in wasm memory), DenseQ in TypeScript and the column cache train the same digits model, bit for bit (shrinking on and off, balanced and plain C)', () => {
  const data = makeDataSet(digits.X, digits.y);
  new SVC().prepareData(data);
  const arena = arenaOf(data)!;
  assert.ok(arena.memory, 'the arena lives in a WebAssembly memory');
  const rows = rowsFromDataSet(data);
  // the first two thirds of the rows, as a training fold; codes = digit labels 0–9
  const ids = Int32Array.from({ length: 1198 }, (_, i) => i);
  const codes = Int32Array.from(ids, (r) => digits.y[r]!);
  for (const [gamma, C, shrinking, weights] of [
    [1e-3, 10, true, false],
    [1e-2, 1e6, true, true],
    [1e-8, 1, false, false],
  ] as const) {
    const kernel: KernelSpec = { kernel: 'rbf', gamma, degree: 3, coef0: 0 };
    const held = holdMatrix(arena, rows, kernel)!;
    try {
      const classC = Float64Array.from({ length: 10 }, (_, c) => (weights ? C * (1 + c / 10) : C));
      const prob: OvoProblem = { ids, codes, nClasses: 10, classC, kernel, tol: 1e-3, shrinking, maxIter: -1, cacheBytes: 200 * 1024 * 1024 };
      const inWasm = trainOvo(rows, { ...prob, matrix: held });
      const plain = trainOvo(rows, { ...prob, matrix: { K: Float32Array.from(held.K), pos: held.pos } });
      const cache = trainOvo(rows, prob);
      const what = `gamma ${gamma}, C ${C}, shrinking ${shrinking}`;
      assertSameModel(inWasm, plain, `${what}, wasm gather vs TypeScript gather`);
      assertSameModel(inWasm, cache, `${what}, wasm gather vs column cache`);
      assert.ok(inWasm.support.length > 0);
    } finally {
      held.release();
    }
  }
});
