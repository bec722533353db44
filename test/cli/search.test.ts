// `hyperfold search` on small CSVs written here (plain and .gz): --out writes the whole cvResults,
// CSV and JSON agree with each other and with the --json summary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ensureBuilt, runCli } from './run-cli.js';
import { tempDir, writeBlobs } from './fixtures.js';

let dir = '';
let files = { csv: '', gz: '' };
before(() => {
  ensureBuilt();
  dir = tempDir();
  files = writeBlobs(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const GRID = '{"C": [0.1, 1, 10], "gamma": [0.1, 1]}';
const common = ['--target', 'label', '--features', 'x1,x2', '--estimator', 'SVC', '--grid', GRID, '--cv', '3', '--executor', 'inline', '--quiet'];

test('search --out results.csv (plain CSV) and --out results.json (.gz) write the same cvResults', async () => {
  const outCsv = join(dir, 'results.csv');
  const outJson = join(dir, 'results.json');
  const a = await runCli(['search', '--data', files.csv, ...common, '--out', outCsv, '--json']);
  assert.equal(a.code, 0, a.stderr);
  const b = await runCli(['search', '--data', files.gz, ...common, '--out', outJson]);
  assert.equal(b.code, 0, b.stderr);

  const rows = parse(readFileSync(outCsv, 'utf8'), { columns: true }) as Record<string, string>[];
  const json = JSON.parse(readFileSync(outJson, 'utf8')) as Record<string, unknown[]>;
  const summary = JSON.parse(a.stdout) as { nCandidates: number; bestParams: Record<string, unknown>; bestScore: number; bestIndex: number };

  // one row per candidate (3 × 2 grid), one column per cvResults key, in scikit-learn's order
  assert.equal(rows.length, 6);
  assert.equal(summary.nCandidates, 6);
  const header = Object.keys(rows[0]!);
  assert.deepEqual(header, Object.keys(json));
  assert.deepEqual(header.slice(0, 4), ['mean_fit_time', 'std_fit_time', 'mean_score_time', 'std_score_time']);
  for (const k of [
    'param_C',
    'param_gamma',
    'params',
    'split0_test_score',
    'split1_test_score',
    'split2_test_score',
    'mean_test_score',
    'std_test_score',
    'rank_test_score',
  ]) {
    assert.ok(header.includes(k), `column ${k}`);
  }

  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // params column is the candidate's JSON; param_<name> columns agree with it; same candidates from the .gz
    const params = JSON.parse(r.params!) as Record<string, unknown>;
    assert.deepEqual(params, json.params![i]);
    assert.equal(Number(r.param_C), params.C);
    assert.equal(Number(r.param_gamma), params.gamma);
    // identical data through .csv and .csv.gz → identical scores
    const splits = [0, 1, 2].map((s) => Number(r[`split${s}_test_score`]));
    assert.deepEqual(
      splits,
      [0, 1, 2].map((s) => json[`split${s}_test_score`]![i]),
    );
    // means and population stds as scikit-learn computes them
    const mean = splits.reduce((x, y) => x + y, 0) / 3;
    assert.ok(Math.abs(Number(r.mean_test_score) - mean) < 1e-12);
    const std = Math.sqrt(splits.reduce((x, y) => x + (y - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(Number(r.std_test_score) - std) < 1e-12);
    assert.equal(Number(r.rank_test_score), json.rank_test_score![i]);
  }
  // the --json summary's best candidate is the rank-1 row
  const best = rows[summary.bestIndex]!;
  assert.equal(best.rank_test_score, '1');
  assert.deepEqual(JSON.parse(best.params!), summary.bestParams);
  assert.equal(Number(best.mean_test_score), summary.bestScore);
  assert.ok(summary.bestScore > 0.8, `blobs are separable enough: best ${summary.bestScore}`);

  // the human summary shows the top table with rank 1 first
  assert.match(b.stdout, /Top 5 of 6 candidates/);
  assert.match(b.stdout, /^\s+1 {2}\d\.\d{4} ± \d\.\d{4}/m);
  assert.match(b.stdout, /Best score: {2}\d\.\d{4}/);
});

test('--space samples --n-iter candidates reproducibly with --seed; --list-estimators shows defaults', async () => {
  const args = [
    'search',
    '--data',
    files.csv,
    '--target',
    'label',
    '--estimator',
    'SVC',
    '--space',
    '{"C": {"loguniform": [0.01, 100]}, "kernel": ["rbf", "linear"]}',
    '--n-iter',
    '4',
    '--cv',
    '3',
    '--seed',
    '7',
    '--executor',
    'inline',
    '--quiet',
    '--json',
    '--groups',
    'site',
    '--cv-kind',
    'group',
  ];
  const [a, b] = await Promise.all([runCli(args), runCli(args)]);
  assert.equal(a.code, 0, a.stderr);
  const sa = JSON.parse(a.stdout) as { nCandidates: number; top: { params: unknown }[] };
  const sb = JSON.parse(b.stdout) as typeof sa;
  assert.equal(sa.nCandidates, 4);
  assert.deepEqual(
    sa.top.map((t) => t.params),
    sb.top.map((t) => t.params),
  );

  const list = await runCli(['search', '--list-estimators']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^SVC/m);
  assert.match(list.stdout, /^\s+C\s+1\s/m);
  assert.match(list.stdout, /^RandomForestClassifier/m);
});
