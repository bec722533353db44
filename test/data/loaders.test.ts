import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAirline, loadCsv, loadDigits, AIRLINE_FEATURES } from '../../src/data/index.js';
import { column, row, toMatrix, toArrays, takeRows } from '../../src/data/matrix.js';
import { ValidationError } from '../../src/errors.js';

test('loadDigits: 1,797 × 64, classes 0–9 (as sklearn.datasets.load_digits)', async () => {
  const d = await loadDigits();
  assert.equal(d.X.rows, 1797);
  assert.equal(d.X.cols, 64);
  assert.equal(d.y.length, 1797);
  assert.deepEqual([...new Set(d.y)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...row(d.X, 0).subarray(0, 6)], [0, 0, 5, 13, 9, 1]);
  assert.equal(d.y[0], 0);
  assert.equal(d.featureNames.length, 64);
  // loaded straight into shared memory: the thread pool shares it without a copy
  assert.ok(d.X.data.buffer instanceof SharedArrayBuffer);
  assert.ok(d.y.buffer instanceof SharedArrayBuffer);
  // class counts of sklearn's digits
  const counts = new Array(10).fill(0);
  for (const v of d.y) counts[v]++;
  assert.deepEqual(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
});

test('loadAirline: first rows, both targets', async () => {
  const a = await loadAirline({ rows: 1000 });
  assert.equal(a.X.rows, 1000);
  assert.equal(a.X.cols, 11);
  assert.deepEqual(a.featureNames, [...AIRLINE_FEATURES]);
  assert.deepEqual([...row(a.X, 0)], [5, 1, 1, 11.667, 810, 38.9445, -77.4558, 27.9755, -82.5332, 52606, 70119]);
  assert.equal(a.y[0], 0);
  assert.ok(new Set(a.y).size === 2);
  const r = await loadAirline({ rows: 2, target: 'delay_min' });
  assert.deepEqual([...r.y], [-14, -4]);
  await assert.rejects(loadAirline({ rows: 0 }), /rows must be a positive integer/);
});

test('loadCsv: plain and .gz, header, feature selection, errors name file, line and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-csv-'));
  const text = 'a,b,label\n1,2,0\n3,4,1\n5,6,0\n';
  writeFileSync(join(dir, 't.csv'), text);
  writeFileSync(join(dir, 't.csv.gz'), gzipSync(text));
  for (const f of ['t.csv', 't.csv.gz']) {
    const d = await loadCsv(join(dir, f), { target: 'label' });
    assert.deepEqual(toArrays(d.X), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    assert.deepEqual([...d.y], [0, 1, 0]);
    assert.deepEqual(d.featureNames, ['a', 'b']);
  }
  const sel = await loadCsv(join(dir, 't.csv'), { target: 'label', features: ['b'] });
  assert.deepEqual([...sel.X.data], [2, 4, 6]);
  writeFileSync(join(dir, 'bad.csv'), 'a,b,label\n1,2,0\n3,x,1\n');
  await assert.rejects(loadCsv(join(dir, 'bad.csv'), { target: 'label' }), (e: Error) => {
    assert.ok(e instanceof ValidationError);
    assert.match(e.message, /bad\.csv, line 3, column 'b': 'x' is not a number/);
    return true;
  });
  writeFileSync(join(dir, 'empty.csv'), 'a,b,label\n1,,0\n');
  await assert.rejects(loadCsv(join(dir, 'empty.csv'), { target: 'label' }), /line 2, column 'b': an empty cell is not a number/);
  await assert.rejects(loadCsv(join(dir, 't.csv'), { target: 'nope' }), /target column 'nope' not found; columns are: a, b, label/);
});

test('Matrix helpers', () => {
  const X = toMatrix([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual([...column(X, 1)], [2, 4, 6]);
  assert.deepEqual(toArrays(takeRows(X, [2, 0])), [
    [5, 6],
    [1, 2],
  ]);
  assert.throws(() => toMatrix([[1, 2], [3]]), /row 1 has 1 values but row 0 has 2/);
});
