export { BaseSearchCV, type EvaluateCandidates } from './base-search.js';
export { GridSearchCV } from './grid-search.js';
export { RandomizedSearchCV, type RandomizedSearchOptions } from './randomized-search.js';
export { NotFittedError } from './not-fitted.js';
export { assembleCvResults, numericColumn, rankScores, rowMeans, rowStds, paramColumns, type AssembleInput } from './results.js';
export { resolveScoring, registerCustomScorer, checkScorers, type ResolvedScoring } from './scoring.js';
export { checkXy, asMatrix, asLabels } from './validate-data.js';
export type { CvResults, ScoringOption, RefitOption, ProgressInfo, BestSoFar, ResumedInfo, SearchOptions, SearchFitOptions } from './types.js';
export type { XInput, YInput } from './validate-data.js';
