/**
 * hyperfold — hyperparameter search for Node.js (GridSearchCV / RandomizedSearchCV
 * with scikit-learn-grade results) on a worker-thread pool or a BullMQ cluster.
 */
export * from './errors.js';
export * from './data/index.js';
export * from './estimators/index.js';
export * from './params/index.js';
export * from './split/index.js';
export * from './metrics/index.js';
export * from './jobs/index.js';
export * from './search/index.js';
export * from './executors/index.js';

// Model files and verbose search output (save-model / predict / --verbose, issue 17)
export {
  saveModel,
  loadModel,
  modelFileContent,
  LoadedModel,
  ModelFileError,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFileContent,
  type ModelInfo,
  type ModelMetric,
  type ModelFileProblem,
  type SaveModelOptions,
} from './persistence/model-file.js';
export { predictCsv, type PredictCsvOptions } from './persistence/predict-csv.js';
export { fitLine, formatParams, planLine, pyFixed, pyFloatRepr, pyStr, shortFormatTime, type BatchInfo, type FitLineInput, type VerboseOption, type VerboseStream } from './search/verbose.js';

// Live dashboard and static report (docs/dashboard.md)
export { Dashboard, type DashboardOptions, type FitDashboardOption } from './dashboard/dashboard.js';
export { writeJournalReport, type JournalReportOptions } from './dashboard/journal-report.js';

// Types that carry intent, string class labels, model-selection helpers (issue 14, types).
export type { BuiltinScoringName, ScorerNames, ScoringName } from './metrics/scorer.js';
export type { EstimatorTypes } from './estimators/estimator-types.js';
export type { EstimatorFor, EstimatorOfKind } from './estimators/registry.js';
export type { ClassLabel, TargetInput } from './estimators/class-labels.js';
export type {
  AnyOptionTypes, CandidateOf, CvTable, DoneInfo, Fitted, FittedAttributes, GridFor, MetricNames, MetricsOf, NumericColumn,
  OptionTypes, ParamsOf, PredictionsOf, ScorerRef, SearchCvResults, SearchEvents, SearchOptionsFor, SpaceFor, TrainOf,
} from './search/types.js';
export {
  crossValidate, crossValScore, type CrossValidateOptions, type CrossValidateResult, type CrossValScoreOptions,
} from './model-selection/cross-validate.js';
export { trainTestSplit, type TrainTestSplitOptions, type TrainTestSplit, type SplitX, type SplitY } from './model-selection/train-test-split.js';
export { linspace, logspace, type SpaceOptions, type LogspaceOptions } from './params/spaces.js';
