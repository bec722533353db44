// saveModel / loadModel: a search's refitted best estimator round-trips through a model file with its
// metadata (predictions and probabilities identical to search.predict / predictProba), and every way a
// file can be wrong gives one line naming the file and what to do — the format version read first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadDigits } from '../../src/data/bundled.js';
import { fingerprint } from '../../src/data/dataset.js';
import type { Labels, Matrix } from '../../src/data/matrix.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { loadModel, MODEL_FORMAT_VERSION, ModelFileError, saveModel, type ModelFileContent } from '../../src/persistence/model-file.js';

let dir = '';
let file = '';
let search: GridSearchCV;
const digits: { X: Matrix; y: Labels } = { X: { data: new Float64Array(0), rows: 0, cols: 64 }, y: new Float64Array(0) };
const names = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hyperfold-model-'));
  file = join(dir, 'best.json');
  const d = await loadDigits();
  digits.X = { data: d.X.data.slice(0, 500 * 64), rows: 500, cols: 64 };
  digits.y = d.y.slice(0, 500);
  search = new GridSearchCV(new RandomForestClassifier(), { nEstimators: [5], maxDepth: [3, 8] }, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  await search.fit(digits.X, digits.y);
  saveModel(search, file, { featureNames: names, target: 'digit' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a variant of the saved file; `edit` changes the parsed content (the checksum is recomputed unless told not to). */
function variant(name: string, edit: (c: ModelFileContent) => void, rechecksum = true): string {
  const c = JSON.parse(readFileSync(file, 'utf8')) as ModelFileContent;
  edit(c);
  if (rechecksum) c.checksum = createHash('sha256').update(JSON.stringify(c.estimator)).digest('hex');
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(c));
  return p;
}

function loadError(path: string): ModelFileError {
  try {
    loadModel(path);
  } catch (err) {
    assert.ok(err instanceof ModelFileError, String(err));
    assert.ok(!err.message.includes('\n'), 'one line');
    assert.ok(err.message.startsWith(`${path}: `), err.message);
    return err;
  }
  assert.fail(`${path} loaded`);
}

test('round trip: the loaded forest predicts and gives probabilities exactly as search.predict / predictProba; metadata recorded', () => {
  const m = loadModel(file);
  assert.deepEqual(Array.from(m.predict(digits.X)), Array.from(search.predict(digits.X)));
  assert.deepEqual(Array.from(m.predictProba(digits.X).data), Array.from(search.predictProba(digits.X).data));
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(m.info.formatVersion, MODEL_FORMAT_VERSION);
  assert.equal(m.info.hyperfoldVersion, pkg.version);
  assert.equal(m.info.estimatorName, 'RandomForestClassifier');
  assert.deepEqual(m.info.bestParams, search.bestParams);
  assert.deepEqual(m.info.metric, { name: 'score', scorer: 'accuracy', score: search.bestScore });
  assert.deepEqual(m.info.classes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(m.info.features, names);
  assert.equal(m.info.target, 'digit');
  assert.deepEqual(m.info.trainingData, { fingerprint: fingerprint(digits.X, digits.y), rows: 500, cols: 64 });
  assert.deepEqual(m.info.search, { nSplits: 3, nCandidates: 2, bestIndex: search.bestIndex });
  // the format version is the file's second field, so it is found even in a damaged file
  assert.match(readFileSync(file, 'utf8').slice(0, 60), /^\{"format":"hyperfold-model","formatVersion":1,/);
});

test('columns are matched by name: a missing one is named, extra ones are reported as unused', () => {
  const m = loadModel(file);
  const header = ['id', ...[...names].reverse(), 'digit'];
  const { indices, unused } = m.columnsFor(header, 'new.csv');
  assert.deepEqual(
    indices,
    names.map((n) => header.indexOf(n)),
  );
  assert.deepEqual(unused, ['id', 'digit']);
  assert.throws(
    () =>
      m.columnsFor(
        header.filter((h) => h !== 'pixel_3_4'),
        'new.csv',
      ),
    {
      message: /^new\.csv: missing feature column 'pixel_3_4' that the model .*best\.json was trained on; add it/,
    },
  );
  assert.throws(() => m.predict({ data: new Float64Array(10), rows: 1, cols: 10 }), { message: /got 10 columns but the model was trained on 64/ });
});

test('a newer format version says so (read first, even when the rest does not parse)', () => {
  const newer = variant('newer.json', (c) => {
    c.formatVersion = MODEL_FORMAT_VERSION + 1;
    c.hyperfoldVersion = '9.0.0';
  });
  const e = loadError(newer);
  assert.equal(e.reason, 'newer-format');
  assert.match(e.message, /model file format version 2 \(written by hyperfold 9\.0\.0\) is newer than this hyperfold .* reads \(up to 1\); upgrade hyperfold/);
  // the same file cut in half: still "newer", not "corrupted"
  const half = join(dir, 'newer-truncated.json');
  writeFileSync(half, readFileSync(newer, 'utf8').slice(0, 2000));
  assert.equal(loadError(half).reason, 'newer-format');
});

test('a corrupted file (truncated, or a changed byte in the fitted state) is called corrupted, with how to re-create it', () => {
  const cut = join(dir, 'truncated.json');
  writeFileSync(cut, readFileSync(file, 'utf8').slice(0, 5000));
  const e1 = loadError(cut);
  assert.equal(e1.reason, 'corrupted');
  assert.match(e1.message, /: corrupted model file \(invalid JSON: .*\); save it again with 'hyperfold search … --save-model /);
  const flipped = variant(
    'flipped.json',
    (c) => {
      c.estimator.params.maxDepth = 2;
    },
    false,
  );
  assert.match(loadError(flipped).message, /corrupted model file \(the estimator does not match its checksum: the file was changed or damaged after saving\)/);
  const noFeatures = variant('no-features.json', (c) => {
    (c as { features?: unknown }).features = 'pixels';
  });
  assert.match(loadError(noFeatures).message, /corrupted model file \('features' is not a list of column names\)/);
  assert.equal(loadError(join(dir, 'absent.json')).reason, 'not-found');
  writeFileSync(join(dir, 'other.json'), '{"weights": [1, 2]}');
  assert.match(loadError(join(dir, 'other.json')).message, /not a hyperfold model file/);
});

test('an unregistered estimator name is an error naming it; names resolve through the registry only (no code runs)', () => {
  const custom = variant('custom.json', (c) => {
    c.estimator.name = 'MyBoostedTrees';
    c.estimatorName = 'MyBoostedTrees';
  });
  const e = loadError(custom);
  assert.equal(e.reason, 'unregistered');
  assert.match(
    e.message,
    /the model's estimator 'MyBoostedTrees' is not registered in this process; load the module that calls registerEstimator\('MyBoostedTrees', …\) first/,
  );
  // names that exist on every object are not registry entries
  for (const name of ['constructor', '__proto__', 'toString']) {
    const p = variant(`${name}.json`, (c) => {
      c.estimator.name = name;
      c.estimatorName = name;
    });
    assert.equal(loadError(p).reason, 'unregistered', name);
  }
});

test('saving needs a refitted search: refit false is refused before writing', async () => {
  const s = new GridSearchCV(new RandomForestClassifier(), { nEstimators: [3] }, { cv: 3, refit: false, executor: new InlineExecutor() });
  await s.fit(digits.X, digits.y);
  const target = join(dir, 'norefit.json');
  assert.throws(
    () => saveModel(s, target),
    (err: unknown) => err instanceof ModelFileError && /refit: false, so there is no refitted best estimator to save/.test(err.message),
  );
  assert.throws(() => saveModel(search, target, { featureNames: ['a'] }), { message: /featureNames has 1 names but the training data has 64 columns/ });
  assert.throws(() => saveModel(search, join(dir, 'missing-dir', 'x.json')), {
    message: /cannot write the model file \(ENOENT\); check that the folder exists/,
  });
});
