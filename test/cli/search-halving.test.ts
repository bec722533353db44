// `hyperfold search --halving` (built CLI): the halving search runs with its options, progress names
// the iteration, --out keeps the iter / n_resources columns; misplaced halving flags are usage errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from './run-cli.js';
import { tempDir } from './fixtures.js';

let dir = '';
before(() => {
  ensureBuilt();
  dir = tempDir();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const base = ['search', '--data', 'digits', '--rows', '600', '--estimator', 'GaussianNB', '--cv', '3', '--executor', 'inline'];

test('--halving --grid runs HalvingGridSearchCV: iterations in progress, iter / n_resources in --out', async () => {
  const out = join(dir, 'halving.json');
  const r = await runCli([
    ...base,
    '--grid',
    '{"varSmoothing": [1e-9, 1e-6, 1e-3, 1e-1]}',
    '--halving',
    '--factor',
    '2',
    '--min-resources',
    'smallest',
    '--out',
    out,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  // 600 rows, 10 classes, cv 3: smallest = 60; 4 candidates, factor 2: iterations of 4, 2, 1 at 60, 120, 240 rows
  assert.match(r.stderr, /iteration 1\/3/);
  assert.match(r.stderr, /iteration 3\/3/);
  const cv = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown[]>;
  assert.deepEqual(cv.iter, [0, 0, 0, 0, 1, 1, 2]);
  assert.deepEqual(cv.n_resources, [60, 60, 60, 60, 120, 120, 240]);
  assert.equal(JSON.parse(r.stdout).bestIndex, 6, 'the best comes from the last iteration');
});

test('--halving --space draws --n-candidates; halving flags without --halving and --n-iter with it are usage errors', async () => {
  const out = join(dir, 'random.json');
  const r = await runCli([
    ...base,
    '--space',
    '{"varSmoothing": {"loguniform": [1e-10, 1e-1]}}',
    '--halving',
    '--n-candidates',
    '9',
    '--min-resources',
    '20',
    '--quiet',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const cv = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown[]>;
  // 9 candidates, factor 3, min 20 of max 600: iterations of 9, 3, 1 candidates at 20, 60, 180 rows
  assert.deepEqual(cv.n_resources, [...new Array(9).fill(20), 60, 60, 60, 180]);
  const noHalving = await runCli([...base, '--grid', '{"varSmoothing": [1e-9]}', '--factor', '2', '--aggressive-elimination']);
  assert.equal(noHalving.code, 2);
  assert.match(noHalving.stderr, /--factor, --aggressive-elimination apply to successive halving only; add --halving/);
  const nIter = await runCli([...base, '--space', '{"varSmoothing": [1e-9, 1e-3]}', '--halving', '--n-iter', '5']);
  assert.match(nIter.stderr, /--n-iter does not apply to --halving; use --n-candidates/);
  const badFactor = await runCli([...base, '--grid', '{"varSmoothing": [1e-9]}', '--halving', '--factor', '1']);
  assert.match(badFactor.stderr, /expected a number greater than 1, got '1'/);
});
