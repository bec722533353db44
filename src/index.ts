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
