import type { DataSet } from '../../data/dataset.js';
import type { Labels, Matrix } from '../../data/matrix.js';
import { ValidationError } from '../../errors.js';
import { BaseEstimator } from '../base.js';
import type { EstimatorKind, FitPart, Params, SerializedEstimator } from '../estimator.js';
import { binMatrix, binnedDataSet, type BinnedMatrix } from './binning.js';
import { decodeForest, encodeForest } from './codec.js';
import type { TreeModel } from './tree-model.js';
import { fitForest, forestAverage, forestImportances, type FittedForest, type ForestPlan } from './forest-engine.js';
import { countOrFraction, intOrNone, numberIn, resolveCriterion, resolveMaxFeatures, resolveSeed, type TreeParams } from './params.js';

/** How a concrete estimator maps onto the forest engine. */
export interface ForestShape {
  nEstimators: number;
  bootstrap: boolean;
  maxSamples: Params[string];
  randomSplits: boolean;
}

/**
 * Shared implementation of the six tree / forest estimators: parameter resolution,
 * `fit` (bins computed from X), `fitIndexed` (the data set's shared binned payload),
 * prediction, importances and compact JSON.
 */
export abstract class ForestEstimator<P extends TreeParams> extends BaseEstimator<P> {
  abstract override readonly kind: EstimatorKind;
  protected model: FittedForest | null = null;

  /** Per-class weighting parameter (null for regressors). */
  protected abstract classWeightParam(): Params[string];
  /** Number of trees, bootstrap and splitter of this estimator. */
  protected abstract shape(): ForestShape;

  private get isClassifier(): boolean {
    return this.kind === 'classifier';
  }

  /** Sorted class labels seen in fit (classifiers). */
  get classes(): Float64Array | undefined {
    return this.model?.classes ?? undefined;
  }

  /** The fitted trees' count (0 before fit). */
  get nTrees(): number {
    return this.model?.trees.length ?? 0;
  }

  /** The fitted trees as flat arrays (scikit-learn's `estimators_[i].tree_`); treat as read-only. */
  get trees(): readonly TreeModel[] {
    return this.fitted().trees;
  }

  /** Impurity-based feature importances (sum 1), scikit-learn's `feature_importances_`. */
  get featureImportances(): Float64Array {
    return forestImportances(this.fitted());
  }

  protected fitted(): FittedForest {
    if (!this.model) throw new ValidationError(`${this.name}: not fitted yet; call fit(X, y) first`);
    return this.model;
  }

  private maxBins(): number {
    const v = this.params.maxBins;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 2 || v > 255) {
      throw new ValidationError(`${this.name}: parameter 'maxBins' must be an integer in [2, 255], got ${JSON.stringify(v)}`);
    }
    return v;
  }

  private plan(nTrain: number, nFeatures: number): ForestPlan {
    const p = this.params;
    const who = this.name;
    const s = this.shape();
    if (!Number.isInteger(s.nEstimators) || s.nEstimators < 1) {
      throw new ValidationError(`${who}: parameter 'nEstimators' must be an int ≥ 1, got ${JSON.stringify(s.nEstimators)}`);
    }
    return {
      who,
      classifier: this.isClassifier,
      nEstimators: s.nEstimators,
      bootstrap: s.bootstrap,
      maxSamples: s.maxSamples,
      classWeight: this.classWeightParam(),
      seed: resolveSeed(who, p.randomState),
      minWeightFractionLeaf: numberIn(who, 'minWeightFractionLeaf', p.minWeightFractionLeaf, 0, 0.5),
      grow: {
        criterion: resolveCriterion(who, p.criterion, this.isClassifier),
        maxDepth: intOrNone(who, 'maxDepth', p.maxDepth, 1),
        minSamplesSplit: countOrFraction(who, 'minSamplesSplit', p.minSamplesSplit, 2, nTrain),
        minSamplesLeaf: countOrFraction(who, 'minSamplesLeaf', p.minSamplesLeaf, 1, nTrain),
        minWeightLeaf: 0,
        maxFeatures: resolveMaxFeatures(who, p.maxFeatures, nFeatures),
        maxLeafNodes: intOrNone(who, 'maxLeafNodes', p.maxLeafNodes, 2),
        minImpurityDecrease: numberIn(who, 'minImpurityDecrease', p.minImpurityDecrease, 0, Infinity),
        randomSplits: s.randomSplits,
      },
      trees: { from: 0, to: s.nEstimators },
    };
  }

  private fitBinned(bins: BinnedMatrix, y: Labels, train: Int32Array, part?: FitPart): this {
    this.model = null;
    const plan = this.plan(train.length, bins.cols);
    if (part) plan.trees = this.treeRange(plan.nEstimators, part);
    this.model = fitForest(bins, y, train, plan);
    return this;
  }

  /** Trees of part `index` of `count`: the forest's trees cut into `count` ranges of (nearly) equal size. */
  private treeRange(nTrees: number, { index, count }: FitPart): { from: number; to: number } {
    if (!Number.isInteger(count) || count < 1 || count > nTrees || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new ValidationError(`${this.name}: part ${index} of ${count} does not name a range of its ${nTrees} trees; use 0 ≤ index < count ≤ nEstimators`);
    }
    return { from: Math.floor((index * nTrees) / count), to: Math.floor(((index + 1) * nTrees) / count) };
  }

  /** Its trees: a fit splits into up to nEstimators parts, each a range of trees (see `fitIndexed`, `joinParts`). */
  fitParts(): number {
    const n = this.shape().nEstimators;
    return Number.isInteger(n) && n >= 1 ? n : 1;
  }

  /** The forest whose tree ranges are `parts` (each part's `toJSON()`, in part order): their trees, concatenated. */
  joinParts(parts: readonly SerializedEstimator[]): this {
    if (parts.length === 0) throw new ValidationError(`${this.name}: joinParts needs at least one fitted part`);
    const forests = parts.map((p, k) => {
      if (p.name !== this.name || p.state === undefined) throw new ValidationError(`${this.name}: part ${k} is not a fitted ${this.name} (got ${p.name})`);
      return decodeForest(p.state);
    });
    const first = forests[0]!;
    for (const [k, f] of forests.entries()) {
      const sameClasses = f.classes === null ? first.classes === null : first.classes !== null && f.classes.join() === first.classes.join();
      if (f.nFeatures !== first.nFeatures || !sameClasses) {
        throw new ValidationError(`${this.name}: part ${k} was fitted on other data than part 0 (features or classes differ); fit every part on the same rows`);
      }
    }
    this.model = { nFeatures: first.nFeatures, classes: first.classes, trees: forests.flatMap((f) => f.trees) };
    return this;
  }

  /** Fits on X (bins computed from X itself). */
  fit(X: Matrix, y: Labels): this {
    if (y.length !== X.rows) throw new ValidationError(`${this.name}: X has ${X.rows} rows but y has ${y.length} values`);
    const train = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) train[i] = i;
    return this.fitBinned(binMatrix(X, this.maxBins()), y, train);
  }

  /** Computes the data set's binned payload once (`data.derived`), for every fit of a search to share. */
  prepareData(data: DataSet): void {
    binnedDataSet(data, this.maxBins());
  }

  /** Fits on rows `train` of a shared data set through its binned payload (computed lazily); with `part`, only that range of trees. */
  fitIndexed(data: DataSet, train: Int32Array, part?: FitPart): this {
    return this.fitBinned(binnedDataSet(data, this.maxBins()), data.y, train, part);
  }

  /** Class probabilities, one column per class in `classes` order (exposed as `predictProba` by classifiers). */
  protected probabilities(X: Matrix): Matrix {
    const m = this.fitted();
    if (!m.classes) throw new ValidationError(`${this.name}: predictProba is for classifiers`);
    return { data: forestAverage(m, X, this.name), rows: X.rows, cols: m.classes.length };
  }

  /** Predicted class (highest mean probability, first on ties) or mean regression value. */
  predict(X: Matrix): Labels {
    const m = this.fitted();
    const avg = forestAverage(m, X, this.name);
    if (!m.classes) return avg;
    const k = m.classes.length;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (avg[i * k + c]! > avg[i * k + best]!) best = c;
      out[i] = m.classes[best]!;
    }
    return out;
  }

  protected override getState(): unknown {
    return this.model ? encodeForest(this.model) : undefined;
  }

  override setState(state: unknown): void {
    const m = decodeForest(state);
    if ((m.classes !== null) !== this.isClassifier) {
      throw new ValidationError(`${this.name}: the saved state is from a ${m.classes ? 'classifier' : 'regressor'}`);
    }
    this.model = m;
  }
}
