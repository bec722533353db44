/** Raised when a fitted-only attribute (bestEstimator, predict, score) is used before fit or with refit: false. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
}
