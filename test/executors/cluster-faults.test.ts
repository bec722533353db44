/**
 * Redis faults against real processes: the built `hyperfold search` and `hyperfold worker`
 * on a redis-server this file starts on a free port and kills / restarts by its own pid.
 * Every finished search must give the cvResults of a fault-free inline run (time columns
 * aside); the messages are asserted by their first line. Without redis-server: fails under
 * CI=true, skips loudly elsewhere.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ensureBuilt, runCli } from '../cli/run-cli.js';
import { tempDir } from '../cli/fixtures.js';
import { uniqueNames } from '../fixtures/cluster-harness.js';
import {
  TestRedis,
  journalKeys,
  join,
  killAll,
  messageLines,
  redisServerOrReason,
  sameCvResults,
  startCliProcess,
  startCliWorker,
  until,
  type CliProcess,
} from '../fixtures/cluster-faults.js';

// 6 SVC candidates × 3 folds on digits: 18 fits of ~0.1–0.3 s, enough to fault mid-search
const SEARCH = ['search', '--data', 'digits', '--estimator', 'SVC', '--grid', '{"C": [1, 10, 100], "gamma": [0.0005, 0.001]}', '--cv', '3', '--seed', '0'];
const FITS = 18;
const RAW_ERROR = /^\s+at |errno:|ECONNREFUSED[^)]*$|^\{|^\}/m;

const missing = redisServerOrReason();
let dir = '';
let reference = '';
before(async () => {
  if (missing) return;
  ensureBuilt();
  dir = tempDir();
  reference = join(dir, 'inline.json');
  const r = await runCli([...SEARCH, '--executor', 'inline', '--out', reference, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function skipped(t: { skip(m: string): void }, label: string): boolean {
  if (!missing) return false;
  t.skip(`SKIPPED — ${missing}`);
  process.stderr.write(`\n*** cluster fault test '${label}' SKIPPED: ${missing} ***\n\n`);
  return true;
}

function clusterArgs(redis: TestRedis, names: { queue: string; prefix: string }, file: string): string[] {
  return [
    ...SEARCH,
    '--executor',
    'cluster',
    '--redis',
    redis.url(),
    '--queue',
    names.queue,
    '--prefix',
    names.prefix,
    '--journal',
    join(dir, `${file}.jsonl`),
    '--out',
    join(dir, `${file}.json`),
  ];
}

test('Redis restarted empty mid-search: the coordinator re-publishes and re-enqueues; results equal inline, exit 0', async (t) => {
  if (skipped(t, 'restart')) return;
  const redis = await TestRedis.start();
  const names = uniqueNames('restart');
  const procs: CliProcess[] = [];
  try {
    procs.push(await startCliWorker(redis.url(), names), await startCliWorker(redis.url(), names));
    const search = startCliProcess(clusterArgs(redis, names, 'restart'));
    procs.push(search);
    const journal = join(dir, 'restart.jsonl');
    await until(() => journalKeys(journal).length >= 3 || search.child.exitCode !== null, 120_000, '3 fits in the journal');
    await redis.kill();
    await until(() => search.stderr().includes('cluster: lost Redis at'), 30_000, 'the coordinator to notice');
    await redis.restart();
    const { code } = await search.exited;
    const err = search.stderr();
    assert.equal(code, 0, err);
    const notes = messageLines(err).filter((l) => l.startsWith('cluster:'));
    assert.match(notes[0]!, new RegExp(`^cluster: lost Redis at ${redis.url()}(/0)?( \\(.*\\))?; retrying for up to 60 s$`));
    assert.match(notes[1]!, new RegExp(`^cluster: Redis at ${redis.url()}(/0)? is back after [\\d.]+ s$`));
    assert.match(
      notes[2]!,
      new RegExp(
        `^cluster: Redis at ${redis.url()}(/0)? lost search \\S+ \\(restarted empty, flushed or failed over\\); re-publishing the data set and re-enqueuing its \\d+ unfinished fit\\(s\\)$`,
      ),
    );
    assert.equal(notes.length, 3, `one line per state change:\n${notes.join('\n')}`);
    assert.doesNotMatch(err, RAW_ERROR, 'no raw ioredis / BullMQ error objects');
    for (const w of procs.slice(0, 2)) assert.doesNotMatch(w.stderr(), RAW_ERROR);
    const keys = journalKeys(journal);
    assert.equal(keys.length, FITS, 'every fit journaled once');
    assert.equal(new Set(keys).size, FITS);
    const same = sameCvResults(join(dir, 'restart.json'), reference);
    assert.ok(same.equal, same.diff);
    assert.match(search.stdout(), /Wall time: .*\(18 fits run\)/);
  } finally {
    await killAll(procs);
    await redis.kill();
  }
});

test('Redis down longer than --redis-timeout: one line naming the URL and the journal, exit 1; workers stop on SIGTERM; the re-run resumes', async (t) => {
  if (skipped(t, 'down')) return;
  const redis = await TestRedis.start();
  const names = uniqueNames('down');
  const procs: CliProcess[] = [];
  try {
    const [w1, w2] = [await startCliWorker(redis.url(), names, { extra: ['--shutdown-timeout', '2'] }), await startCliWorker(redis.url(), names)];
    procs.push(w1!, w2!);
    const args = [...clusterArgs(redis, names, 'down'), '--redis-timeout', '2'];
    const search = startCliProcess(args);
    procs.push(search);
    const journal = join(dir, 'down.jsonl');
    await until(() => journalKeys(journal).length >= 3 || search.child.exitCode !== null, 120_000, '3 fits in the journal');
    await redis.kill();
    const { code } = await search.exited;
    const err = search.stderr();
    assert.equal(code, 1, err);
    const kept = journalKeys(journal).length;
    const lines = messageLines(err);
    const last = lines.filter((l) => l.startsWith('hyperfold search:'));
    assert.equal(last.length, 1, err);
    assert.match(
      last[0]!,
      new RegExp(
        `^hyperfold search: ExecutorError: Redis at ${redis.url()}(/0)? unreachable for 2 s( \\(.*\\))?; ${kept} fits in the journal \\S*down\\.jsonl; re-run to resume: node \\S*main\\.js search `,
      ),
    );
    assert.equal(lines.filter((l) => l.startsWith('cluster: lost Redis')).length, 1, 'one line when Redis went away');
    assert.doesNotMatch(err, RAW_ERROR, 'no raw ioredis / BullMQ error objects');

    // a worker stops on SIGTERM while Redis is down: at once, exit 0, saying what it left
    await until(() => w1!.stderr().includes('lost Redis at'), 30_000, 'the worker to notice');
    process.kill(w1!.pid, 'SIGTERM');
    const stopped = await w1!.exited;
    assert.equal(stopped.code, 0, w1!.stderr());
    assert.match(
      w1!.stderr(),
      new RegExp(`stopped: Redis at ${redis.url()} unreachable, \\d+ batch\\(es\\) not handed back; another worker takes them once their lock expires`),
    );
    assert.doesNotMatch(w1!.stderr(), RAW_ERROR);

    // Redis back (empty): the same command resumes from the journal to the inline results
    await redis.restart();
    procs.push(await startCliWorker(redis.url(), names));
    const again = await runCli([...args, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const summary = JSON.parse(again.stdout) as { fitsRun: number; fitsResumed: number };
    assert.equal(summary.fitsResumed, kept, 'the journal fits are resumed');
    assert.equal(summary.fitsRun, FITS - kept, 'only the others run');
    const same = sameCvResults(join(dir, 'down.json'), reference);
    assert.ok(same.equal, same.diff);
  } finally {
    await killAll(procs);
    await redis.kill();
  }
});

test('the first Ctrl-C stops a search while Redis is down (exit 130, what was kept)', async (t) => {
  if (skipped(t, 'sigint')) return;
  const redis = await TestRedis.start();
  const names = uniqueNames('sigint');
  let search: CliProcess | undefined;
  try {
    // no worker: the fits wait in the queue, then Redis goes away
    search = startCliProcess(clusterArgs(redis, names, 'sigint'));
    await until(() => search!.stderr().includes('no hyperfold worker is listening'), 60_000, 'the search to enqueue');
    await redis.kill();
    await until(() => search!.stderr().includes('cluster: lost Redis at'), 30_000, 'the coordinator to notice');
    process.kill(search.pid, 'SIGINT');
    const { code } = await search.exited;
    const lines = messageLines(search.stderr());
    assert.equal(code, 130, search.stderr());
    const line = lines.find((l) => l.startsWith('search: interrupted:'));
    assert.match(line ?? '', /^search: interrupted: 0 of 18 fits finished, kept in the journal \S*sigint\.jsonl\. Resume with:$/);
    assert.doesNotMatch(search.stderr(), RAW_ERROR);
  } finally {
    await killAll([search]);
    await redis.kill();
  }
});

test('a coordinator SIGKILLed mid-search: workers finish its fits; the re-run counts them resumed (journal and Redis) in the notes and --json', async (t) => {
  if (skipped(t, 'crash')) return;
  const redis = await TestRedis.start();
  const names = uniqueNames('crash');
  const client = redis.client();
  const procs: CliProcess[] = [];
  try {
    procs.push(await startCliWorker(redis.url(), names), await startCliWorker(redis.url(), names));
    const args = clusterArgs(redis, names, 'crash');
    const first = startCliProcess(args);
    procs.push(first);
    const journal = join(dir, 'crash.jsonl');
    await until(() => journalKeys(journal).length >= 3 || first.child.exitCode !== null, 120_000, '3 fits in the journal');
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    const inJournal = new Set(journalKeys(journal)).size;
    // within the grace period the workers keep going: every fit ends up in Redis
    const [results] = await client.keys(`${names.prefix}:hf:search:*:results`);
    assert.ok(results, 'the search has results in Redis');
    await until(async () => (await client.hlen(results)) === FITS, 120_000, 'the workers to finish the orphaned fits');
    const ttl = await client.ttl(results);
    assert.ok(ttl > 0 && ttl <= 6 * 3600, `results expire within hours (ttl ${ttl} s)`);

    const again = await runCli([...args, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const s = JSON.parse(again.stdout) as { fitsRun: number; fitsResumed: number };
    assert.deepEqual({ run: s.fitsRun, resumed: s.fitsResumed }, { run: 0, resumed: FITS }, again.stderr);
    const notes = messageLines(again.stderr);
    assert.ok(notes.includes(`search: resumed ${inJournal} finished fits from the journal ${journal}`), again.stderr);
    assert.ok(
      notes.some((l) =>
        new RegExp(`^search: resumed ${FITS - inJournal} finished fits kept in Redis at ${redis.url()}(/0)? for 6 h \\(search \\S+\\)$`).test(l),
      ),
      again.stderr,
    );
    const same = sameCvResults(join(dir, 'crash.json'), reference);
    assert.ok(same.equal, same.diff);
    const ran = procs.slice(0, 2).map((w) => [...w.stderr().matchAll(/job \S+: search \S+ (\d+)\/\d+ fits/g)].reduce((a, m) => a + Number(m[1]), 0));
    assert.equal(ran[0]! + ran[1]!, FITS, 'no fit computed twice');
  } finally {
    client.disconnect();
    await killAll(procs);
    await redis.kill();
  }
});

test('a search whose coordinator is gone longer than --coordinator-grace is orphaned: workers skip its fits', async (t) => {
  if (skipped(t, 'orphan')) return;
  const redis = await TestRedis.start();
  const names = uniqueNames('orphan');
  const client = redis.client();
  const procs: CliProcess[] = [];
  try {
    const coordinator = startCliProcess([...clusterArgs(redis, names, 'orphan'), '--coordinator-grace', '2']);
    procs.push(coordinator);
    const wait = `${names.prefix}:${names.queue}:wait`;
    const active = `${names.prefix}:${names.queue}:active`;
    await until(async () => (await client.llen(wait)) > 0, 60_000, 'the search to enqueue its fits');
    process.kill(coordinator.pid, 'SIGKILL');
    await coordinator.exited;
    const [state] = await client.keys(`${names.prefix}:hf:search:*:state`);
    assert.ok(state);
    await until(async () => (await client.exists(state)) === 0, 30_000, 'the coordinator heartbeat to expire');
    const worker = await startCliWorker(redis.url(), names);
    procs.push(worker);
    await until(async () => (await client.llen(wait)) + (await client.llen(active)) === 0, 60_000, 'the worker to drain the queue');
    assert.match(worker.stderr(), /search \S+ is not running \(finished, or its coordinator silent longer than its grace period\), skipped \d+ fits/);
    assert.doesNotMatch(worker.stderr(), /search \S+ \d+\/\d+ fits/, 'no fit of the orphaned search ran');
    assert.deepEqual(await client.keys(`${names.prefix}:hf:search:*:results`), []);
  } finally {
    client.disconnect();
    await killAll(procs);
    await redis.kill();
  }
});
