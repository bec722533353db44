/**
 * A classifier that does nothing, and a scorer that returns 0 without
 * predicting: a job that costs only what the executor adds around fitAndScore.
 * Imported by the dispatch benchmark and, through `modules`, by every pool thread.
 */
import type { Labels, Matrix } from '../../src/data/matrix.js';
import { BaseEstimator } from '../../src/estimators/base.js';
import type { Params } from '../../src/estimators/estimator.js';
import { registerEstimator } from '../../src/estimators/registry.js';
import { registerScorer } from '../../src/metrics/scorers.js';

interface NoopParams extends Params {
  tag: number;
}

/** Fits and predicts nothing. */
export class NoopClassifier extends BaseEstimator<NoopParams> {
  readonly name = 'NoopClassifier';
  readonly kind = 'classifier' as const;
  constructor(params: Partial<NoopParams> = {}) {
    super({ tag: 0 }, params);
  }
  fit(_X: Matrix, _y: Labels): this {
    return this;
  }
  predict(X: Matrix): Labels {
    return new Float64Array(X.rows);
  }
}

registerEstimator('NoopClassifier', (p) => new NoopClassifier(p as Partial<NoopParams>), { doc: 'benchmark: does nothing' });
registerScorer({ name: 'noop_score', needs: 'predict', fn: () => 0 });
