import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../src/errors.js';
import { Journal, journalHash, journalHeader, readJournalHeader } from '../../src/jobs/journal.js';
import type { FitResult } from '../../src/jobs/types.js';

const dir = mkdtempSync(join(tmpdir(), 'hyperfold-journal-'));
const folds = [{ train: Int32Array.from([0, 1]), test: Int32Array.from([2]) }];
const header = journalHeader({
  dataId: 'd1',
  estimator: 'SVC',
  estimatorParams: journalHash.params({ kernel: 'rbf' }),
  candidates: journalHash.candidates([{ C: 1 }, { C: 10 }]),
  nCandidates: 2,
  folds: journalHash.folds(folds),
  nSplits: 1,
  scoring: { score: 'accuracy' },
  returnTrainScore: false,
  seed: 7,
});
const success: FitResult = {
  ok: true,
  key: 'k1',
  candidateIndex: 0,
  splitIndex: 0,
  testScores: { score: NaN },
  fitTime: 0.1,
  scoreTime: 0.01,
  nTestSamples: 1,
  worker: 'inline',
};
const failure: FitResult = {
  ok: false,
  key: 'k2',
  candidateIndex: 1,
  splitIndex: 0,
  errorClass: 'RangeError',
  message: 'fit failed: NaN',
  stack: 'RangeError: x\n  at y',
  cause: 'model',
  fitTime: 0.2,
  scoreTime: 0,
};
const infra: FitResult = {
  ok: false,
  key: 'k3',
  candidateIndex: 1,
  splitIndex: 0,
  errorClass: 'ExecutorError',
  message: 'worker died',
  cause: 'infrastructure',
  fitTime: 0,
  scoreTime: 0,
};

test('journal: records results line by line and reads them back (NaN kept, infrastructure failures dropped)', () => {
  const path = join(dir, 'a.jsonl');
  const j = Journal.open(path, header);
  assert.equal(j.recorded.length, 0);
  j.append(success);
  // written through at once: visible to a reader before close
  assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 2);
  j.append(failure);
  j.append(infra);
  j.close();
  assert.equal(readJournalHeader(path)?.seed, 7);
  const again = Journal.open(path, header);
  again.close();
  assert.equal(again.recorded.length, 2);
  const [r0, r1] = again.recorded;
  assert.ok(r0!.ok && Number.isNaN(r0.testScores.score));
  assert.deepEqual(r1, failure);
});

test('journal: a line cut short by a crash is ignored, and the next append starts on a new line', () => {
  const path = join(dir, 'b.jsonl');
  const j = Journal.open(path, header);
  j.append(success);
  j.close();
  appendFileSync(path, '{"ok":true,"key":"k9","candid');
  const again = Journal.open(path, header);
  assert.equal(again.recorded.length, 1);
  again.append(failure);
  again.close();
  const third = Journal.open(path, header);
  third.close();
  assert.deepEqual(
    third.recorded.map((r) => r.key),
    ['k1', 'k2'],
  );
});

test('journal: a journal of another search is refused, saying what differs and what to do', () => {
  const path = join(dir, 'c.jsonl');
  Journal.open(path, header).close();
  const other = { ...header, dataId: 'd2', candidates: journalHash.candidates([{ C: 1 }]), nCandidates: 1 };
  assert.throws(
    () => Journal.open(path, other),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.match(e.message, /data set \(X, y\) \(journal "d1", now "d2"\)/);
      assert.match(e.message, /candidate parameters \(2 recorded vs 1 now/);
      assert.match(e.message, /Use another journal path .* or delete .*c\.jsonl/);
      return true;
    },
  );
});

test('journal: a file that is not a journal is refused; a corrupt middle line is reported with its number', () => {
  const notJournal = join(dir, 'd.jsonl');
  writeFileSync(notJournal, 'hello\n');
  assert.throws(() => Journal.open(notJournal, header), /is not a hyperfold journal \(its first line is not JSON\)/);
  const corrupt = join(dir, 'e.jsonl');
  Journal.open(corrupt, header).close();
  appendFileSync(corrupt, '{"ok":"maybe"}\n' + JSON.stringify(success) + '\n');
  assert.throws(() => Journal.open(corrupt, header), /line 2: not a valid result \(missing ok/);
});
