import { rule } from '../params/rules.js';
import { ValidationError } from '../errors.js';
import type { DataSet } from '../data/dataset.js';
import { takeLabels, type Labels, type Matrix } from '../data/matrix.js';
import { scratchFloat64, scratchInt32 } from '../data/scratch.js';
import { makeRng } from '../params/rng.js';
import { BaseEstimator, defaultsOf } from './base.js';
import { decodeClasses, encodeClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkChoice, checkPredictData, checkSeed } from './validate.js';

const STRATEGIES = ['prior', 'most_frequent', 'stratified', 'uniform', 'constant'] as const;

/** DummyClassifier's hyperparameters (scikit-learn's names and defaults). */
export type DummyClassifierParams = {
  strategy: (typeof STRATEGIES)[number];
  constant: number | null;
  randomState: number | null;
};

/** Parameter metadata for DummyClassifier. */
export const DUMMY_CLASSIFIER_PARAMS: Record<keyof DummyClassifierParams & string, ParamSpec> = {
  strategy: { default: 'prior', doc: "'prior', 'most_frequent', 'stratified', 'uniform' or 'constant'", accepts: [rule.oneOf(...STRATEGIES)] },
  constant: { default: null, doc: "the label predicted by strategy 'constant' (must be a class of y)" },
  randomState: {
    default: null,
    doc: "seed of 'stratified' and 'uniform' draws (each predict call restarts it, as an int seed does in scikit-learn)",
    accepts: [rule.int(), rule.null],
  },
};

/** The defaults, built once (every fit of a search constructs an estimator; BaseEstimator copies them). */
const DEFAULTS: DummyClassifierParams = defaultsOf<DummyClassifierParams>(DUMMY_CLASSIFIER_PARAMS);

interface DummyClassifierState {
  classes: number[];
  prior: number[];
  nFeatures: number;
}

/**
 * Baseline classifier that ignores X, with scikit-learn's DummyClassifier strategies;
 * its fit is a single pass over y, so dispatch benchmarks use it as a near-no-op fit.
 */
export class DummyClassifier extends BaseEstimator<DummyClassifierParams> {
  readonly name = 'DummyClassifier';
  readonly kind = 'classifier' as const;
  private fitted: { classes: Float64Array; prior: Float64Array; nFeatures: number } | undefined;

  constructor(params: Partial<DummyClassifierParams> = {}) {
    super(DEFAULTS, params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  /** Class frequencies in `classes` order (scikit-learn's `class_prior_`). */
  get classPrior(): Float64Array | undefined {
    return this.fitted?.prior;
  }

  fit(X: Matrix, y: Labels): this {
    return this.fitLabels(y, X.rows, X.cols);
  }

  /** Fits on rows `train` of a data set without copying them out of X, which a dummy never reads (the no-op fit of overhead benchmarks). */
  fitIndexed(data: DataSet, train: Int32Array): this {
    // the rows' labels in this thread's reused memory: fitLabels only counts them (keeps nothing of y)
    const y =
      data.y instanceof Int32Array
        ? takeLabels(data.y, train, scratchInt32('dummy.y', train.length))
        : takeLabels(data.y, train, scratchFloat64('dummy.y', train.length));
    return this.fitLabels(y, train.length, data.X.cols);
  }

  private fitLabels(y: Labels, rows: number, cols: number): this {
    if (y.length === 0) throw new ValidationError('DummyClassifier.fit: y is empty; pass at least one sample');
    if (rows !== y.length) throw new ValidationError(`DummyClassifier.fit: X has ${rows} rows but y has ${y.length} values; they must match`);
    const strategy = checkChoice(this.name, 'strategy', this.params.strategy, STRATEGIES);
    checkSeed(this.name, this.params.randomState);
    const enc = encodeClasses(this.name, y);
    if (strategy === 'constant') {
      const c = this.params.constant;
      if (c === null || typeof c !== 'number') {
        throw new ValidationError("DummyClassifier: strategy 'constant' needs parameter 'constant' set to one of the classes of y");
      }
      if (!enc.classes.includes(c)) {
        throw new ValidationError(`DummyClassifier: constant ${c} is not a class of y (classes: ${Array.from(enc.classes).join(', ')})`);
      }
    }
    // a loop, not Float64Array.from(counts, fn): the mapped form iterates through a callback, slow while code is cold
    const prior = new Float64Array(enc.counts.length);
    for (let c = 0; c < prior.length; c++) prior[c] = enc.counts[c]! / y.length;
    this.fitted = { classes: enc.classes, prior, nFeatures: cols };
    return this;
  }

  private live(where: string, X: Matrix): NonNullable<DummyClassifier['fitted']> {
    checkPredictData(this.name, where, X, this.fitted?.nFeatures);
    return this.fitted!;
  }

  /** The class index every row gets under 'most_frequent', 'prior' and 'constant'; undefined for the drawing strategies. */
  private constantCode(f: NonNullable<DummyClassifier['fitted']>): number | undefined {
    switch (this.params.strategy) {
      case 'most_frequent':
      case 'prior': {
        let best = 0;
        for (let c = 1; c < f.classes.length; c++) if (f.prior[c]! > f.prior[best]!) best = c;
        return best;
      }
      case 'constant':
        return f.classes.indexOf(this.params.constant as number);
      default:
        return undefined;
    }
  }

  /** Class index per row under the strategy (draws for 'stratified' / 'uniform'). */
  private draw(n: number, f: NonNullable<DummyClassifier['fitted']>): Int32Array {
    const out = new Int32Array(n);
    const k = f.classes.length;
    const constant = this.constantCode(f);
    if (constant !== undefined) return out.fill(constant);
    switch (this.params.strategy) {
      case 'uniform': {
        const rng = makeRng(this.params.randomState ?? undefined);
        for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * k);
        return out;
      }
      case 'stratified': {
        const rng = makeRng(this.params.randomState ?? undefined);
        for (let i = 0; i < n; i++) {
          let u = rng();
          let c = 0;
          while (c < k - 1 && u >= f.prior[c]!) u -= f.prior[c++]!;
          out[i] = c;
        }
        return out;
      }
      default:
        throw new ValidationError(`DummyClassifier: unknown strategy '${String(this.params.strategy)}'`);
    }
  }

  predict(X: Matrix): Float64Array {
    const f = this.live('predict', X);
    // one class for every row: filled directly (no code array to decode)
    const constant = this.constantCode(f);
    if (constant !== undefined) return new Float64Array(X.rows).fill(f.classes[constant]!);
    return decodeClasses(f.classes, this.draw(X.rows, f));
  }

  /** scikit-learn's semantics: 'prior' gives the class prior, 'uniform' 1/k, the others one-hot rows of their predictions. */
  predictProba(X: Matrix): Matrix {
    const f = this.live('predictProba', X);
    const k = f.classes.length;
    const data = new Float64Array(X.rows * k);
    if (this.params.strategy === 'prior') {
      for (let i = 0; i < X.rows; i++) data.set(f.prior, i * k);
    } else if (this.params.strategy === 'uniform') {
      data.fill(1 / k);
    } else {
      const codes = this.draw(X.rows, f);
      for (let i = 0; i < X.rows; i++) data[i * k + codes[i]!] = 1;
    }
    return { data, rows: X.rows, cols: k };
  }

  protected override getState(): DummyClassifierState | undefined {
    const f = this.fitted;
    return f && { classes: Array.from(f.classes), prior: Array.from(f.prior), nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as Partial<DummyClassifierState> | null;
    if (!s || !Array.isArray(s.classes) || !Array.isArray(s.prior) || s.classes.length !== s.prior.length || typeof s.nFeatures !== 'number') {
      throw new ValidationError('DummyClassifier: fitted state must be {classes: number[], prior: number[] (same length), nFeatures: number}');
    }
    this.fitted = { classes: Float64Array.from(s.classes), prior: Float64Array.from(s.prior), nFeatures: s.nFeatures };
  }
}

registerEstimator('DummyClassifier', (p) => new DummyClassifier(p as Partial<DummyClassifierParams>), {
  params: DUMMY_CLASSIFIER_PARAMS,
  doc: 'baseline classifier ignoring X (prior / most_frequent / stratified / uniform / constant); a near-no-op fit',
  restore: (est, state) => (est as DummyClassifier).setState(state),
});
