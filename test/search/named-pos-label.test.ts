/**
 * A scorer with a named posLabel inside a search, as scikit-learn's
 * `GridSearchCV(…, scoring=make_scorer(f1_score, pos_label='nine'))` on text labels: the name is
 * resolved against the search's classes ('nine' is class 0 of ['nine', 'other'], not the default
 * positive class; GaussianNB, which matches scikit-learn to the last digit) on the inline, pool and cluster executors; the scores equal the integer-encoded
 * run's and scikit-learn 1.2.1's (test/search/named-pos-label-sklearn.py); a posLabel that is not
 * a class is a ValidationError naming it and the classes before any job is dispatched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadDigits } from '../../src/data/bundled.js';
import type { DataSet } from '../../src/data/dataset.js';
import { ValidationError } from '../../src/errors.js';
import { GaussianNB } from '../../src/estimators/gaussian-nb.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import type { Executor } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import { crossValidate } from '../../src/model-selection/cross-validate.js';
import { GridSearchCV } from '../../src/search/index.js';
import { MODULES, REDIS_URL, deleteKeysUnder, killWorkers, redisOrReason, spawnWorker, uniqueNames, type SpawnedWorker } from '../fixtures/cluster-harness.js';
import { apCode0, apNine, f1Code0, f1Maybe, f1Nine } from '../fixtures/named-pos-label-scorers.js';

const SCORERS = new URL('../fixtures/named-pos-label-scorers.ts', import.meta.url);
const digits = await loadDigits();
const words = Array.from(digits.y, (v) => (v === 9 ? 'nine' : 'other'));
const codes = Int32Array.from(digits.y, (v) => (v === 9 ? 0 : 1));
const grid = { varSmoothing: [1e-2, 3e-2, 1e-1, 1] };

/** scikit-learn 1.2.1, GridSearchCV(GaussianNB(), {'var_smoothing': [1e-2, 3e-2, 1e-1, 1.0]}, cv=3) on the words. */
const SKLEARN = {
  split0_test_f1_nine: [0.6933333333333332, 0.6933333333333332, 0.7027027027027029, 0.6057142857142856],
  split1_test_f1_nine: [0.5620915032679739, 0.5882352941176471, 0.5962732919254659, 0.5502645502645502],
  split2_test_f1_nine: [0.6708860759493671, 0.6753246753246753, 0.6751592356687899, 0.6101694915254238],
  split0_test_ap_nine: [0.7140474736661173, 0.8185673614260139, 0.8363977361049331, 0.8010633731008476],
  split1_test_ap_nine: [0.6413358132533185, 0.7197337657958744, 0.7373529306451906, 0.7283284665326275],
  split2_test_ap_nine: [0.8693451888257376, 0.8759006445481383, 0.8829074870528328, 0.8615501664346484],
  best_index: 2,
};

type Scores = Record<string, number[]>;

/** The split scores of a search on the words (named scorers) and on the codes (index scorers), same keys. */
async function scores(executor: Executor): Promise<{ named: Scores; coded: Scores; best: number }> {
  const named = await new GridSearchCV(new GaussianNB(), grid, {
    cv: 3,
    scoring: { f1_nine: f1Nine, ap_nine: apNine },
    refit: 'f1_nine',
    executor,
  }).fit(X(), words);
  const coded = await new GridSearchCV(new GaussianNB(), grid, {
    cv: 3,
    scoring: { f1_nine: f1Code0, ap_nine: apCode0 },
    refit: 'f1_nine',
    executor,
  }).fit(X(), codes);
  const pick = (cv: Record<string, unknown>): Scores =>
    Object.fromEntries(
      Object.entries(cv)
        .filter(([k]) => /^split\d_test_/.test(k))
        .map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]),
    );
  assert.deepEqual(named.classes, ['nine', 'other']);
  return { named: pick(named.cvResults), coded: pick(coded.cvResults), best: named.bestIndex };
}

function X() {
  return digits.X;
}

function checkAgainstSklearn(s: Scores): void {
  for (const [k, expected] of Object.entries(SKLEARN)) {
    if (k === 'best_index') continue;
    const got = s[k]!;
    (expected as number[]).forEach((e, i) => assert.ok(Math.abs(got[i]! - e) < 1e-12, `${k}[${i}]: ${got[i]} vs scikit-learn 1.2.1 ${e}`));
  }
}

const inline = await scores(new InlineExecutor());

test("inline: posLabel 'nine' resolved against the classes equals scikit-learn 1.2.1 and the integer-encoded run", () => {
  checkAgainstSklearn(inline.named);
  assert.deepEqual(inline.named, inline.coded);
  assert.equal(inline.best, SKLEARN.best_index);
});

test('the piscina pool (scorers registered in its threads through modules) gives the inline scores', async () => {
  const pool = new PiscinaExecutor({ maxThreads: 2, modules: [SCORERS] });
  try {
    assert.deepEqual(await scores(pool), inline);
  } finally {
    await pool.close();
  }
});

test('the cluster (scorers registered in the workers through --modules) gives the inline scores', async (t) => {
  const conn = await redisOrReason();
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    return;
  }
  const names = uniqueNames('named-pos-label');
  const workers: SpawnedWorker[] = [];
  const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix });
  try {
    workers.push(await spawnWorker(names, ['--modules', `${MODULES},${fileURLToPath(SCORERS)}`]));
    assert.deepEqual(await scores(executor), inline);
  } finally {
    await executor.close();
    await killWorkers(workers);
    await deleteKeysUnder(conn.redis, names.prefix);
    conn.redis.disconnect();
  }
});

test('crossValidate resolves the named posLabel too', async () => {
  const r = await crossValidate(new GaussianNB({ varSmoothing: 1e-2 }), X(), words, { cv: 3, scoring: { f1_nine: f1Nine }, executor: new InlineExecutor() });
  assert.deepEqual(
    Array.from(r.test_f1_nine),
    [0, 1, 2].map((s) => inline.named[`split${s}_test_f1_nine`]![0]),
  );
});

/** An executor that records whether anything was validated or dispatched. */
class Recorder implements Executor {
  readonly kind = 'recorder';
  calls = 0;
  async validate(_jobs: readonly FitJob[]): Promise<void> {
    this.calls++;
  }
  run(_data: DataSet, _jobs: readonly FitJob[]): AsyncIterable<FitResult> {
    this.calls++;
    return (async function* () {})();
  }
  async close(): Promise<void> {}
}

test('a posLabel that is not a class, or a name on numeric labels, is a ValidationError before dispatch', async () => {
  const rec = new Recorder();
  await assert.rejects(
    new GridSearchCV(new GaussianNB(), grid, { cv: 3, scoring: f1Maybe, executor: rec }).fit(X(), words),
    (err: unknown) =>
      err instanceof ValidationError && /scorer 'f1_maybe': posLabel="maybe" is not one of the search's classes: "nine", "other"/.test(err.message),
  );
  await assert.rejects(
    new GridSearchCV(new GaussianNB(), grid, { cv: 3, scoring: f1Nine, executor: rec }).fit(X(), codes),
    (err: unknown) => err instanceof ValidationError && /posLabel="nine" names a class, but the search's labels are numbers/.test(err.message),
  );
  assert.equal(rec.calls, 0);
});
