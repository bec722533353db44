// `hyperfold demo` (the README's main-job command): exits 0 and finds a best score above 0.9 on digits.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuilt, runCli } from './run-cli.js';

before(() => ensureBuilt());

test('demo prints the top-5 table and a best score above 0.9', async () => {
  const r = await runCli(['demo']);
  assert.equal(r.code, 0, r.stderr);
  // progress goes to stderr as plain lines when stderr is not a terminal
  assert.match(r.stderr, /^demo: \d+\/60 fits/m);
  assert.match(r.stdout, /Top 5 of 20 candidates by mean test accuracy:/);
  const ranks = [...r.stdout.matchAll(/^\s+(\d+) +0\.\d{4} ± 0\.\d{4} +C=/gm)].map((m) => Number(m[1]));
  assert.equal(ranks.length, 5);
  assert.deepEqual(
    [...ranks].sort((a, b) => a - b),
    ranks,
    'sorted by rank',
  );
  const best = /Best score: {2}(\d\.\d{4})/.exec(r.stdout);
  assert.ok(best, r.stdout);
  assert.ok(Number(best[1]) > 0.9, `best score ${best[1]}`);
  assert.match(r.stdout, /Best params: C=[\d.e+-]+, gamma=[\d.e+-]+/);
  assert.match(r.stdout, /Refit time: {2}[\d.]+ s/);
  assert.match(r.stdout, /Wall time: {3}(\d+ min )?[\d.]+ s \(60 fits run\)/);
});
