/**
 * hyperfold — hyperparameter search for Node.js (GridSearchCV / RandomizedSearchCV
 * with scikit-learn-grade results) on a worker-thread pool or a BullMQ cluster.
 *
 * The public API: every name exported here is part of the semver contract
 * (CHANGELOG.md). Internals stay in their modules. The cluster executor and
 * worker live behind `hyperfold/cluster` (src/cluster.ts), so importing this
 * entry loads neither bullmq nor ioredis. Importing it registers the built-in
 * estimators and scorers by name.
 */

// Errors
export { ValidationError, FitError, ExecutorError, SearchAbortedError } from './errors.js';
export { NotFittedError } from './search/index.js';

// Searches
export { GridSearchCV, RandomizedSearchCV, BaseSearchCV } from './search/index.js';
export type {
  EvaluateCandidates,
  RandomizedSearchOptions,
  SearchOptions,
  SearchFitOptions,
  CvResults,
  ScoringOption,
  RefitOption,
  ProgressInfo,
  BestSoFar,
  ResumedInfo,
  XInput,
  YInput,
} from './search/index.js';

// Estimators: the built-in adapters, the base class and the registry (for your own)
export {
  SVC,
  SMOClassifier,
  DummyClassifier,
  DummyRegressor,
  KNeighborsClassifier,
  LogisticRegression,
  GaussianNB,
  StandardScaler,
  Pipeline,
  MLRandomForestClassifier,
  MLRandomForestRegressor,
  DecisionTreeClassifier,
  DecisionTreeRegressor,
  RandomForestClassifier,
  RandomForestRegressor,
  ExtraTreesClassifier,
  ExtraTreesRegressor,
  BaseEstimator,
  registerEstimator,
  createEstimator,
  estimatorFromJSON,
  hasEstimator,
  listEstimators,
  describeEstimator,
  costHint,
} from './estimators/index.js';
// Declaring your own estimator's parameters: defaults from its spec table, and the rules a value must meet (issue 13)
export { defaultsOf } from './estimators/base.js';
export { rule, type ParamRule, type NumericRule, type ChoiceRule, type SimpleRule } from './params/rules.js';
export type {
  Estimator,
  Transformer,
  EstimatorKind,
  Params,
  ParamValue,
  ParamSpec,
  SerializedEstimator,
  EstimatorFactory,
  RegisterOptions,
  CostHint,
  SVCParams,
  SMOClassifierParams,
  DummyClassifierParams,
  DummyRegressorParams,
  KNeighborsClassifierParams,
  LogisticRegressionParams,
  GaussianNBParams,
  StandardScalerParams,
  PipelineParams,
  PipelineStep,
  PipelineStepSpec,
  MLRandomForestParams,
  DecisionTreeClassifierParams,
  DecisionTreeRegressorParams,
  RandomForestClassifierParams,
  ExtraTreesClassifierParams,
  ForestParams,
  TreeParams,
  TreeModel,
} from './estimators/index.js';

// Cross-validation splitters
export {
  KFold,
  StratifiedKFold,
  GroupKFold,
  TimeSeriesSplit,
  ShuffleSplit,
  StratifiedShuffleSplit,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  LeaveOneOut,
  LeavePOut,
  PredefinedSplit,
  checkCv,
} from './split/index.js';
export type {
  Fold,
  SplitInput,
  Splitter,
  CvOption,
  FoldLike,
  KFoldOptions,
  StratifiedKFoldOptions,
  GroupKFoldOptions,
  TimeSeriesSplitOptions,
  ShuffleSplitOptions,
  RepeatedKFoldOptions,
  LeavePOutOptions,
} from './split/index.js';

// Parameter spaces
export { ParameterGrid, ParameterSampler, uniform, loguniform, randint, parseSpace, spaceToJSON } from './params/index.js';
export type {
  GridSpace,
  SampleSpace,
  ParameterSamplerOptions,
  Distribution,
  DistributionKind,
  DistributionJSON,
  ParseSpaceOptions,
} from './params/index.js';

// Metrics and scorers
export {
  accuracyScore,
  balancedAccuracyScore,
  confusionMatrix,
  matthewsCorrcoef,
  precisionRecallFscoreSupport,
  fbetaScore,
  f1Score,
  precisionScore,
  recallScore,
  rocAucScore,
  averagePrecisionScore,
  logLoss,
  r2Score,
  explainedVarianceScore,
  meanSquaredError,
  meanAbsoluteError,
  medianAbsoluteError,
  auc,
  rocCurve,
  precisionRecallCurve,
  makeScorer,
  registerScorer,
  getScorer,
  hasScorer,
  listScorers,
} from './metrics/index.js';
export type {
  Scorer,
  ScorerFn,
  ScorerNeeds,
  MakeScorerOptions,
  PredictMetric,
  ScoreMetric,
  AccuracyOptions,
  BalancedAccuracyOptions,
  ConfusionMatrixOptions,
  Average,
  ZeroDivision,
  PrfOptions,
  PrfsOptions,
  PrfResult,
  RocAucOptions,
  AveragePrecisionOptions,
  LogLossOptions,
  R2Options,
  MseOptions,
  RocCurveOptions,
  PrecisionRecallCurveOptions,
} from './metrics/index.js';

// Data: loaders, the bundled data sets and matrix helpers
export {
  loadCsv,
  loadDigits,
  loadAirline,
  AIRLINE_FEATURES,
  matrix,
  toMatrix,
  toArrays,
  toLabels,
  takeRows,
  takeLabels,
} from './data/index.js';
export type { Matrix, Labels, DataSet, LoadCsvOptions, CsvData, BundledData, LoadAirlineOptions } from './data/index.js';

// Executors (the cluster executor and worker: `hyperfold/cluster`)
export { InlineExecutor, PiscinaExecutor } from './executors/index.js';
export type { Executor, ExecutorActivity, RunOptions, PiscinaExecutorOptions, DispatchOrder, RunStats } from './executors/index.js';
export type { ResolvedPoolOptions } from './executors/piscina/options.js';
// The unit of work every executor runs (for your own Executor)
export { fitAndScore } from './jobs/index.js';
export type { FitJob, FitResult, FitSuccess, FitFailure } from './jobs/index.js';

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
export {
  fitLine,
  formatParams,
  planLine,
  pyFixed,
  pyFloatRepr,
  pyStr,
  shortFormatTime,
  type BatchInfo,
  type FitLineInput,
  type VerboseOption,
  type VerboseStream,
} from './search/verbose.js';

// Live dashboard and static report (docs/dashboard.md)
export { Dashboard, type DashboardOptions, type FitDashboardOption } from './dashboard/dashboard.js';
export { writeJournalReport, type JournalReportOptions } from './dashboard/journal-report.js';

// Types that carry intent, string class labels, model-selection helpers (issue 14, types).
export type { BuiltinScoringName, ScorerNames, ScoringName } from './metrics/scorer.js';
export type { EstimatorTypes } from './estimators/estimator-types.js';
export type { EstimatorFor, EstimatorOfKind } from './estimators/registry.js';
export type { ClassLabel, TargetInput } from './estimators/class-labels.js';
export type {
  AnyOptionTypes,
  CandidateOf,
  CvTable,
  DoneInfo,
  Fitted,
  FittedAttributes,
  GridFor,
  MetricNames,
  MetricsOf,
  NumericColumn,
  OptionTypes,
  ParamsOf,
  PredictionsOf,
  ScorerRef,
  SearchCvResults,
  SearchEvents,
  SearchOptionsFor,
  SpaceFor,
  TrainOf,
} from './search/types.js';
export {
  crossValidate,
  crossValScore,
  type CrossValidateOptions,
  type CrossValidateResult,
  type CrossValScoreOptions,
} from './model-selection/cross-validate.js';
export { trainTestSplit, type TrainTestSplitOptions, type TrainTestSplit, type SplitX, type SplitY } from './model-selection/train-test-split.js';
export { linspace, logspace, type SpaceOptions, type LogspaceOptions } from './params/spaces.js';
// Successive halving (issue 16): HalvingGridSearchCV / HalvingRandomSearchCV and their schedule
export {
  BaseSuccessiveHalving,
  HalvingGridSearchCV,
  HalvingRandomSearchCV,
  lastIterationBest,
  type HalvingSearchOptions,
  type HalvingRandomSearchOptions,
  type HalvingIterationInfo,
} from './search/halving-search.js';
export {
  halvingSchedule,
  topK as halvingTopK,
  type HalvingSchedule,
  type HalvingScheduleInput,
  type MinResourcesOption,
  type MaxResourcesOption,
} from './search/halving-schedule.js';
