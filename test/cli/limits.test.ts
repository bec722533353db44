// `hyperfold search` limits and validation (issue 13): --fit-timeout, names by own property, journal paths.
// Each refusal is one line, exit 2, before any fit (no progress output, no journal written).
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir, writeBlobs } from './fixtures.js';
import { ensureBuilt, runCli } from './run-cli.js';

let dir = '';
let csv = '';
before(() => {
  ensureBuilt();
  dir = tempDir();
  csv = writeBlobs(dir).csv;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const base = (): string[] => ['search', '--data', csv, '--estimator', 'SVC', '--cv', '3', '--executor', 'inline', '--quiet'];
const first = (s: string): string => s.trim().split('\n')[0]!;

test('--params \'{"toString":1,"valueOf":2}\' and a grid key __proto__ are refused by name (exit 2)', async () => {
  const p = await runCli([...base(), '--params', '{"toString":1,"valueOf":2}', '--grid', '{"C": [1]}']);
  assert.equal(p.code, 2, p.stderr);
  assert.match(first(p.stderr), /^hyperfold search: SVC: unknown parameter 'toString'; valid parameters: C, /);
  const g = await runCli([...base(), '--grid', '{"__proto__": [1], "C": [1]}']);
  assert.equal(g.code, 2, g.stderr);
  assert.match(first(g.stderr), /^hyperfold search: invalid parameter '__proto__' for estimator SVC; valid parameters are: C, /);
});

test('wrong-typed grid values and --journal naming a directory are refused before any fit (exit 2)', async () => {
  const v = await runCli([...base(), '--grid', '{"C": ["abc", true]}']);
  assert.equal(v.code, 2, v.stderr);
  assert.equal(
    first(v.stderr),
    `hyperfold search: parameter 'C' of SVC must be a number > 0, got "abc" (value 0 of 'C'); fix it before searching — no fit was run`,
  );
  const j = await runCli([...base(), '--grid', '{"C": [1]}', '--journal', dir]);
  assert.equal(j.code, 2, j.stderr);
  assert.equal(first(j.stderr), `hyperfold search: journal ${dir} is a directory; give a file path inside it, e.g. ${join(dir, 'search.jsonl')}`);
  assert.equal(existsSync(join(dir, 'search.jsonl')), false);
});

test('--fit-timeout takes seconds > 0', async () => {
  const r = await runCli([...base(), '--grid', '{"C": [1]}', '--fit-timeout', '0']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(first(r.stderr), /--fit-timeout <seconds>' argument '0' is invalid\. expected a number of seconds > 0, got '0'\./);
  const ok = await runCli([...base(), '--grid', '{"C": [1]}', '--fit-timeout', '600', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
});
