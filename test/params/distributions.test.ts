import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { loguniform, makeRng, randint, uniform } from '../../src/params/index.js';

test('uniform(loc, scale) samples [loc, loc + scale] with mean ≈ loc + scale/2', () => {
  const d = uniform(2, 3);
  const rng = makeRng(1);
  let sum = 0;
  for (let i = 0; i < 20000; i++) {
    const x = d.sample(rng);
    assert.ok(x >= 2 && x <= 5);
    sum += x;
  }
  assert.ok(Math.abs(sum / 20000 - 3.5) < 0.03);
  assert.deepEqual(d.toJSON(), { uniform: [2, 3] });
  assert.equal(d.kind, 'uniform');
});

test('loguniform(a, b) is uniform in log space (as scipy.stats.loguniform)', () => {
  const d = loguniform(1e-6, 1e6);
  const rng = makeRng(2);
  const decades = new Array<number>(12).fill(0);
  for (let i = 0; i < 24000; i++) {
    const x = d.sample(rng);
    assert.ok(x >= 1e-6 && x <= 1e6);
    decades[Math.min(11, Math.floor(Math.log10(x) + 6))]! += 1;
  }
  for (const c of decades) assert.ok(Math.abs(c - 2000) < 200, `decade count ${c}`);
  assert.deepEqual(d.toJSON(), { loguniform: [1e-6, 1e6] });
});

test('randint(low, high) excludes high (as scipy.stats.randint) and hits every integer', () => {
  const d = randint(2, 5);
  const rng = makeRng(3);
  const seen = new Map<number, number>();
  for (let i = 0; i < 3000; i++) {
    const x = d.sample(rng);
    seen.set(x, (seen.get(x) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].sort(), [2, 3, 4]);
  for (const c of seen.values()) assert.ok(c > 900);
});

test('bad bounds are ValidationErrors naming the parameter and value', () => {
  assert.throws(
    () => loguniform(0, 1),
    (e: Error) => e instanceof ValidationError && /a must be > 0.*got a=0/.test(e.message),
  );
  assert.throws(() => loguniform(10, 1), /b must be greater than a, got a=10, b=1/);
  assert.throws(() => uniform(0, -1), /scale must be ≥ 0.*got scale=-1/);
  assert.throws(() => randint(5, 5), /high must be greater than low.*got low=5, high=5/);
  assert.throws(() => randint(1.5, 5), /low must be an integer, got low=1.5/);
  assert.throws(() => uniform(Number.NaN, 1), /loc must be a finite number/);
});

test('the same seed gives the same draws', () => {
  const d = loguniform(1e-3, 1e3);
  const a = Array.from(
    { length: 5 },
    (
      (r) => () =>
        d.sample(r)
    )(makeRng(9)),
  );
  const b = Array.from(
    { length: 5 },
    (
      (r) => () =>
        d.sample(r)
    )(makeRng(9)),
  );
  assert.deepEqual(a, b);
});
