/**
 * Two worker "hosts", each in its own network namespace joined to this machine by a veth
 * pair (addresses of our own on links that lead nowhere else), working for one search run
 * by the built CLI on this machine against a redis-server of the test's own. Mid-search one
 * host's link is cut (`ip link set … down`): its batch must come back through BullMQ's
 * stalled-job check (short locks set by option) and be run by the other host; nothing lost or
 * duplicated, cvResults equal to an inline run. Needs root and `ip netns`: fails under CI=true
 * without them, skips loudly elsewhere. Namespaces and links are removed afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { ensureBuilt, runCli } from '../cli/run-cli.js';
import { tempDir } from '../cli/fixtures.js';
import { uniqueNames } from '../fixtures/cluster-harness.js';
import {
  TestRedis,
  journalKeys,
  join,
  killAll,
  redisServerOrReason,
  sameCvResults,
  startCliProcess,
  startCliWorker,
  until,
  type CliProcess,
} from '../fixtures/cluster-faults.js';

const SEARCH = ['search', '--data', 'digits', '--estimator', 'SVC', '--grid', '{"C": [1, 10, 100], "gamma": [0.0005, 0.001]}', '--cv', '3', '--seed', '0'];
const FITS = 18;
const tag = String(process.pid % 10000);
/** Two hosts: namespace, host-side link, namespace-side link, host address, worker address. */
const HOSTS = [
  { ns: `hfA${tag}`, outer: `hfa${tag}o`, inner: `hfa${tag}i`, hostIp: '10.213.71.1', nsIp: '10.213.71.2' },
  { ns: `hfB${tag}`, outer: `hfb${tag}o`, inner: `hfb${tag}i`, hostIp: '10.213.72.1', nsIp: '10.213.72.2' },
];

function ip(...args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

/** Creates the namespaces and links; returns why it could not, if so. */
function setUp(): string | undefined {
  if (process.getuid?.() !== 0) return 'the multi-host test needs root (ip netns add)';
  for (const h of HOSTS) {
    for (const args of [
      ['netns', 'add', h.ns],
      ['link', 'add', h.outer, 'type', 'veth', 'peer', 'name', h.inner],
      ['link', 'set', h.inner, 'netns', h.ns],
      ['addr', 'add', `${h.hostIp}/30`, 'dev', h.outer],
      ['link', 'set', h.outer, 'up'],
      ['netns', 'exec', h.ns, 'ip', 'addr', 'add', `${h.nsIp}/30`, 'dev', h.inner],
      ['netns', 'exec', h.ns, 'ip', 'link', 'set', h.inner, 'up'],
      ['netns', 'exec', h.ns, 'ip', 'link', 'set', 'lo', 'up'],
    ]) {
      const r = ip(...args);
      if (!r.ok) return `'ip ${args.join(' ')}' failed: ${r.err}`;
    }
  }
  return undefined;
}

function tearDown(): void {
  for (const h of HOSTS) {
    ip('netns', 'del', h.ns); // removes the namespace's end of the pair, and with it the pair
    ip('link', 'del', h.outer);
  }
}

let dir = '';
let reference = '';
let unavailable = redisServerOrReason();
before(async () => {
  unavailable ??= setUp();
  if (unavailable) {
    tearDown();
    if (process.env.CI === 'true') throw new Error(`multi-host test cannot run in CI: ${unavailable}`);
    return;
  }
  ensureBuilt();
  dir = tempDir();
  reference = join(dir, 'inline.json');
  const r = await runCli([...SEARCH, '--executor', 'inline', '--out', reference, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
});
after(() => {
  if (!unavailable) tearDown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('two worker hosts in their own network namespaces; one host cut off mid-search: the other recovers its fits, results equal inline', async (t) => {
  if (unavailable) {
    t.skip(`SKIPPED — ${unavailable}`);
    process.stderr.write(`\n*** multi-host cluster test SKIPPED: ${unavailable} ***\n\n`);
    return;
  }
  const redis = await TestRedis.start(HOSTS.map((h) => h.hostIp));
  const names = uniqueNames('hosts');
  const procs: CliProcess[] = [];
  const queue = new Queue(names.queue, { connection: { url: redis.url() }, prefix: names.prefix });
  try {
    const lock = ['--lock-duration', '1000', '--stalled-interval', '500'];
    const [a, b] = await Promise.all(HOSTS.map((h) => startCliWorker(redis.url(h.hostIp), names, { netns: h.ns, extra: lock })));
    procs.push(a!, b!);
    const out = join(dir, 'hosts.json');
    const journal = join(dir, 'hosts.jsonl');
    const search = startCliProcess([
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
      journal,
      '--out',
      out,
    ]);
    procs.push(search);
    // cut host A while it holds a batch, after some fits have landed
    await until(
      async () => {
        if (journalKeys(journal).length < 2) return false;
        return (await queue.getJobs(['active'])).some((j) => j?.processedBy?.endsWith(`:${a!.pid}`));
      },
      120_000,
      'host A to hold a batch mid-search',
    );
    const cut = ip('link', 'set', HOSTS[0]!.outer, 'down');
    assert.ok(cut.ok, cut.err);
    const { code } = await search.exited;
    assert.equal(code, 0, search.stderr());
    const keys = journalKeys(journal);
    assert.equal(keys.length, FITS, 'nothing lost');
    assert.equal(new Set(keys).size, FITS, 'nothing duplicated');
    const same = sameCvResults(out, reference);
    assert.ok(same.equal, same.diff);
    assert.match(b!.stderr(), /recovered after \d+ stall/, `host B ran the batch host A held:\n${b!.stderr()}`);
  } finally {
    await queue.close();
    await killAll(procs);
    await redis.kill();
  }
});
