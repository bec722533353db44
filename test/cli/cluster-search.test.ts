// `hyperfold search --executor cluster` as a user runs it: the built CLI as a child process, real
// `hyperfold worker` processes started (and killed) by pid, a fresh queue and key prefix per test on
// the Redis at 127.0.0.1:6379. Checks what the terminal shows while fits wait for workers, and that
// fits the cluster lost (never a model error) make the command fail without naming a best candidate.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import type { Redis } from 'ioredis';
import {
  deleteKeysUnder,
  keysUnder,
  killWorkers,
  redisOrReason,
  REDIS_URL,
  spawnWorker,
  uniqueNames,
  type SpawnedWorker,
} from '../fixtures/cluster-harness.js';
import { ensureBuilt, startCli } from './run-cli.js';

let redis: Redis | undefined;
let skip: string | undefined;
const dir = mkdtempSync(join(tmpdir(), 'hf-cli-cluster-'));
const workers: SpawnedWorker[] = [];
const prefixes: string[] = [];

before(async () => {
  ensureBuilt();
  const r = await redisOrReason();
  redis = r.redis;
  skip = r.reason;
  if (skip) console.warn(`SKIPPED: ${skip}`);
});

after(async () => {
  await killWorkers(workers);
  if (redis) {
    for (const p of prefixes) await deleteKeysUnder(redis, p);
    redis.disconnect();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A GaussianNB grid of 2 candidates × 2 folds on digits, on the cluster under `names`. */
function searchArgs(names: { queue: string; prefix: string }, extra: string[] = []): string[] {
  return [
    'search',
    '--data',
    'digits',
    '--estimator',
    'GaussianNB',
    '--grid',
    '{"varSmoothing": [1e-9, 1e-2]}',
    '--cv',
    '2',
    '--executor',
    'cluster',
    '--redis',
    REDIS_URL,
    '--queue',
    names.queue,
    '--prefix',
    names.prefix,
    ...extra,
  ];
}

/** Resolves once `read()` contains `pattern` (checked on each chunk the child writes); rejects if the child exits first. */
function waitFor(child: ReturnType<typeof startCli>['child'], read: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!pattern.test(read())) return;
      child.stderr.off('data', check);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null): void => reject(new Error(`the search exited (${code}) before printing ${pattern}:\n${read()}`));
    child.stderr.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

test('while no worker is alive the progress line says "waiting for workers: 0 alive"; a worker started then runs every fit', async (t) => {
  if (skip) return t.skip(skip);
  const names = uniqueNames('cli-wait');
  prefixes.push(names.prefix);
  const run = startCli(searchArgs(names));
  let stderr = '';
  run.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // stderr is a pipe, so the progress display is plain lines; the status comes every statusIntervalMs (5 s)
  await waitFor(run.child, () => stderr, /waiting for workers/);
  workers.push(await spawnWorker(names));
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n');
  const waiting = lines.filter((l) => l.includes('waiting for workers'));
  assert.ok(waiting.length >= 1);
  for (const l of waiting) {
    // inside the progress line, not a line of its own
    assert.match(
      l,
      new RegExp(`^search: 0/4 fits \\(0%\\), 0 failed, .* elapsed, ETA \\?, best -, waiting for workers: 0 alive \\(queue '${names.queue}'\\)$`),
    );
  }
  assert.ok(!lines.some((l) => l.startsWith('cluster: waiting for workers')), r.stderr);
  // once the worker ran the fits, the last progress line has no status
  const last = lines.filter((l) => l.startsWith('search: ')).at(-1)!;
  assert.match(last, /^search: 4\/4 fits \(100%\), 0 failed, .*best \d\.\d+$/);
  assert.match(r.stdout, /Best params: /);
});

test('fits the cluster lost (a fold gone from Redis, every retry failed) exit 1, name the candidates, print no best; --out is written', async (t) => {
  if (skip) return t.skip(skip);
  const names = uniqueNames('cli-lost');
  prefixes.push(names.prefix);
  const out = join(dir, 'lost.csv');
  const run = startCli(searchArgs(names, ['--out', out, '--quiet']));
  // the coordinator stores the data set and both folds, then waits: remove one fold before any worker starts
  let folds: string[] = [];
  while (folds.length < 2) {
    if (run.child.exitCode !== null) assert.fail(`the search exited early: ${(await run.done).stderr}`);
    folds = (await keysUnder(redis!, names.prefix)).filter((k) => k.includes(':hf:fold:'));
    if (folds.length < 2) await new Promise((r) => setTimeout(r, 50)); // polling Redis, not a timing assumption
  }
  assert.equal(await redis!.del(folds[0]!), 1);
  workers.push(await spawnWorker(names));
  const r = await run.done;
  assert.equal(r.code, 1, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  assert.doesNotMatch(r.stdout, /Best params/);
  assert.doesNotMatch(r.stdout + r.stderr, /Best score/);
  // one line: which fits, which candidates, why, what to do
  const first = r.stderr.split('\n').find((l) => l.startsWith('hyperfold search: '));
  assert.ok(first, r.stderr);
  assert.match(
    first,
    /^hyperfold search: ExecutorError: 2 fit\(s\) of candidate\(s\) 0, 1 have no score because the cluster \(queue '[^']+' on redis:\/\/[^)]+\) lost them \(first: candidate \d split \d: batch \S+ failed 3 time\(s\) on the cluster: cluster worker: fold \S+ is not in Redis \(expired or removed\)/,
  );
  assert.match(first, /no best candidate is reported\. Re-run with --journal <file\.jsonl> so a re-run repeats only them\.$/);
  assert.ok(!r.stderr.includes('\n    at '), 'no stack without --debug');
  // the results that exist are written: both candidates, one split scored, the lost split empty
  const csv = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(csv.length, 3, csv.join('\n'));
  const header = csv[0]!.split(',');
  const s0 = header.indexOf('split0_test_score');
  const s1 = header.indexOf('split1_test_score');
  assert.ok(s0 >= 0 && s1 >= 0, header.join(','));
  for (const row of csv.slice(1)) {
    const cells = row.split(',');
    const scored = [cells[s0]!, cells[s1]!].filter((c) => c !== '' && c !== 'NaN' && Number.isFinite(Number(c)));
    assert.equal(scored.length, 1, `one split scored, the other lost: ${row}`);
  }
});
