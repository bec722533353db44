/**
 * A tiny, fast, deterministic test classifier (nearest class centroid) for the search-loop
 * tests: `explode: true` makes fit throw (a deliberately failing candidate), `shrink`
 * pulls every centroid towards the overall mean (changes the score), `randomState` is kept
 * so the job seed can be observed.
 */
import { BaseEstimator } from '../../../src/estimators/base.js';
import type { Params } from '../../../src/estimators/estimator.js';
import { registerEstimator } from '../../../src/estimators/registry.js';
import type { Labels, Matrix } from '../../../src/data/matrix.js';
import { registerScorer } from '../../../src/metrics/scorers.js';

interface CentroidParams extends Params {
  shrink: number;
  explode: boolean;
  randomState: number | null;
}

/** Seeds seen by fit (job seeds derived from the search seed). */
export const seenSeeds: number[] = [];

export class TestCentroid extends BaseEstimator<CentroidParams> {
  readonly name = 'TestCentroid';
  readonly kind = 'classifier' as const;
  private centroids: Float64Array[] = [];
  private labels: number[] = [];

  constructor(params: Partial<CentroidParams> = {}) {
    super({ shrink: 0, explode: false, randomState: null }, params);
  }

  fit(X: Matrix, y: Labels): this {
    if (this.params.explode) throw new RangeError('explode=true: this candidate always fails');
    if (typeof this.params.randomState === 'number') seenSeeds.push(this.params.randomState);
    const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
    const overall = new Float64Array(X.cols);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) overall[j]! += X.data[i * X.cols + j]! / X.rows;
    this.labels = classes;
    this.centroids = classes.map((c) => {
      const m = new Float64Array(X.cols);
      let n = 0;
      for (let i = 0; i < X.rows; i++) {
        if (y[i] !== c) continue;
        n++;
        for (let j = 0; j < X.cols; j++) m[j]! += X.data[i * X.cols + j]!;
      }
      for (let j = 0; j < X.cols; j++) m[j] = (1 - this.params.shrink) * (m[j]! / n) + this.params.shrink * overall[j]!;
      return m;
    });
    return this;
  }

  predict(X: Matrix): Labels {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      let bestD = Infinity;
      this.centroids.forEach((c, k) => {
        let d = 0;
        for (let j = 0; j < X.cols; j++) d += (X.data[i * X.cols + j]! - c[j]!) ** 2;
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      });
      out[i] = this.labels[best]!;
    }
    return out;
  }
}

registerEstimator('TestCentroid', (p) => new TestCentroid(p as Partial<CentroidParams>));

/** Accuracy registered under a test-only name (so these tests need no metrics module). */
export const TEST_ACCURACY = 'test:accuracy';
registerScorer({
  name: TEST_ACCURACY,
  needs: 'predict',
  fn: (est, X, y) => {
    const p = est.predict(X);
    let ok = 0;
    for (let i = 0; i < y.length; i++) if (p[i] === y[i]) ok++;
    return ok / y.length;
  },
});
/** A scorer that needs predictProba (TestCentroid has none). */
registerScorer({ name: 'test:needs_proba', needs: 'proba', fn: () => 0 });
