/**
 * Turns `--cv <k>` and `--cv-kind stratified|kfold|group|timeseries` into what
 * the search's `cv` option takes: an integer (scikit-learn's default rule:
 * stratified for classifiers, plain k-fold for regressors) or a splitter.
 */
import type { Splitter } from '../split/splitter.js';
import { GroupKFold, KFold, StratifiedKFold, TimeSeriesSplit } from '../split/index.js';
import { UsageError } from './errors.js';

/** The splitter kinds `--cv-kind` accepts. */
export const CV_KINDS = ['stratified', 'kfold', 'group', 'timeseries'] as const;
/** One of CV_KINDS. */
export type CvKind = (typeof CV_KINDS)[number];

/** The `cv` option for the search and a label for the summary. */
export function cvFromOptions(k: number, kind: CvKind | undefined, hasGroups: boolean): { cv: number | Splitter; label: string } {
  if (kind === 'group' && !hasGroups) {
    throw new UsageError(`--cv-kind group needs --groups <column>: GroupKFold keeps each group's rows in one fold`);
  }
  if (kind !== 'group' && hasGroups && kind !== undefined) {
    throw new UsageError(`--groups is only used with --cv-kind group; drop --groups or use --cv-kind group`);
  }
  switch (kind) {
    case undefined:
      if (hasGroups) return { cv: new GroupKFold({ nSplits: k }), label: `${k}-fold GroupKFold` };
      return { cv: k, label: `${k}-fold (stratified for classifiers)` };
    case 'stratified':
      return { cv: new StratifiedKFold({ nSplits: k }), label: `${k}-fold StratifiedKFold` };
    case 'kfold':
      return { cv: new KFold({ nSplits: k }), label: `${k}-fold KFold` };
    case 'group':
      return { cv: new GroupKFold({ nSplits: k }), label: `${k}-fold GroupKFold` };
    case 'timeseries':
      return { cv: new TimeSeriesSplit({ nSplits: k }), label: `${k}-split TimeSeriesSplit` };
  }
}
