/**
 * Runs batches of candidates for one `fit` call: builds the jobs, takes finished
 * ones from the journal, hands the rest to the executor, records results as they
 * land (journal, events, progress), and assembles cvResults over every batch so far.
 * This is the closure scikit-learn hands to `_run_search` (`evaluate_candidates`).
 */
import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { DataSet } from '../data/dataset.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { ExecutorError, FitError, SearchAbortedError, ValidationError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { canonicalJSON, deriveSeed, jobKey } from '../jobs/job-key.js';
import { checkCandidateValues } from '../params/check-values.js';
import { Journal, journalHash, journalHeader } from '../jobs/journal.js';
import type { FitFailure, FitJob, FitResult } from '../jobs/types.js';
import type { Fold } from '../split/splitter.js';
import { ProgressTracker } from './progress.js';
import { assembleCvResults } from './results.js';
import type { CvResults, ProgressInfo, ResumedInfo } from './types.js';

/** Everything a batch of candidates needs, fixed for one `fit` call. */
export interface EvaluatorContext {
  estimator: Estimator;
  data: DataSet;
  folds: readonly Fold[];
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  errorScore: number | 'raise';
  seed: number;
  executor: Executor;
  journalPath?: string;
  signal?: AbortSignal;
  /** Metric ranking candidates in progress reports. */
  progressMetric: string;
  events: EventEmitter;
  onProgress?(p: ProgressInfo): void;
  /** Seconds a job may run (SearchOptions.fitTimeout); carried by every job. */
  fitTimeout?: number;
}

/** Evaluates candidate batches; see the module comment. */
export class CandidateEvaluator {
  readonly candidates: Params[] = [];
  readonly results: FitResult[][] = [];
  readonly failures: FitFailure[] = [];
  private journal: Journal | undefined;
  private prepared = false;
  private readonly progress: ProgressTracker;

  constructor(private readonly ctx: EvaluatorContext) {
    this.progress = new ProgressTracker(ctx.progressMetric, typeof ctx.errorScore === 'number' ? ctx.errorScore : NaN);
  }

  /** Runs `batch` (validated first) and returns cvResults over every candidate evaluated so far. */
  async evaluate(batch: readonly Params[]): Promise<CvResults> {
    const { ctx } = this;
    if (batch.length === 0) throw new ValidationError('the search space is empty: no candidate to evaluate; give at least one parameter value');
    checkCandidates(ctx.estimator, batch);
    const offset = this.candidates.length;
    const base = ctx.estimator.getParams();
    const jobs: FitJob[] = [];
    const slots = new Map<string, [number, number][]>();
    const scoringJSON = canonicalJSON(ctx.scoring);
    batch.forEach((cand, c) => {
      const params = { ...base, ...cand };
      const paramsJSON = canonicalJSON(params); // once per candidate, not per fold
      ctx.folds.forEach((fold, s) => {
        const key = jobKey({
          dataId: ctx.data.id, estimatorName: ctx.estimator.name, params, paramsJSON, train: fold.train, test: fold.test,
          scoring: ctx.scoring, scoringJSON, returnTrainScore: ctx.returnTrainScore,
        });
        const list = slots.get(key);
        if (list) list.push([offset + c, s]);
        else {
          slots.set(key, [[offset + c, s]]);
          jobs.push({ key, candidateIndex: offset + c, splitIndex: s, estimator: { name: ctx.estimator.name, params }, dataId: ctx.data.id, train: fold.train, test: fold.test, scoring: ctx.scoring, returnTrainScore: ctx.returnTrainScore, seed: deriveSeed(ctx.seed, key), ...(ctx.fitTimeout !== undefined ? { fitTimeout: ctx.fitTimeout } : {}) });
        }
      });
    });
    await ctx.executor.validate?.(jobs);
    const header = journalHeader({ dataId: ctx.data.id, estimator: ctx.estimator.name, estimatorParams: journalHash.params(base), candidates: journalHash.candidates(batch), nCandidates: batch.length, folds: journalHash.folds(ctx.folds), nSplits: ctx.folds.length, scoring: ctx.scoring, returnTrainScore: ctx.returnTrainScore, seed: ctx.seed });
    if (ctx.journalPath !== undefined && this.journal === undefined && offset === 0) this.journal = Journal.open(ctx.journalPath, header);
    if (!this.prepared) {
      ctx.estimator.prepareData?.(ctx.data);
      this.prepared = true;
    }
    for (const cand of batch) {
      this.candidates.push({ ...cand });
      this.results.push(new Array<FitResult>(ctx.folds.length));
    }
    ctx.events.emit('candidates', { offset, candidates: batch, nSplits: ctx.folds.length, metric: ctx.progressMetric });
    this.progress.addTotal(batch.length * ctx.folds.length);
    ctx.events.emit('batch', { candidates: batch.map((c) => ({ ...c })), offset, nSplits: ctx.folds.length });
    this.resume(slots);
    const recordedFailure = ctx.errorScore === 'raise' ? this.failures.find((f) => f.candidateIndex >= offset) : undefined;
    if (recordedFailure) {
      throw new FitError(`${describeFailure(recordedFailure, this.candidates)} (recorded in the journal ${ctx.journalPath}; errorScore: 'raise')`, recordedFailure.candidateIndex, recordedFailure.splitIndex, { cause: recordedFailure });
    }
    const pending = jobs.filter((j) => this.results[j.candidateIndex]![j.splitIndex] === undefined);
    await this.run(pending, slots, createHash('sha256').update(canonicalJSON(header as never)).digest('hex').slice(0, 24));
    const filled = this.results.slice(offset);
    const failedHere = filled.flat().filter((r) => !r.ok) as FitFailure[];
    if (failedHere.length === filled.length * ctx.folds.length) {
      const f = failedHere[0]!;
      throw new FitError(`all ${failedHere.length} fits failed; the first: ${describeFailure(f, this.candidates)}. The model is likely misconfigured: fix the parameters, or use errorScore: 'raise' to stop at the first failure.`, f.candidateIndex, f.splitIndex, { cause: f });
    }
    return this.cvResults();
  }

  /** cvResults over every candidate evaluated so far. */
  cvResults(): CvResults {
    const { ctx } = this;
    return assembleCvResults({ candidates: this.candidates, nSplits: ctx.folds.length, metrics: Object.keys(ctx.scoring), returnTrainScore: ctx.returnTrainScore, results: this.results, errorScore: typeof ctx.errorScore === 'number' ? ctx.errorScore : NaN });
  }

  /** Closes the journal. */
  close(): void {
    this.journal?.close();
  }

  private fill(r: FitResult, slots: Map<string, [number, number][]>): boolean {
    const list = slots.get(r.key);
    if (!list) return false;
    for (const [c, s] of list) {
      if (this.results[c]![s] !== undefined) continue;
      const res = { ...r, candidateIndex: c, splitIndex: s };
      this.results[c]![s] = res;
      if (!res.ok) this.failures.push(res);
      this.progress.record(res, c, this.candidates[c]!, this.ctx.folds.length);
    }
    return true;
  }

  private resume(slots: Map<string, [number, number][]>): void {
    if (!this.journal) return;
    const taken = this.journal.recorded.filter((r) => this.fill(r, slots));
    if (taken.length > 0) {
      const info: ResumedInfo = { count: taken.length, results: taken, journal: this.journal.path };
      this.ctx.events.emit('resumed', info);
      this.report();
    }
  }

  private report(): void {
    if (!this.ctx.onProgress && this.ctx.events.listenerCount('progress') === 0) return; // nobody listens: no snapshot per fit
    const p = this.progress.snapshot();
    this.ctx.onProgress?.(p);
    this.ctx.events.emit('progress', p);
  }

  private async run(jobs: FitJob[], slots: Map<string, [number, number][]>, searchId: string): Promise<void> {
    const { ctx } = this;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(ctx.signal?.reason);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    let raise: FitFailure | undefined;
    let finished = 0;
    try {
      if (ctx.signal?.aborted) controller.abort();
      if (jobs.length > 0 && !controller.signal.aborted) {
        for await (const r of ctx.executor.run(ctx.data, jobs, { signal: controller.signal, searchId })) {
          if (!slots.has(r.key)) throw new ExecutorError(`executor ${ctx.executor.kind} returned a result for an unknown job ${r.key}`);
          this.journal?.append(r, { params: this.candidates[r.candidateIndex], at: Date.now() });
          finished++;
          this.progress.ran();
          this.fill(r, slots);
          ctx.events.emit('result', r);
          this.report();
          if (!r.ok && ctx.errorScore === 'raise') {
            raise = r;
            controller.abort();
            break;
          }
          if (ctx.signal?.aborted) break;
        }
      }
    } catch (err) {
      if (!ctx.signal?.aborted) throw err;
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
    if (raise) {
      throw new FitError(`${describeFailure(raise, this.candidates)} (errorScore: 'raise'; outstanding jobs were cancelled)`, raise.candidateIndex, raise.splitIndex, { cause: raise });
    }
    const total = this.results.length * ctx.folds.length;
    const done = this.results.reduce((a, row) => a + row.filter((r) => r !== undefined).length, 0);
    const missing = done < total;
    if (ctx.signal?.aborted && missing) {
      const hint = this.journal
        ? `The finished fits are kept in the journal ${this.journal.path}: call fit again with the same data, options and journal to run only the remaining ${total - done}.`
        : "No journal was given, so they are lost: pass fit(X, y, { journal: 'search.jsonl' }) to make a search resumable.";
      throw new SearchAbortedError(`search aborted: ${done} of ${total} fits finished (${finished} in this call). ${hint}`, done, total);
    }
    if (missing) throw new ExecutorError(`executor ${ctx.executor.kind} ended before every job finished (${jobs.length - finished} of ${jobs.length} without a result)`);
  }
}

/** "candidate 3 ({"C":0}) split 1: ValueError: fit failed: …" */
export function describeFailure(f: FitFailure, candidates: readonly Params[]): string {
  const params = candidates[f.candidateIndex];
  return `candidate ${f.candidateIndex}${params ? ` (${JSON.stringify(params)})` : ''} split ${f.splitIndex}: ${f.errorClass}: ${f.message}`;
}

/**
 * Each candidate's names must be parameters of the estimator (setParams rejects unknown ones)
 * and its values ones the parameters accept (ParamSpec rules), before any job is built.
 */
function checkCandidates(est: Estimator, batch: readonly Params[]): void {
  checkCandidateValues(est, est.getParams(), batch);
  const probe = est.clone();
  batch.forEach((cand, i) => {
    if (cand === null || typeof cand !== 'object' || Array.isArray(cand)) throw new ValidationError(`candidate ${i} is not a record of parameters: ${JSON.stringify(cand)}`);
    try {
      probe.setParams(cand);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new ValidationError(`candidate ${i} (${JSON.stringify(cand)}): ${msg}`);
    }
  });
}
