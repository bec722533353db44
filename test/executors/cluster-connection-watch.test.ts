// ConnectionWatch.guard, which bounds every Redis command of a cluster run: it must not keep what it
// guarded. (Racing each call against one long-lived pending "Redis gone" promise did: every XREAD
// reply and addBulk result of a 500,000-candidate search stayed in the coordinator's heap, ~30 MB
// per 65,536 fits; workers do not guard their commands.) No Redis needed.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConnectionWatch, RedisUnreachableError } from '../../src/executors/cluster/connection-watch.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `ref` is gone (a few rounds: a WeakRef target lives to the end of its job). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  return ref.deref() === undefined;
}

/** Guards one large value (created and dropped inside this frame); returns a weak reference to it. */
async function guardOne(watch: ConnectionWatch, i: number): Promise<WeakRef<object>> {
  const value = { reply: new Array(10_000).fill(i) };
  assert.equal(await watch.guard(Promise.resolve(value)), value);
  return new WeakRef(value);
}

test('guard returns the value and keeps no reference to it once it settled (bounded and unbounded watches)', async () => {
  for (const boundMs of [60_000, Number.POSITIVE_INFINITY]) {
    const watch = new ConnectionWatch({ label: 'redis://test', role: 'cluster:', boundMs, log: () => {} });
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 3; i++) refs.push(await guardOne(watch, i));
    for (const ref of refs) assert.ok(await collected(ref), `a guarded value is still reachable (boundMs ${boundMs})`);
    watch.close();
  }
});

test('a guard still pending when the outage bound passes rejects with RedisUnreachableError naming the URL', async () => {
  const watch = new ConnectionWatch({ label: 'redis://test:1', role: 'cluster:', boundMs: 200, log: () => {} });
  await assert.rejects(watch.guard(new Promise(() => {})), (err: unknown) => {
    assert.ok(err instanceof RedisUnreachableError);
    assert.match(err.message, /^Redis at redis:\/\/test:1 gave no answer within 0\.2 s/);
    return true;
  });
  // the failure is sticky until Redis is back: later calls fail at once
  await assert.rejects(watch.guard(Promise.resolve(1)), RedisUnreachableError);
  watch.close();
});
