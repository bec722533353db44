// Ctrl-C (SIGINT) stops a search, keeps its journal and prints the exact resume command;
// running that command again re-runs only the fits missing from the journal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuilt, runCli, startCli } from './run-cli.js';
import { tempDir } from './fixtures.js';

let dir = '';
before(() => {
  ensureBuilt();
  dir = tempDir();
});
after(() => rmSync(dir, { recursive: true, force: true }));

function journalFits(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"candidateIndex"')).length;
}

test('SIGINT keeps the journal; the resume command runs only the missing fits', async () => {
  const journal = join(dir, 'search.jsonl');
  // 12 candidates × 3 folds of SVC on digits, one thread: slow enough to interrupt after a few fits
  const args = [
    'search',
    '--data',
    'digits',
    '--estimator',
    'SVC',
    '--grid',
    '{"C": [0.1, 1, 10, 100], "gamma": [0.0001, 0.001, 0.01]}',
    '--cv',
    '3',
    '--executor',
    'local',
    '--threads',
    '1',
    '--journal',
    journal,
  ];
  const run = startCli(args);
  while (journalFits(journal) < 3) {
    if (run.child.exitCode !== null) break;
    await sleep(50);
  }
  run.child.kill('SIGINT');
  const first = await run.done;
  assert.equal(first.code, 130, first.stderr);
  const m = /interrupted: (\d+) of 36 fits finished, kept in the journal .*search\.jsonl\. Resume with:\n {2}(.+)\n/.exec(first.stderr);
  assert.ok(m, first.stderr);
  const finished = Number(m[1]);
  assert.ok(finished >= 3 && finished < 36, `finished ${finished}`);
  assert.equal(journalFits(journal), finished);
  assert.match(
    m[2]!,
    /^node .*main\.js search --data digits --estimator SVC --grid '\{"C": \[0\.1, 1, 10, 100\], "gamma": \[0\.0001, 0\.001, 0\.01\]\}' --cv 3 --executor local --threads 1 --journal /,
  );

  const second = await runCli([...args, '--json']);
  assert.equal(second.code, 0, second.stderr);
  const s = JSON.parse(second.stdout) as { fitsRun: number; fitsResumed: number; nCandidates: number; bestScore: number };
  assert.equal(s.fitsResumed, finished);
  assert.equal(s.fitsRun, 36 - finished);
  assert.equal(s.nCandidates, 12);
  assert.equal(journalFits(journal), 36);
  assert.ok(s.bestScore > 0.9);
});
