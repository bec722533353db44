import { createRequire } from 'node:module';
import type seedrandomType from 'seedrandom';
import { ValidationError } from '../errors.js';

let seedrandomFn: typeof seedrandomType | undefined;

/**
 * seedrandom, required on the first draw: a module that only imports this file (an estimator
 * whose fits draw nothing, a pool thread) does not load it — ~8–10 ms of each thread's start-up.
 */
function seedrandom(seed?: string): seedrandomType.PRNG {
  seedrandomFn ??= createRequire(import.meta.url)('seedrandom') as typeof seedrandomType;
  return seed === undefined ? seedrandomFn() : seedrandomFn(seed);
}

/** A source of uniform doubles in [0, 1), e.g. from `makeRng`. */
export type Rng = () => number;

/**
 * A seeded generator (seedrandom's ARC4): the same integer `randomState` gives the
 * same stream on every machine and executor; `undefined` seeds from the OS entropy.
 * Use it wherever hyperfold draws random numbers (folds, candidates).
 */
export function makeRng(randomState?: number): Rng {
  if (randomState === undefined) return seedrandom();
  if (!Number.isInteger(randomState)) {
    throw new ValidationError(`randomState must be an integer or undefined, got ${String(randomState)}`);
  }
  return seedrandom(String(randomState));
}

/** A uniform integer in [0, n) drawn from `rng`. */
export function randomInt(n: number, rng: Rng): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle in place (uniform over permutations); returns `a`. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1, rng);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/**
 * Exactly `permutation(n, makeRng(randomState))` (the same ARC4 stream and shuffle), 2–3× faster:
 * seedrandom's ARC4 state after seeding, read with its `state` option, then stepped here over a
 * byte array, each double assembled as seedrandom assembles it. Hand-written because the shuffles
 * of a halving search's folds drew 1.7 M numbers (~100 ms through the generator object, ~40 ms
 * here) in the search thread while the pool waited. A test compares both for several n and seeds.
 */
export function seededPermutation(n: number, randomState: number): Int32Array {
  if (!Number.isInteger(randomState)) throw new ValidationError(`randomState must be an integer, got ${String(randomState)}`);
  seedrandomFn ??= createRequire(import.meta.url)('seedrandom') as typeof seedrandomType;
  const seeded = seedrandomFn(String(randomState), { state: true }) as seedrandomType.PRNG & { state(): { i: number; j: number; S: number[] } };
  const state = seeded.state();
  const a = identity(n);
  arc4Shuffle(a, Uint8Array.from(state.S), state.i, state.j);
  return a;
}

/**
 * 0, 1, …, n − 1. The loop is alone in its function (docs/contributing.md, "Hot code that V8 keeps optimized"):
 * inside seededPermutation, V8 replaced that function while the loop ran and deoptimized the code at the first
 * line after it on every call (7 times per airline halving search).
 */
function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let k = 0; k < n; k++) a[k] = k;
  return a;
}

/** Fisher–Yates over `a` (as shuffleInPlace) drawing seedrandom's ARC4 doubles from state (S, i, j). */
function arc4Shuffle(a: Int32Array, S: Uint8Array, i: number, j: number): void {
  for (let p = a.length - 1; p > 0; p--) {
    // seedrandom's prng(): six bytes, more while below 2^52, then scaled down below 2^53
    let num = 0;
    for (let c = 0; c < 6; c++) {
      i = (i + 1) & 255;
      const t = S[i]!;
      j = (j + t) & 255;
      const sj = S[j]!;
      S[i] = sj;
      S[j] = t;
      num = num * 256 + S[(sj + t) & 255]!;
    }
    let d = 281474976710656; // 256^6
    let x = 0;
    while (num < 4503599627370496) {
      // 2^52
      num = (num + x) * 256;
      d *= 256;
      i = (i + 1) & 255;
      const t = S[i]!;
      j = (j + t) & 255;
      const sj = S[j]!;
      S[i] = sj;
      S[j] = t;
      x = S[(sj + t) & 255]!;
    }
    while (num >= 9007199254740992) {
      // 2^53
      num /= 2;
      d /= 2;
      x >>>= 1;
    }
    const q = Math.floor(((num + x) / d) * (p + 1));
    const tmp = a[p]!;
    a[p] = a[q]!;
    a[q] = tmp;
  }
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  return shuffleInPlace(identity(n), rng);
}

/**
 * `k` distinct integers from [0, n), in random order, without materialising 0..n-1
 * (a sparse Fisher–Yates over a Map), so a grid of millions of points costs O(k).
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  if (k > n) throw new ValidationError(`cannot draw ${k} distinct values from ${n}`);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(n - i, rng);
    const atJ = swapped.get(j) ?? j;
    const atI = swapped.get(i) ?? i;
    out.push(atJ);
    swapped.set(j, atI);
  }
  return out;
}
