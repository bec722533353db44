/**
 * The SVC kernel arena (src/estimators/svm/kernel-arena.ts): one float32 kernel matrix
 * per kernel setting, built once by whichever thread needs it first and read by every
 * thread, entries equal to the Qfloat values libsvm's own cache holds (the RBF kernel
 * from dot products, rounded to float32).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { loadDigits } from '../../../src/data/bundled.js';
import { makeDataSet } from '../../../src/data/dataset.js';
import { takeRows } from '../../../src/data/matrix.js';
import { shareDataSet } from '../../../src/executors/piscina/shared-data.js';
import { arenaOf, builtMatrices, holdMatrix, readersOf } from '../../../src/estimators/svm/kernel-arena.js';
import { kernelFromDot, rowDot } from '../../../src/estimators/svm/kernel.js';
import { rowsFromDataSet } from '../../../src/estimators/svm/kernel-source.js';
import { SVC } from '../../../src/estimators/svc.js';

const digits = await loadDigits();

function runThread(shared: unknown, gammas: number[]): Promise<{ gamma: number; built: boolean; sample: number }[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('../../fixtures/arena-thread.mjs', import.meta.url), { workerData: { shared, gammas } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('two threads asking for the same gammas: one matrix per gamma (built once, its rows shared out between the threads that need it), both read the same values', async () => {
  const data = makeDataSet(digits.X, digits.y);
  new SVC().prepareData(data);
  const arena = arenaOf(data)!;
  assert.ok(arena.slots >= 4, `slots in the default budget: ${arena.slots}`);
  const shared = shareDataSet(data);
  const gammas = [1e-4, 1e-3, 1e-2];
  const [a, b] = await Promise.all([runThread(shared, gammas), runThread(shared, [...gammas].reverse())]);
  for (const gamma of gammas) {
    const fromA = a!.find((r) => r.gamma === gamma)!;
    const fromB = b!.find((r) => r.gamma === gamma)!;
    assert.ok(fromA.built || fromB.built, `gamma ${gamma} built`);
    assert.equal(fromA.sample, fromB.sample);
  }
  assert.equal(builtMatrices(arena), 3);
  assert.deepEqual(
    readersOf(arena).filter((r) => r !== 0),
    [],
    'every hold released',
  );
  // the main thread reads the same matrix without building it; entries are libsvm's Qfloat of the training kernel
  const rows = rowsFromDataSet(data);
  const h = holdMatrix(arena, rows, { kernel: 'rbf', gamma: 1e-3, degree: 3, coef0: 0 })!;
  assert.equal(h.built, false);
  for (const [i, j] of [
    [0, 1],
    [5, 1700],
    [1796, 3],
  ] as const) {
    const expected = Math.fround(kernelFromDot({ kernel: 'rbf', gamma: 1e-3, degree: 3, coef0: 0 }, rowDot(digits.X.data, 64, i, j), rows.sq[i]!, rows.sq[j]!));
    assert.equal(h.K[h.pos[i]! * arena.n + h.pos[j]!], expected, `K(${i}, ${j})`);
  }
  h.release();
});

test('a full arena reuses the least recently used matrix no fit holds, and refuses (undefined: the fit computes its own) when every slot is held', () => {
  const data = makeDataSet(digits.X, digits.y);
  // budget: the Gram matrix (25.8 MB) + two 12.9 MB matrices
  new SVC({ sharedKernelMb: Math.ceil((1797 * 1797 * 16) / 1024 / 1024) }).prepareData(data);
  const arena = arenaOf(data)!;
  assert.equal(arena.slots, 2);
  const rows = rowsFromDataSet(data);
  const rbf = (gamma: number) => ({ kernel: 'rbf' as const, gamma, degree: 3, coef0: 0 });
  const first = holdMatrix(arena, rows, rbf(1e-3))!;
  const second = holdMatrix(arena, rows, rbf(1e-2))!;
  assert.equal(holdMatrix(arena, rows, rbf(1e-1)), undefined, 'both slots held');
  first.release();
  const third = holdMatrix(arena, rows, rbf(1e-1))!;
  assert.equal(third.built, true);
  assert.equal(third.K.byteOffset, first.K.byteOffset, 'took the released slot');
  second.release();
  const again = holdMatrix(arena, rows, rbf(1e-2))!;
  assert.equal(again.built, false, 'gamma 1e-2 still cached');
  again.release();
  third.release();
});

test('a fitted SVC holds no arena slot: training reads the matrix, a kept model (a search refit) does not pin it', () => {
  const data = makeDataSet(digits.X, digits.y);
  const svc = new SVC({ C: 10, gamma: 1e-3 });
  svc.prepareData(data);
  const arena = arenaOf(data)!;
  svc.fitIndexed(
    data,
    Int32Array.from({ length: 600 }, (_, i) => i),
  );
  assert.equal(builtMatrices(arena), 1, 'the fit built its matrix');
  assert.deepEqual(
    readersOf(arena).filter((r) => r !== 0),
    [],
    'and released it',
  );
  assert.equal(
    svc.predict(
      takeRows(
        digits.X,
        Int32Array.from({ length: 5 }, (_, i) => 700 + i),
      ),
    ).length,
    5,
  );
});
