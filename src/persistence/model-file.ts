/**
 * The model file: a search's refitted best estimator as JSON, with what is needed to use it
 * safely later — its parameters, the metric and score it won with, its classes, the feature
 * columns in order, the training data's fingerprint, the hyperfold version and a format
 * version. `saveModel` writes it, `loadModel` reads it back.
 *
 * Loading never runs code from the file: it is parsed as JSON and the estimator is rebuilt
 * by name through the estimator registry (`estimatorFromJSON`), as joblib / pickle would not.
 * The format version is read first, so a file from a newer hyperfold says so instead of
 * looking corrupted.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Labels, Matrix } from '../data/matrix.js';
import type { Estimator, EstimatorKind, Params, SerializedEstimator } from '../estimators/estimator.js';
import { estimatorFromJSON, hasEstimator } from '../estimators/registry.js';
import type { BaseSearchCV } from '../search/base-search.js';

/** The `format` field of every model file. */
export const MODEL_FORMAT = 'hyperfold-model';
/** The model file format this hyperfold writes and the newest it reads. */
export const MODEL_FORMAT_VERSION = 1;

/** Why a model file could not be saved or loaded (`ModelFileError.reason`). */
export type ModelFileProblem = 'not-found' | 'newer-format' | 'not-a-model' | 'corrupted' | 'unregistered' | 'not-saveable' | 'wrong-input';

/** A model file that cannot be written or read; the one-line message names the file and what to do. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  constructor(
    message: string,
    /** What went wrong, for code that reacts to it. */
    readonly reason: ModelFileProblem,
    /** The file concerned. */
    readonly file: string,
  ) {
    super(message);
  }
}

/** The metric that picked the saved candidate and its mean cross-validated test score. */
export interface ModelMetric {
  /** Metric key in cvResults ('score' with one metric, else the refit metric's name). */
  name: string;
  /** Scorer name in the scorer registry (e.g. 'accuracy'). */
  scorer: string;
  /** mean_test_<name> of the best candidate. */
  score: number;
}

/** Everything in a model file but the estimator's fitted state (what `loadModel` reports). */
export interface ModelInfo {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** hyperfold version that wrote the file. */
  hyperfoldVersion: string;
  /** ISO time of saving. */
  savedAt: string;
  /** Registry name of the estimator. */
  estimatorName: string;
  kind: EstimatorKind;
  /** The searched parameters of the best candidate (bestParams); the estimator's full parameters are in `estimator.params`. */
  bestParams: Params;
  /** Undefined when refit was a function of cvResults with several metrics. */
  metric?: ModelMetric;
  /** Cross-validation splits per candidate and candidates evaluated. */
  search: { nSplits: number; nCandidates: number; bestIndex: number };
  /** Class labels in `predictProba` column order (classifiers), as the training target held them. */
  classes?: (number | string)[];
  /** Feature column names in the order the estimator expects them. */
  features: string[];
  /** Name of the target column, for the predictions' header. */
  target: string;
  /** Content fingerprint (sha256 prefix of X and y, the search's data id) and shape of the training data. */
  trainingData: { fingerprint: string; rows: number; cols: number };
}

/** The JSON written to a model file: ModelInfo plus the estimator and a checksum of it. */
export interface ModelFileContent extends ModelInfo {
  estimator: SerializedEstimator;
  /** sha256 (hex) of the estimator's JSON text: a changed byte reads as corrupted, not as a different model. */
  checksum: string;
}

/** Options of `saveModel`. */
export interface SaveModelOptions {
  /** Feature column names in X's column order (default x0, x1, …). */
  featureNames?: readonly string[];
  /** Target column name (default 'prediction'). */
  target?: string;
}

let versionCache: string | undefined;
/** The installed hyperfold's version (from its package.json). */
export function hyperfoldVersion(): string {
  versionCache ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return versionCache;
}

const checksumOf = (estimatorJson: string): string => createHash('sha256').update(estimatorJson).digest('hex');
const SAVE_HINT = (file: string): string => `save it again with 'hyperfold search … --save-model ${file}' or saveModel(search, '${file}')`;

/**
 * The model-file content for a fitted search's best estimator (what `saveModel` writes).
 * Throws a ModelFileError when the search was not refitted or its estimator cannot be
 * restored from JSON (checked by rebuilding it, so a saved file always loads).
 */
export function modelFileContent(search: BaseSearchCV, options: SaveModelOptions = {}, file = '(model)'): ModelFileContent {
  const fail = (msg: string): never => {
    throw new ModelFileError(`${file}: ${msg}`, 'not-saveable', file);
  };
  if (!search.cvResults || !search.trainingData || search.bestIndex === undefined) fail('the search is not fitted; call fit(X, y) before saving its model');
  if (search.bestParams === undefined) fail('the search has no best candidate (several metrics with refit: false); refit a metric to save a model');
  // a search fitted on text labels refits its best estimator on class indices; the file keeps the names (`classes`)
  if (search.classes?.some((c) => typeof c === 'boolean'))
    fail('the search was fitted on boolean labels; model files hold numbers or text: encode the classes as numbers or strings to save a model');
  const names = search.classes?.some((c) => typeof c === 'string') ? search.classes.map(String) : undefined;
  let best: Estimator;
  try {
    best = search.bestEstimator;
  } catch {
    return fail('the search ran with refit: false, so there is no refitted best estimator to save; run it with refit on');
  }
  const data = search.trainingData!;
  const features = options.featureNames ? [...options.featureNames] : Array.from({ length: data.cols }, (_, i) => `x${i}`);
  if (features.length !== data.cols) fail(`featureNames has ${features.length} names but the training data has ${data.cols} columns`);
  const dup = features.find((f, i) => features.indexOf(f) !== i);
  if (dup !== undefined) fail(`feature name '${dup}' appears twice; columns are matched by name, so names must be unique`);
  const estimator = best.toJSON();
  const text = JSON.stringify(estimator);
  try {
    const probe = estimatorFromJSON(JSON.parse(text) as SerializedEstimator);
    (probe as Estimator).dispose?.();
  } catch (err) {
    fail(
      `the best estimator ${best.name} cannot be rebuilt from its JSON (${err instanceof Error ? err.message : String(err)}); a model file needs an estimator registered with a restore function`,
    );
  }
  const metricName = search.refitMetric;
  const scorer = metricName !== undefined ? search.scorerNames?.[metricName] : undefined;
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    hyperfoldVersion: hyperfoldVersion(),
    savedAt: new Date().toISOString(),
    estimatorName: best.name,
    kind: best.kind,
    bestParams: { ...search.bestParams! },
    ...(metricName !== undefined && scorer !== undefined && search.bestScore !== undefined
      ? { metric: { name: metricName, scorer, score: search.bestScore } }
      : {}),
    search: { nSplits: search.nSplits ?? 0, nCandidates: search.cvResults!.params.length, bestIndex: search.bestIndex! },
    ...(names ? { classes: names } : best.classes ? { classes: Array.from(best.classes) } : {}),
    features,
    target: options.target ?? 'prediction',
    trainingData: { ...data },
    checksum: checksumOf(text),
    estimator,
  };
}

/**
 * Saves a fitted search's refitted best estimator, with its metadata, as a JSON model file
 * (written to a temporary file, then renamed: a crash never leaves half a model). Returns
 * what was written. Use `loadModel` (or `hyperfold predict --model`) to predict with it.
 */
export function saveModel(search: BaseSearchCV, path: string, options: SaveModelOptions = {}): ModelFileContent {
  const content = modelFileContent(search, options, path);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(content) + '\n');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ModelFileError(
      `${path}: cannot write the model file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check that the folder exists and is writable`,
      'not-saveable',
      path,
    );
  }
  return content;
}

/** A model read back from a model file: the fitted estimator, its metadata, and column-checked predict helpers. */
export class LoadedModel {
  constructor(
    /** The fitted estimator, rebuilt through the registry. */
    readonly estimator: Estimator,
    /** Everything the file says about the model. */
    readonly info: ModelInfo,
    /** The file it came from (for messages). */
    readonly file: string,
  ) {}

  private check(X: Matrix, what: string): void {
    const n = this.info.features.length;
    if (X.cols !== n) {
      throw new ModelFileError(
        `${this.file}: ${what} got ${X.cols} columns but the model was trained on ${n} (${this.info.features.join(', ')}); pass the columns in that order`,
        'wrong-input',
        this.file,
      );
    }
  }

  /**
   * One prediction per row of X (columns in `info.features` order), as the estimator gives it:
   * for a model trained on text labels, indices into `info.classes` (predictLabels gives the names).
   */
  predict(X: Matrix): Labels {
    this.check(X, 'predict');
    return this.estimator.predict(X);
  }

  /** One prediction per row in the training target's own labels: class names for a model trained on text labels. */
  predictLabels(X: Matrix): Labels | string[] {
    const y = this.predict(X);
    const names = this.info.classes;
    if (!names || names.every((c) => typeof c === 'number')) return y;
    return Array.from(y, (k) => String(names[k]));
  }

  /** Class probabilities, one column per entry of `info.classes`. */
  predictProba(X: Matrix): Matrix {
    this.check(X, 'predictProba');
    this.assertProba();
    return this.estimator.predictProba!(X);
  }

  /** Throws a ModelFileError when the saved estimator cannot give class probabilities. */
  assertProba(): void {
    if (typeof this.estimator.predictProba !== 'function' || !this.info.classes) {
      throw new ModelFileError(
        `${this.file}: the saved ${this.info.estimatorName} has no predictProba (class probabilities); predict labels instead`,
        'wrong-input',
        this.file,
      );
    }
  }

  /**
   * Maps a table's header to the model's features: for each model feature, the column
   * index holding it (a missing one is a ModelFileError naming it), plus the columns the
   * model does not use.
   */
  columnsFor(header: readonly string[], source: string): { indices: number[]; unused: string[] } {
    const at = new Map<string, number>();
    header.forEach((h, i) => {
      if (!at.has(h)) at.set(h, i);
    });
    const missing = this.info.features.filter((f) => !at.has(f));
    if (missing.length > 0) {
      const list =
        missing
          .slice(0, 5)
          .map((m) => `'${m}'`)
          .join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
      throw new ModelFileError(
        `${source}: missing feature column${missing.length > 1 ? 's' : ''} ${list} that the model ${this.file} was trained on; add ${missing.length > 1 ? 'them' : 'it'} (columns are matched by name, in any order)`,
        'wrong-input',
        this.file,
      );
    }
    const used = new Set(this.info.features);
    return { indices: this.info.features.map((f) => at.get(f)!), unused: header.filter((h) => !used.has(h)) };
  }
}

function newerFormatError(file: string, version: number, writer: string | undefined): ModelFileError {
  return new ModelFileError(
    `${file}: model file format version ${version}${writer ? ` (written by hyperfold ${writer})` : ''} is newer than this hyperfold ${hyperfoldVersion()} reads (up to ${MODEL_FORMAT_VERSION}); upgrade hyperfold (npm install hyperfold@latest) to load it`,
    'newer-format',
    file,
  );
}

function corrupted(file: string, detail: string): ModelFileError {
  return new ModelFileError(`${file}: corrupted model file (${detail}); ${SAVE_HINT(file)}`, 'corrupted', file);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Checks every field of a parsed model file; returns the first problem or undefined. */
function problemWith(c: Record<string, unknown>): string | undefined {
  const est = c.estimator;
  if (!isRecord(est) || typeof est.name !== 'string' || !isRecord(est.params)) return "no 'estimator' with a name and params";
  if (!('state' in est)) return 'the estimator has no fitted state';
  if (typeof c.estimatorName !== 'string' || c.estimatorName !== est.name) return "'estimatorName' does not match the estimator";
  if (c.kind !== 'classifier' && c.kind !== 'regressor') return `'kind' is ${JSON.stringify(c.kind)}, not classifier or regressor`;
  if (!isStringArray(c.features) || c.features.length === 0) return "'features' is not a list of column names";
  if (typeof c.target !== 'string') return "'target' is not a column name";
  if (!isRecord(c.bestParams)) return "'bestParams' is not an object";
  const td = c.trainingData;
  if (!isRecord(td) || typeof td.fingerprint !== 'string' || td.cols !== c.features.length) return "'trainingData' does not match the features";
  if (c.classes !== undefined && !(Array.isArray(c.classes) && c.classes.every((x) => typeof x === 'number' || typeof x === 'string')))
    return "'classes' is not a list of labels";
  if (typeof c.checksum !== 'string') return "no 'checksum'";
  if (checksumOf(JSON.stringify(est)) !== c.checksum) return 'the estimator does not match its checksum: the file was changed or damaged after saving';
  return undefined;
}

/**
 * Reads a model file written by `saveModel` / `hyperfold search --save-model`: the format
 * version first, then every field and the checksum, then the estimator by name through the
 * registry (register custom estimators before loading). Never runs code from the file.
 * Throws a ModelFileError whose one-line message names the file and what to do.
 */
export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelFileError(
      code === 'ENOENT'
        ? `${path}: no such model file; create one with 'hyperfold search … --save-model ${path}'`
        : `${path}: cannot read the model file (${code ?? (err as Error).message})`,
      'not-found',
      path,
    );
  }
  // the version first, even from a file this version cannot parse (formatVersion is written near the top)
  const head = text.slice(0, 400);
  const v = /"formatVersion"\s*:\s*(\d+)/.exec(head);
  if (v && Number(v[1]) > MODEL_FORMAT_VERSION) throw newerFormatError(path, Number(v[1]), /"hyperfoldVersion"\s*:\s*"([^"]{1,40})"/.exec(head)?.[1]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    if (!text.trimStart().startsWith('{') || !/"format"\s*:\s*"hyperfold-model"/.test(head)) {
      throw new ModelFileError(
        `${path}: not a hyperfold model file (not JSON from saveModel); pass a file written by 'hyperfold search … --save-model'`,
        'not-a-model',
        path,
      );
    }
    throw corrupted(path, `invalid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(parsed) || parsed.format !== MODEL_FORMAT) {
    throw new ModelFileError(
      `${path}: not a hyperfold model file (no "format": "${MODEL_FORMAT}"); pass a file written by 'hyperfold search … --save-model'`,
      'not-a-model',
      path,
    );
  }
  const version = parsed.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw corrupted(path, `formatVersion is ${JSON.stringify(version)}`);
  if (version > MODEL_FORMAT_VERSION) throw newerFormatError(path, version, typeof parsed.hyperfoldVersion === 'string' ? parsed.hyperfoldVersion : undefined);
  const problem = problemWith(parsed);
  if (problem) throw corrupted(path, problem);
  const content = parsed as unknown as ModelFileContent;
  const name = content.estimator.name;
  if (!hasEstimator(name)) {
    throw new ModelFileError(
      `${path}: the model's estimator '${name}' is not registered in this process; load the module that calls registerEstimator('${name}', …) first (hyperfold predict --modules <file>)`,
      'unregistered',
      path,
    );
  }
  let estimator: Estimator;
  try {
    estimator = estimatorFromJSON(content.estimator) as Estimator;
  } catch (err) {
    throw corrupted(path, `the ${name} state cannot be restored: ${err instanceof Error ? err.message.replace(/\s*\n\s*/g, ' ') : String(err)}`);
  }
  const { estimator: _state, checksum: _sum, ...info } = content;
  return new LoadedModel(estimator, info, path);
}
