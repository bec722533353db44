// Core: the Estimator interface, the base class and the registry.
export * from './estimator.js';
export * from './base.js';
export * from './registry.js';
export { encodeClasses, codesFor, decodeClasses, type EncodedClasses } from './class-labels.js';
export { checkNumber, checkChoice, checkBoolean, checkSeed, checkFitData, checkFinite, checkPredictData, type NumberRule } from './validate.js';
// Adapters: importing each registers it by name (so workers rebuild them from { name, params }).
export * from './svc.js';
export * from './smo-classifier.js';
export * from './dummy-classifier.js';
export * from './dummy-regressor.js';
export * from './k-neighbors-classifier.js';
export * from './logistic-regression.js';
export * from './gaussian-nb.js';
export * from './standard-scaler.js';
export * from './pipeline.js';
export type { MLRandomForestParams } from './ml-random-forest-options.js';
export * from './ml-random-forest-classifier.js';
export * from './ml-random-forest-regressor.js';
export * from './forest/index.js';
