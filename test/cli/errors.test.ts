// Every user error of the CLI: one clear line, the right exit code (2 bad usage, 1 failed search), no stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli } from './run-cli.js';
import { tempDir, writeBlobs } from './fixtures.js';

let dir = '';
let csv = '';
before(() => {
  ensureBuilt();
  dir = tempDir();
  csv = writeBlobs(dir).csv;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const GRID = '{"C": [1, 10]}';

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.match(lines[0]!, pattern, stderr);
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace without --debug');
}

test('an unknown option is a commander usage error (exit 2)', async () => {
  const r = await runCli(['search', '--bogus']);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /^hyperfold search: unknown option '--bogus'/);
});

test('bad JSON in --grid names the position (exit 2)', async () => {
  const r = await runCli(['search', '--data', csv, '--estimator', 'SVC', '--grid', '{"C": [1, 10,]}']);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /^hyperfold search: --grid: invalid JSON at position 13 \(line 1, column 14\)/);
});

test('an unknown estimator lists the registered ones (exit 2)', async () => {
  const r = await runCli(['search', '--data', csv, '--estimator', 'SVM', '--grid', GRID]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /^hyperfold search: unknown estimator 'SVM'; registered estimators: .*\bSVC\b/);
});

test('an unknown parameter in the grid lists the valid ones (exit 2)', async () => {
  const r = await runCli(['search', '--data', csv, '--estimator', 'SVC', '--grid', '{"k": [1, 3]}', '--cv', '3']);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /^hyperfold search: invalid parameter 'k' for estimator SVC; valid parameters are: C, .*gamma/);
});

test('a missing column names the file and lists the columns (exit 2)', async () => {
  const r = await runCli(['search', '--data', csv, '--target', 'class', '--estimator', 'SVC', '--grid', GRID]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /blobs\.csv: target column 'class' not found; columns are: x1, x2, site, label/);
});

test('a non-numeric CSV cell names file, line and column (exit 2)', async () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'x1,x2,label\n1,2,0\n3,abc,1\n');
  const r = await runCli(['search', '--data', bad, '--estimator', 'SVC', '--grid', GRID]);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /bad\.csv, line 3, column 'x2': 'abc' is not a number/);
});

test('an unreachable Redis names the URL (exit 1)', async () => {
  const r = await runCli([
    'search',
    '--data',
    csv,
    '--estimator',
    'SVC',
    '--grid',
    GRID,
    '--cv',
    '3',
    '--executor',
    'cluster',
    '--redis',
    'redis://127.0.0.1:1',
    '--quiet',
  ]);
  assert.equal(r.code, 1);
  assertOneLine(r.stderr, /^hyperfold search: .*redis:\/\/127\.0\.0\.1:1/);
});

test('a search whose every fit fails exits 1; --debug adds the stack', async () => {
  // A class weight for a class absent from y: every fit fails (a model error, not a usage error: the value is
  // well-formed; C = -1 is now refused before dispatch, see test/estimators/svc-solver.test.ts).
  const args = ['search', '--data', csv, '--estimator', 'SVC', '--grid', '{"classWeight": [{"99": 2}]}', '--cv', '3', '--executor', 'inline', '--quiet'];
  const r = await runCli(args);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr.split('\n')[0]!, /^hyperfold search: FitError: all 3 fits failed; the first: candidate 0 \(\{"classWeight":\{"99":2\}\}\) split 0: /);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
  const d = await runCli([...args, '--debug']);
  assert.equal(d.code, 1);
  assert.match(d.stderr, /\n\s+at .+:\d+:\d+/);
});

test('mutually exclusive and missing options are usage errors (exit 2)', async () => {
  const both = await runCli(['search', '--data', csv, '--estimator', 'SVC', '--grid', GRID, '--space', GRID]);
  assert.equal(both.code, 2);
  assertOneLine(both.stderr, /give exactly one of --grid/);
  const noData = await runCli(['search', '--data', join(dir, 'nope.csv'), '--estimator', 'SVC', '--grid', GRID]);
  assert.equal(noData.code, 2);
  assertOneLine(noData.stderr, /--data .*nope\.csv: no such file/);
  const out = await runCli(['search', '--data', csv, '--estimator', 'SVC', '--grid', GRID, '--out', join(dir, 'r.txt')]);
  assert.equal(out.code, 2);
  assertOneLine(out.stderr, /--out .*r\.txt: unknown format '\.txt'; use a file ending in \.csv or \.json/);
  const bench = await runCli(['bench', 'nosuch']);
  assert.equal(bench.code, 2);
  assertOneLine(bench.stderr, /unknown benchmark 'nosuch'; choose one of: digits, airline, dispatch, cluster, forest/);
});

test('--help of every command shows an example', async () => {
  for (const cmd of ['demo', 'search', 'bench', 'worker']) {
    const r = await runCli([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, /Example/, `${cmd} --help has an example`);
  }
});
