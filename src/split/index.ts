/**
 * Cross-validation splitters (scikit-learn's model_selection splitters) and `checkCv`.
 * ml-cross-validation is used in leave-p-out.ts (LeavePOut's index combinations); the other
 * splitters are hand-written because its `getFolds` is neither seedable nor stratified.
 */
export type { Fold, SplitInput, Splitter } from './splitter.js';
export { KFold, type KFoldOptions } from './kfold.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './stratified-kfold.js';
export { GroupKFold, type GroupKFoldOptions } from './group-kfold.js';
export { TimeSeriesSplit, type TimeSeriesSplitOptions } from './time-series-split.js';
export { ShuffleSplit, type ShuffleSplitOptions } from './shuffle-split.js';
export { StratifiedShuffleSplit } from './stratified-shuffle-split.js';
export { RepeatedKFold, RepeatedStratifiedKFold, type RepeatedKFoldOptions } from './repeated-kfold.js';
export { LeaveOneOut } from './leave-one-out.js';
export { LeavePOut, type LeavePOutOptions } from './leave-p-out.js';
export { PredefinedSplit } from './predefined-split.js';
export { checkCv, FoldListSplitter, type CvOption, type FoldLike } from './check-cv.js';
