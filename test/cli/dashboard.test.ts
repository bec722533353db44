// The dashboard options of the built CLI: `search --dashboard --report --journal` prints one
// `dashboard: <url>` line, serves /api/state until Ctrl-C, writes the report; `hyperfold report`
// rebuilds it from the journal; misuse is a usage error (exit 2) before any fit.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runCli, startCli } from './run-cli.js';

let dir: string;
before(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hf-cli-dash-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const SEARCH = [
  'search',
  '--data',
  'digits',
  '--estimator',
  'GaussianNB',
  '--grid',
  '{"varSmoothing": [1e-9, 1e-3, 0.1, 0.5]}',
  '--cv',
  '3',
  '--executor',
  'inline',
  '--quiet',
];

test('search --dashboard: one URL line, /api/state live, stays up until Ctrl-C, then --report and the journal report', async () => {
  const report = join(dir, 'run.html');
  const journal = join(dir, 'run.jsonl');
  const { child, done } = startCli([...SEARCH, '--dashboard', '--report', report, '--journal', journal]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stderr);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void done.then((r) => reject(new Error(`exited early: ${r.stderr}`)));
  });
  // the search finishes; the page stays up and says so
  for (;;) {
    const state = (await (await fetch(url + 'api/state')).json()) as { finished: boolean; progress: { done: number; total: number } };
    if (state.finished && /press Ctrl-C to exit/.test(stderr)) {
      assert.deepEqual([state.progress.done, state.progress.total], [12, 12]);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal((await fetch(url + 'api/cv_results.json')).status, 200);
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stderr.match(/^dashboard: http/gm)?.length, 1);
  assert.match(stderr, new RegExp(`report: ${report.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<script id="hf-report" type="application\/json">/);

  const rebuilt = join(dir, 'rebuilt.html');
  const rr = await runCli(['report', '--journal', journal, '--out', rebuilt]);
  assert.equal(rr.code, 0, rr.stderr);
  assert.match(rr.stderr, /12 of 12 fits, 4 candidates/);
  assert.ok(existsSync(rebuilt));
});

test('--dashboard-linger exits by itself; misuse is a usage error', async () => {
  const r = await runCli([...SEARCH, '--dashboard', '0', '--dashboard-linger', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /dashboard: serving http:\/\/127\.0\.0\.1:\d+\/ for 0 s more/);
  const badReport = await runCli([...SEARCH, '--report', join(dir, 'r.txt')]);
  assert.equal(badReport.code, 2);
  assert.match(badReport.stderr, /--report .*ending in \.html/);
  const lingerAlone = await runCli([...SEARCH, '--dashboard-linger', '3']);
  assert.equal(lingerAlone.code, 2);
  assert.match(lingerAlone.stderr, /add --dashboard/);
  const badPort = await runCli([...SEARCH, '--dashboard', 'abc']);
  assert.equal(badPort.code, 2);
  const missing = await runCli(['report', '--journal', join(dir, 'nope.jsonl'), '--out', join(dir, 'x.html')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read it/);
});
