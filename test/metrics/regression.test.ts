/**
 * Regression metrics against scikit-learn 1.2.1 (figures from sklearn-reference.py):
 * r2_score, explained_variance_score (force_finite), mean_squared_error (squared=False),
 * mean_absolute_error, median_absolute_error, on the first 2,000 airline rows (delay_min)
 * with a deterministic linear prediction.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { explainedVarianceScore, meanAbsoluteError, meanSquaredError, medianAbsoluteError, r2Score } from '../../src/metrics/index.js';
import { airlineFixture, close, type AirlineFixture } from './fixtures.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

let a: AirlineFixture;
before(async () => {
  a = await airlineFixture();
});

describe('regression metrics — scikit-learn 1.2.1', () => {
  it('airline delay_min (2,000 rows)', () => {
    close(r2Score(a.delay, a.predReg), -0.003759613409967111, 'r2_score');
    close(explainedVarianceScore(a.delay, a.predReg), -0.0037207625714137382, 'explained_variance_score');
    close(meanSquaredError(a.delay, a.predReg), 1026.2178391555, 'mean_squared_error', 1e-9 * 1026);
    close(meanSquaredError(a.delay, a.predReg, { squared: false }), 32.034634993324026, 'mean_squared_error squared=False');
    close(meanAbsoluteError(a.delay, a.predReg), 18.421163500000002, 'mean_absolute_error');
    close(medianAbsoluteError(a.delay, a.predReg), 12.318999999999999, 'median_absolute_error (even n)');
    close(medianAbsoluteError(a.delay.subarray(0, 1999), a.predReg.subarray(0, 1999)), 12.32, 'median_absolute_error (odd n)');
  });

  it('constant targets follow force_finite; fewer than two samples give NaN', () => {
    assert.equal(r2Score(f(2, 2, 2), f(2, 2, 2)), 1);
    assert.equal(r2Score(f(2, 2, 2), f(2, 2, 3)), 0);
    assert.equal(r2Score(f(2, 2, 2), f(2, 2, 3), { forceFinite: false }), -Infinity);
    assert.ok(Number.isNaN(r2Score(f(1), f(2))));
    assert.equal(explainedVarianceScore(f(2, 2, 2), f(1, 2, 3)), 0);
    assert.equal(explainedVarianceScore(f(2, 2, 2), f(3, 3, 3)), 1);
  });

  it('explained variance ignores a constant bias; R² does not', () => {
    assert.equal(explainedVarianceScore(f(1, 2, 3), f(2, 3, 4)), 1);
    assert.equal(r2Score(f(1, 2, 3), f(2, 3, 4)), -0.5);
    assert.equal(medianAbsoluteError(f(1, 2, 3, 4), f(1, 1, 1, 1)), 1.5);
    close(meanSquaredError(f(1, 2, 3, 4), f(1, 1, 1, 1), { squared: false }), 1.8708286933869707, 'rmse');
  });

  it('bad inputs name the array and row', () => {
    assert.throws(() => r2Score(f(1, 2), f(1, 2, 3)), /yTrue has 2 values but yPred has 3/);
    assert.throws(() => meanAbsoluteError(f(1, Infinity), f(1, 2)), /yTrue\[1\] is Infinity/);
  });
});
