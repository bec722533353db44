// `hyperfold search --save-model` then `hyperfold predict`: the predictions (labels and --proba) equal the
// programmatic search's predict / predictProba on the same rows — digits with SVC and with the forest, and
// an airline subset — with feature columns matched by name; `--verbose 3` lines parse back to cvResults;
// each error case prints one line naming the file and what to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAirline, loadDigits } from '../../src/data/bundled.js';
import type { Labels, Matrix } from '../../src/data/matrix.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { GaussianNB } from '../../src/estimators/gaussian-nb.js';
import { SVC } from '../../src/estimators/svc.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import type { CvResults } from '../../src/search/types.js';
import { checkAgainst, parseLines } from '../search/helpers/verbose-lines.js';
import { ensureBuilt, runCli } from './run-cli.js';
import { tempDir } from './fixtures.js';

let dir = '';
before(() => {
  ensureBuilt();
  dir = tempDir();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes X and y as a CSV whose columns are in another order than the model's, plus an `id` column the model does not use. */
function writeShuffledCsv(path: string, X: Matrix, y: Labels, names: readonly string[], target: string): void {
  const order = names.map((_, j) => j).reverse();
  const lines = [['id', ...order.map((j) => names[j]!), target].join(',')];
  for (let i = 0; i < X.rows; i++) lines.push([String(1000 + i), ...order.map((j) => String(X.data[i * X.cols + j]!)), String(y[i]!)].join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Parses predict's CSV output: header and numeric rows. */
function readOutput(text: string): { header: string[]; rows: number[][] } {
  const [head, ...rest] = text.trimEnd().split('\n');
  return { header: head!.split(','), rows: rest.map((l) => l.split(',').map(Number)) };
}

async function roundTrip(
  label: string,
  search: GridSearchCV,
  X: Matrix,
  y: Labels,
  names: readonly string[],
  target: string,
  searchArgs: string[],
): Promise<void> {
  const model = join(dir, `${label}.json`);
  const csv = join(dir, `${label}.csv`);
  const s = await runCli(['search', ...searchArgs, '--cv', '3', '--seed', '0', '--executor', 'inline', '--quiet', '--save-model', model]);
  assert.equal(s.code, 0, s.stderr);
  await search.fit(X, y);
  writeShuffledCsv(csv, X, y, names, target);

  const out = join(dir, `${label}-pred.csv`);
  const p = await runCli(['predict', '--model', model, '--data', csv, '--out', out]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout, '');
  assert.match(p.stderr, new RegExp(`^hyperfold predict: note: ignoring 2 columns the model does not use: id, ${target}\\n`));
  assert.match(p.stderr, new RegExp(`wrote ${X.rows} predictions to `));
  const labels = readOutput(readFileSync(out, 'utf8'));
  assert.deepEqual(labels.header, [target]);
  assert.deepEqual(
    labels.rows.map((r) => r[0]),
    Array.from(search.predict(X)),
    `${label}: labels`,
  );

  // --proba on stdout (no --out), small blocks to cross block boundaries
  const q = await runCli(['predict', '--model', model, '--data', csv, '--proba', '--batch', '97', '--quiet']);
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.stderr, '');
  const proba = readOutput(q.stdout);
  const expected = search.predictProba(X);
  assert.deepEqual(proba.header, Array.from(search.bestEstimator.classes!, String));
  assert.equal(proba.rows.length, X.rows);
  // shortest round-trip text: every probability parses back to the same double
  assert.deepEqual(proba.rows.flat(), Array.from(expected.data), `${label}: probabilities`);
}

test('digits, SVC with probability: search --save-model then predict equals search.predict / predictProba', async () => {
  const d = await loadDigits();
  const X = { data: d.X.data.slice(0, 600 * 64), rows: 600, cols: 64 };
  const y = d.y.slice(0, 600);
  const grid = { C: [10], gamma: [0.001, 0.0001] };
  const search = new GridSearchCV(new SVC({ probability: true }), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  await roundTrip('svc', search, X, y, d.featureNames, 'digit', [
    '--data',
    'digits',
    '--rows',
    '600',
    '--estimator',
    'SVC',
    '--params',
    '{"probability": true}',
    '--grid',
    JSON.stringify(grid),
  ]);
});

test('digits, RandomForestClassifier: predictions and probabilities equal; --verbose 3 lines parse back to cvResults', async () => {
  const d = await loadDigits();
  const X = { data: d.X.data.slice(0, 600 * 64), rows: 600, cols: 64 };
  const y = d.y.slice(0, 600);
  const grid = { nEstimators: [5], maxDepth: [4, 8] };
  const search = new GridSearchCV(new RandomForestClassifier(), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  await roundTrip('forest', search, X, y, d.featureNames, 'digit', [
    '--data',
    'digits',
    '--rows',
    '600',
    '--estimator',
    'RandomForestClassifier',
    '--grid',
    JSON.stringify(grid),
  ]);

  const results = join(dir, 'forest-results.json');
  const v = await runCli([
    'search',
    '--data',
    'digits',
    '--rows',
    '600',
    '--estimator',
    'RandomForestClassifier',
    '--grid',
    JSON.stringify(grid),
    '--scoring',
    'accuracy,f1_macro',
    '--cv',
    '3',
    '--executor',
    'inline',
    '--verbose',
    '3',
    '--out',
    results,
    '--json',
  ]);
  assert.equal(v.code, 0, v.stderr);
  const lines = v.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'Fitting 3 folds for each of 2 candidates, totalling 6 fits');
  const parsed = parseLines(v.stderr);
  assert.equal(parsed.length, 6);
  checkAgainst(JSON.parse(readFileSync(results, 'utf8')) as CvResults, parsed, ['accuracy', 'f1_macro'], false);
  // -vv: one line per fit with its time, no scores, and no progress display in between
  const vv = await runCli([
    'search',
    '--data',
    'digits',
    '--rows',
    '300',
    '--estimator',
    'RandomForestClassifier',
    '--grid',
    '{"nEstimators": [3]}',
    '--cv',
    '3',
    '--executor',
    'inline',
    '-vv',
    '--json',
  ]);
  assert.equal(vv.code, 0, vv.stderr);
  const vvLines = vv.stderr.trimEnd().split('\n');
  assert.equal(vvLines[0], 'Fitting 3 folds for each of 1 candidates, totalling 3 fits');
  assert.equal(vvLines.length, 4);
  for (const l of vvLines.slice(1)) {
    assert.match(l, /^\[CV\] END \.+nEstimators=3; total time= {3}\d\.\ds$/); // right-aligned with dots to 80 columns
    assert.equal(l.length, 80);
  }
});

test('airline subset, forest: predictions and probabilities equal the programmatic refit', async () => {
  const d = await loadAirline({ rows: 2000, target: 'delayed' });
  const grid = { nEstimators: [6], maxDepth: [3, 6] };
  const search = new GridSearchCV(new RandomForestClassifier(), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  await roundTrip('airline', search, d.X, d.y, d.featureNames, 'delayed', [
    '--data',
    'airline',
    '--rows',
    '2000',
    '--target',
    'delayed',
    '--estimator',
    'RandomForestClassifier',
    '--grid',
    JSON.stringify(grid),
  ]);
});

test('text class labels (a CSV whose target holds names): predict writes the names, --proba heads columns with them', async () => {
  const d = await loadDigits();
  const n = 400;
  const X = { data: d.X.data.slice(0, n * 64), rows: n, cols: 64 };
  const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const yText = Array.from(d.y.subarray(0, n), (k) => NAMES[k]!);
  const train = join(dir, 'text-train.csv');
  const rows = [[...d.featureNames, 'digit'].join(',')];
  for (let i = 0; i < n; i++) rows.push([...X.data.subarray(i * 64, (i + 1) * 64)].join(',') + ',' + yText[i]);
  writeFileSync(train, rows.join('\n') + '\n');
  const model = join(dir, 'text.json');
  const grid = { varSmoothing: [1e-9, 1e-2] };
  const s = await runCli([
    'search',
    '--data',
    train,
    '--target',
    'digit',
    '--estimator',
    'GaussianNB',
    '--grid',
    JSON.stringify(grid),
    '--cv',
    '3',
    '--seed',
    '0',
    '--executor',
    'inline',
    '--quiet',
    '--save-model',
    model,
  ]);
  assert.equal(s.code, 0, s.stderr);
  const search = new GridSearchCV(new GaussianNB(), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  const fitted = await search.fit(X, yText);
  const p = await runCli(['predict', '--model', model, '--data', train, '--quiet']);
  assert.equal(p.code, 0, p.stderr);
  const [head, ...lines] = p.stdout.trimEnd().split('\n');
  assert.equal(head, 'digit');
  assert.deepEqual(lines, Array.from(fitted.predict(X), String));
  assert.ok(
    lines.every((l) => NAMES.includes(l)),
    'predictions are class names',
  );
  const q = await runCli(['predict', '--model', model, '--data', train, '--proba', '--quiet']);
  assert.equal(q.code, 0, q.stderr);
  const proba = readOutput(q.stdout);
  assert.deepEqual(proba.header, [...NAMES].sort());
  assert.deepEqual(proba.rows.flat(), Array.from(fitted.predictProba(X).data));
});

test('predict errors: one line naming the file and what to do (missing column, newer format, corrupted, unregistered)', async () => {
  const model = join(dir, 'forest.json'); // written by the forest test
  const header = readFileSync(join(dir, 'forest.csv'), 'utf8').split('\n')[0]!.split(',');
  const rows = readFileSync(join(dir, 'forest.csv'), 'utf8').split('\n').slice(1, 4);
  const drop = header.indexOf('pixel_2_5');
  const missing = join(dir, 'missing.csv');
  writeFileSync(
    missing,
    [
      header.filter((_, j) => j !== drop).join(','),
      ...rows.map((r) =>
        r
          .split(',')
          .filter((_, j) => j !== drop)
          .join(','),
      ),
    ].join('\n') + '\n',
  );
  const first = (r: { stderr: string }): string => r.stderr.split('\n')[0]!;

  const a = await runCli(['predict', '--model', model, '--data', missing]);
  assert.equal(a.code, 2);
  assert.equal(a.stdout, '');
  assert.equal(
    first(a),
    `hyperfold predict: ${missing}: missing feature column 'pixel_2_5' that the model ${model} was trained on; add it (columns are matched by name, in any order)`,
  );

  const text = readFileSync(model, 'utf8');
  const newer = join(dir, 'newer.json');
  writeFileSync(newer, text.replace('"formatVersion":1,', '"formatVersion":7,').slice(0, 3000));
  const b = await runCli(['predict', '--model', newer, '--data', missing]);
  assert.equal(b.code, 2);
  assert.match(
    first(b),
    new RegExp(
      `^hyperfold predict: ${newer}: model file format version 7 \\(written by hyperfold [\\d.]+\\) is newer than this hyperfold [\\d.]+ reads \\(up to 1\\); upgrade hyperfold \\(npm install hyperfold@latest\\) to load it$`,
    ),
  );

  const broken = join(dir, 'broken.json');
  writeFileSync(broken, text.slice(0, text.length - 200));
  const c = await runCli(['predict', '--model', broken, '--data', missing]);
  assert.equal(c.code, 2);
  assert.match(
    first(c),
    new RegExp(`^hyperfold predict: ${broken}: corrupted model file \\(invalid JSON: .*\\); save it again with 'hyperfold search … --save-model ${broken}'`),
  );

  const custom = join(dir, 'custom.json');
  writeFileSync(
    custom,
    text
      .replace('"estimatorName":"RandomForestClassifier"', '"estimatorName":"MyTrees"')
      .replace('"estimator":{"name":"RandomForestClassifier"', '"estimator":{"name":"MyTrees"')
      .replace(/"checksum":"[0-9a-f]+"/, () => {
        const est = (JSON.parse(text) as { estimator: { name: string } }).estimator;
        est.name = 'MyTrees';
        return `"checksum":"${createHashHex(JSON.stringify(est))}"`;
      }),
  );
  const e = await runCli(['predict', '--model', custom, '--data', missing]);
  assert.equal(e.code, 2);
  assert.equal(
    first(e),
    `hyperfold predict: ${custom}: the model's estimator 'MyTrees' is not registered in this process; load the module that calls registerEstimator('MyTrees', …) first (hyperfold predict --modules <file>)`,
  );

  const bad = join(dir, 'bad-cell.csv');
  writeFileSync(bad, [header.join(','), rows[0]!.replace(/,([\d.]+),/, ',n/a,')].join('\n') + '\n');
  const f = await runCli(['predict', '--model', model, '--data', bad, '--quiet']);
  assert.equal(f.code, 2);
  assert.match(first(f), new RegExp(`^hyperfold predict: ${bad}, line 2, column '\\w+': 'n/a' is not a number; fix or remove that row`));
});

function createHashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
