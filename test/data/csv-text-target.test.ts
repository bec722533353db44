/** loadCsv with a text target (class names): y holds the cells as text and a search takes them as labels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDigits } from '../../src/data/bundled.js';
import { loadCsv } from '../../src/data/csv.js';
import { KNeighborsClassifier } from '../../src/estimators/k-neighbors-classifier.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/grid-search.js';

const dir = mkdtempSync(join(tmpdir(), 'hyperfold-csv-text-'));
const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

test('a text target column loads as class names and searches like its numeric form', async () => {
  const { X, y } = await loadDigits();
  const n = 300;
  const header = [...Array.from({ length: 64 }, (_, j) => `p${j}`), 'digit'].join(',');
  const lines = Array.from({ length: n }, (_, i) => [...X.data.subarray(i * 64, (i + 1) * 64), ` ${NAMES[y[i]!]}`].join(','));
  const file = join(dir, 'digits-names.csv');
  writeFileSync(file, `${header}\n${lines.join('\n')}\n`);
  const d = await loadCsv(file);
  assert.deepEqual(d.y.slice(0, 3), ['zero', 'one', 'two']);
  assert.equal(d.X.rows, n);
  const search = new GridSearchCV(new KNeighborsClassifier(), { nNeighbors: [3] }, { cv: 3, executor: new InlineExecutor() });
  const fitted = await search.fit(d.X, d.y);
  assert.deepEqual(fitted.classes, [...NAMES].sort());
  assert.ok(fitted.predict(d.X).every((p) => NAMES.includes(p)));

  writeFileSync(join(dir, 'empty.csv'), 'a,b\n1,x\n2,\n');
  await assert.rejects(loadCsv(join(dir, 'empty.csv')), /line 3, column 'b': an empty target cell/);
  writeFileSync(join(dir, 'mixed.csv'), 'a,b\n1,0\n2,x\n');
  await assert.rejects(loadCsv(join(dir, 'mixed.csv')), /line 3, column 'b': 'x' is not a number/);
});
