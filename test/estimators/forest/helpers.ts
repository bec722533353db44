import type { DataSet } from '../../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../../src/data/matrix.js';
import type { Estimator } from '../../../src/estimators/estimator.js';
import type { Fold } from '../../../src/split/splitter.js';

/** Share of equal entries. */
export function accuracy(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) c++;
  return c / y.length;
}

/** Mean of per-class recalls (scikit-learn's balanced_accuracy_score). */
export function balancedAccuracy(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  const hit = new Map<number, number>();
  const tot = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    tot.set(y[i]!, (tot.get(y[i]!) ?? 0) + 1);
    if (pred[i] === y[i]) hit.set(y[i]!, (hit.get(y[i]!) ?? 0) + 1);
  }
  let s = 0;
  for (const [k, n] of tot) s += (hit.get(k) ?? 0) / n;
  return s / tot.size;
}

/** Coefficient of determination (scikit-learn's r2_score). */
export function r2(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i]! - pred[i]!) ** 2;
    ssTot += (y[i]! - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

/** Mean test score over folds (and over `seeds`), fitting through `fitIndexed` as fitAndScore does. */
export function cvMean(
  make: (seed: number) => Estimator,
  data: DataSet,
  folds: Fold[],
  seeds: number[],
  metric: (pred: ArrayLike<number>, y: ArrayLike<number>) => number = accuracy,
): number {
  let s = 0;
  for (const seed of seeds) {
    for (const f of folds) {
      const est = make(seed);
      est.fitIndexed!(data, f.train);
      s += metric(est.predict(takeRows(data.X, f.test)), takeLabels(data.y, f.test));
    }
  }
  return s / (seeds.length * folds.length);
}

/** 0..n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
