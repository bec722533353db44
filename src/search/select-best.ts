/** The `refit` option: which metric picks the best candidate, and how (scikit-learn's rules). */
import { ValidationError } from '../errors.js';
import { numericColumn } from './results.js';
import type { CvResults, RefitOption } from './types.js';

/**
 * Checks `refit` against the metrics and returns the metric that ranks candidates
 * (undefined when refit is a function, or false with several metrics). With several
 * metrics, refit must name one of them, be a function or be false — as scikit-learn's
 * `_check_refit_for_multimetric`.
 */
export function refitMetric(refit: RefitOption, metrics: readonly string[], multimetric: boolean, scorerNames: Record<string, string>): string | undefined {
  if (typeof refit === 'function') return undefined;
  if (typeof refit === 'boolean') {
    if (!multimetric) return 'score';
    if (refit) {
      throw new ValidationError(
        `refit: with several metrics (${metrics.join(', ')}) refit must name the metric that picks the best candidate ` +
          `(e.g. refit: '${metrics[0]}'), be a function (cvResults) => index, or be false (no refit and no best* attributes).`,
      );
    }
    return undefined;
  }
  if (typeof refit === 'string') {
    if (!multimetric) {
      if (refit === 'score' || refit === scorerNames.score) return 'score';
      throw new ValidationError(`refit: '${refit}' is not the search's metric ('${scorerNames.score}'); use refit: true with a single metric`);
    }
    if (!metrics.includes(refit)) {
      throw new ValidationError(`refit: '${refit}' is not one of the scoring metrics (${metrics.join(', ')}); name one of them, pass a function, or false`);
    }
    return refit;
  }
  throw new ValidationError(`refit: expected true, false, a metric name or a function, got ${JSON.stringify(refit)}`);
}

/**
 * The best candidate's index: the function's answer when refit is a function (checked to be
 * an integer in range), else the first candidate ranked 1 on `metric`.
 */
export function selectBestIndex(refit: RefitOption, metric: string | undefined, cv: CvResults): number {
  const n = cv.params.length;
  if (typeof refit === 'function') {
    const i = refit(cv);
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ValidationError(`refit: the function returned ${String(i)}; it must return a candidate index, an integer in [0, ${n})`);
    }
    return i;
  }
  if (metric === undefined) throw new Error('selectBestIndex: no metric');
  const ranks = numericColumn(cv, `rank_test_${metric}`);
  let best = 0;
  for (let i = 1; i < n; i++) if (ranks[i]! < ranks[best]!) best = i;
  return best;
}
