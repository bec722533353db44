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

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return shuffleInPlace(a, rng);
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
