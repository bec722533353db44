/**
 * scikit-learn 1.2's `verbose` output for a search, written to a stream as fits finish:
 * level ≥ 1 the plan of each batch ("Fitting 3 folds for each of 50 candidates, totalling
 * 150 fits", `BaseSearchCV.fit`); ≥ 2 one `[CV] END …` line per finished fit with its time;
 * ≥ 3 the split and its scores (`[CV 2/3] END C=10, gamma=0.001;, score=0.976 total time=
 * 0.1s`); ≥ 10 the candidate too (`[CV 2/3; 5/50]`), as `_fit_and_score` prints them.
 * Lines come in completion order. scikit-learn's level-10 START lines are not printed:
 * fits start inside executor threads or hosts, and the search only sees them finish.
 * Hand-written: the format is scikit-learn's (Python's float `repr` and `.3f` rounding),
 * which no JS formatting library reproduces.
 */
import type { EventEmitter } from 'node:events';
import type { ParamValue, Params } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import type { FitResult } from '../jobs/types.js';

/** Where verbose lines go: anything with `write(string)` (process.stderr, a file stream, a collector). */
export interface VerboseStream {
  write(chunk: string): unknown;
}

/**
 * The `verbose` search option: a level (0 silent, as scikit-learn's `verbose=`), or a level
 * with the stream to write to (default process.stderr).
 */
export type VerboseOption = number | { level: number; stream?: VerboseStream };

/** Payload of a search's 'batch' event: a batch of candidates about to be cross-validated. */
export interface BatchInfo {
  /** The batch's candidates (only the searched parameters, as scikit-learn prints them). */
  candidates: readonly Params[];
  /** Index of the batch's first candidate in cvResults. */
  offset: number;
  nSplits: number;
}

/** What a search tells the verbose printer besides its events. */
export interface VerboseContext {
  /** Several metrics: each printed as `metric: (test=…)`, sorted by name. */
  multimetric: boolean;
  /** The score printed for a failed fit (scikit-learn prints error_score). */
  errorScore: number;
  returnTrainScore: boolean;
  /** Metric keys ('score' for one metric): a failed fit prints errorScore for each. */
  metrics: readonly string[];
}

/**
 * Python's `format(x, '.Nf')`: `toFixed`, except that exact ties round half to even
 * (JS rounds them away from zero: 0.0625 → '0.063', Python '0.062'), and nan / inf.
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  // toFixed works on the double's exact value: a tie shows as ...5000… (a double's expansion cannot
  // come within 40 digits of a tie without being one)
  const exact = a.toFixed(Math.min(100, digits + 40));
  const cut = exact.indexOf('.') + 1 + digits;
  if (exact[cut] === '5' && /^0*$/.test(exact.slice(cut + 1))) {
    const down = exact.slice(0, cut).replace(/\.$/, '');
    const last = Number(down[down.length - 1]);
    return sign + (last % 2 === 0 ? down : a.toFixed(digits));
  }
  return sign + a.toFixed(digits);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 or from 1e16 ('1e-05', '0.001', '10.0'). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const e = Number(expText);
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${int}.${frac === '' ? '0' : frac}`;
}

function pyRepr(v: ParamValue): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : pyStr(v);
}

/**
 * Python's `str()` of a parameter value as scikit-learn prints it: integers as integers
 * (JSON cannot tell 10 from 10.0, so an integral number prints as the int), other numbers
 * as Python float repr, null → None, booleans → True / False, lists and records as Python's.
 */
export function pyStr(v: ParamValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloatRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `'${k}': ${pyRepr(x)}`)
    .join(', ')}}`;
}

/** `C=10, gamma=0.001`: parameters sorted by name, as `_fit_and_score`. */
export function formatParams(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${pyStr(params[k]!)}`)
    .join(', ');
}

/** joblib's `short_format_time`: `'   0.1s'` (' %5.1fs') up to a minute, `' 1.5min'` ('%4.1fmin') beyond. */
export function shortFormatTime(seconds: number): string {
  return seconds > 60 ? `${pyFixed(seconds / 60, 1).padStart(4)}min` : ` ${pyFixed(seconds, 1).padStart(5)}s`;
}

/** The level-1 line printed before each batch. */
export function planLine(nSplits: number, nCandidates: number): string {
  return `Fitting ${nSplits} folds for each of ${nCandidates} candidates, totalling ${nSplits * nCandidates} fits`;
}

/** One finished fit, as the END line needs it. */
export interface FitLineInput {
  params: Params;
  splitIndex: number;
  nSplits: number;
  /** Index within its batch, and the batch size (printed from level 10). */
  candidateIndex: number;
  nCandidates: number;
  testScores: Record<string, number>;
  trainScores?: Record<string, number>;
  /** Fit plus score time, seconds. */
  totalTime: number;
}

/** The `[CV …] END …` line of a finished fit at `level` (≥ 2), right-aligned to 80 columns with dots. */
export function fitLine(level: number, fit: FitLineInput, multimetric: boolean): string {
  let progress = '';
  if (level > 2) {
    progress = ` ${fit.splitIndex + 1}/${fit.nSplits}`;
    if (level > 9) progress += `; ${fit.candidateIndex + 1}/${fit.nCandidates}`;
  }
  const head = `[CV${progress}] END `;
  const params = formatParams(fit.params);
  let result = params + (params ? ';' : '');
  if (level > 2) {
    if (multimetric) {
      for (const name of Object.keys(fit.testScores).sort()) {
        result += ` ${name}: (`;
        if (fit.trainScores) result += `train=${pyFixed(fit.trainScores[name] ?? NaN, 3)}, `;
        result += `test=${pyFixed(fit.testScores[name]!, 3)})`;
      }
    } else {
      const test = Object.values(fit.testScores)[0] ?? NaN;
      const train = fit.trainScores ? (Object.values(fit.trainScores)[0] ?? NaN) : undefined;
      result += ', score=' + (train !== undefined ? `(train=${pyFixed(train, 3)}, test=${pyFixed(test, 3)})` : pyFixed(test, 3));
    }
  }
  result += ` total time=${shortFormatTime(fit.totalTime)}`;
  return head + '.'.repeat(Math.max(0, 80 - head.length - result.length)) + result;
}

/** Level and stream of a `verbose` option (level 0 when absent). */
export function resolveVerbose(option: VerboseOption | undefined): { level: number; stream: VerboseStream } {
  if (option === undefined) return { level: 0, stream: process.stderr };
  const { level, stream } = typeof option === 'number' ? { level: option, stream: undefined } : ((option ?? {}) as { level?: unknown; stream?: VerboseStream });
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0) {
    throw new ValidationError(`verbose: expected a level ≥ 0 (an integer, as scikit-learn's verbose=) or { level, stream }, got ${JSON.stringify(option)}`);
  }
  if (stream !== undefined && (stream === null || typeof stream.write !== 'function')) {
    throw new ValidationError('verbose.stream: expected an object with a write(text) method, e.g. process.stderr or a file stream');
  }
  return { level, stream: stream ?? process.stderr };
}

/**
 * Prints a search's verbose lines from its 'batch' and 'result' events; returns the
 * function that stops listening. Fits resumed from a journal are not printed (they did not run).
 */
export function attachVerbose(search: EventEmitter, option: VerboseOption | undefined, ctx: VerboseContext): () => void {
  const { level, stream } = resolveVerbose(option);
  if (!(level > 0)) return () => {};
  const batches: BatchInfo[] = [];
  const onBatch = (b: BatchInfo): void => {
    batches.push(b);
    stream.write(planLine(b.nSplits, b.candidates.length) + '\n');
  };
  const onResult = (r: FitResult): void => {
    if (level < 2) return;
    const batch = batches.findLast((b) => b.offset <= r.candidateIndex);
    if (!batch) return;
    const local = r.candidateIndex - batch.offset;
    const testScores = r.ok ? r.testScores : Object.fromEntries(ctx.metrics.map((m) => [m, ctx.errorScore]));
    const trainScores = ctx.returnTrainScore ? (r.ok ? r.trainScores : testScores) : undefined;
    const line = fitLine(
      level,
      {
        params: batch.candidates[local] ?? {},
        splitIndex: r.splitIndex,
        nSplits: batch.nSplits,
        candidateIndex: local,
        nCandidates: batch.candidates.length,
        testScores,
        ...(trainScores ? { trainScores } : {}),
        totalTime: r.fitTime + r.scoreTime,
      },
      ctx.multimetric,
    );
    stream.write(line + '\n');
  };
  search.on('batch', onBatch);
  search.on('result', onResult);
  return () => {
    search.off('batch', onBatch);
    search.off('result', onResult);
  };
}
