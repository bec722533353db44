/**
 * Runs batches of candidates for one `fit` call: builds the jobs, takes finished
 * ones from the journal, hands the rest to the executor, records results as they
 * land (journal, events, progress), and assembles cvResults over every batch so far.
 * This is the closure scikit-learn hands to `_run_search` (`evaluate_candidates`).
 */
import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { DataSet, DerivedPayload } from '../data/dataset.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { FitWarningTally } from '../estimators/fit-warnings.js';
import { ExecutorError, FitError, SearchAbortedError, ValidationError } from '../errors.js';
import type { Executor, RunOptions } from '../executors/executor.js';
import { needsSeed } from '../jobs/fit-and-score.js';
import { canonicalJSON, deriveSeed, JobKeys } from '../jobs/job-key.js';
import { checkCandidateValues } from '../params/check-values.js';
import { Journal, journalHash, journalHeader, type JournalHeader } from '../jobs/journal.js';
import type { FitFailure, FitJob, FitResult } from '../jobs/types.js';
import type { Fold } from '../split/splitter.js';
import { ProgressTracker } from './progress.js';
import { ResultColumns } from './results.js';
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
  /** Jobs per executor run (default JOB_CHUNK). */
  jobChunk?: number;
  /** The estimator's prepareData running on the executor (`Executor.prepareData`), started with the search. */
  prepared?: Promise<Map<string, DerivedPayload>>;
}

/**
 * Jobs handed to the executor per `run` call (whole candidates): a search of any size keeps at
 * most this many FitJob objects alive, so 500,000 candidates × 2 folds never hold a million
 * jobs at once. Identical jobs are run once within a chunk. Costliest-first ordering (pool)
 * applies within a chunk.
 */
export const JOB_CHUNK = 65_536;

/**
 * Per-batch settings of `evaluate` (scikit-learn's `evaluate_candidates(candidate_params, cv,
 * more_results)`), used by successive halving.
 */
export interface EvaluateOptions {
  /** Folds of this batch (default: the search's), e.g. subsampled to an iteration's budget; same count. */
  folds?: readonly Fold[];
  /** Extra cvResults columns for this batch's rows (one value per candidate), placed first. */
  moreResults?: Readonly<Record<string, readonly number[]>>;
  /** The round this batch belongs to, reported in progress (iteration counts from 0). */
  round?: { iteration: number; nIterations: number };
  /**
   * This batch is the search's last: its best candidate is the one refit. While its last fits run, the
   * search may start that refit, for the candidate leading so far, on the threads they leave idle.
   */
  last?: boolean;
}

/**
 * Called after each result of a batch's last chunk with the number of its jobs still running (identical
 * jobs counted once) and the index of the batch's first candidate.
 */
export type OnPending = (pending: number, offset: number) => void;

/** The (candidate, split) slots each job key fills, as flat pairs `[c0, s0, c1, s1, …]` (one array per key, not one per slot). */
type Slots = Map<string, number[]>;

/** Jobs built for a chunk of candidates: identical jobs once, with the (candidate, split) slots each key fills. */
interface BuiltJobs {
  jobs: FitJob[];
  slots: Slots;
}

/** Evaluates candidate batches; see the module comment. */
export class CandidateEvaluator {
  readonly candidates: Params[] = [];
  /** Every (candidate × split) outcome so far, in typed-array columns. */
  readonly columns: ResultColumns;
  readonly failures: FitFailure[] = [];
  /** Warnings the fits raised (e.g. ConvergenceWarning), shown once per search. */
  readonly warnings = new FitWarningTally();
  private journal: Journal | undefined;
  private prepared = false;
  private validated = false;
  private batches = 0;
  private readonly more: Record<string, number[]> = {};
  /** Rounds of a halving search (undefined: no rounds), for the journal's lines. */
  private nIterations: number | undefined;
  private readonly progress: ProgressTracker;
  /** cvResults as last assembled; dropped when a candidate or an outcome is added. */
  private assembled: CvResults | undefined;

  constructor(private readonly ctx: EvaluatorContext) {
    const errorScore = typeof ctx.errorScore === 'number' ? ctx.errorScore : NaN;
    this.progress = new ProgressTracker(ctx.progressMetric, errorScore);
    this.columns = new ResultColumns(ctx.folds.length, Object.keys(ctx.scoring), ctx.returnTrainScore, errorScore);
  }

  /** Runs `batch` (validated first) and returns cvResults over every candidate evaluated so far. */
  async evaluate(batch: readonly Params[], options: EvaluateOptions = {}, onPending?: OnPending): Promise<CvResults> {
    const { ctx } = this;
    if (batch.length === 0) throw new ValidationError('the search space is empty: no candidate to evaluate; give at least one parameter value');
    checkCandidates(ctx.estimator, batch);
    const folds = options.folds ?? ctx.folds;
    if (folds.length !== ctx.folds.length) throw new Error(`evaluate: ${folds.length} folds given for a search of ${ctx.folds.length} splits`);
    for (const [k, v] of Object.entries(options.moreResults ?? {})) {
      if (v.length !== batch.length) throw new Error(`evaluate: moreResults.${k} has ${v.length} values for ${batch.length} candidates`);
    }
    const offset = this.candidates.length;
    const base = ctx.estimator.getParams();
    // the fingerprint hashes every candidate: computed only for a journal or a search id an executor reads (cluster)
    let header: JournalHeader | undefined;
    const headerOf = (): JournalHeader =>
      (header ??= journalHeader({
        dataId: ctx.data.id,
        estimator: ctx.estimator.name,
        estimatorParams: journalHash.params(base),
        candidates: journalHash.candidates(batch),
        nCandidates: batch.length,
        folds: journalHash.folds(ctx.folds),
        nSplits: ctx.folds.length,
        scoring: ctx.scoring,
        returnTrainScore: ctx.returnTrainScore,
        seed: ctx.seed,
      }));
    const perChunk = Math.max(1, Math.floor((ctx.jobChunk ?? JOB_CHUNK) / ctx.folds.length));
    const chunks = Math.ceil(batch.length / perChunk);
    // the executor checks the estimator and scorer names on the first chunk's jobs, before anything else;
    // those jobs are then run as built (building 5,000 jobs hashes 10,000 keys and seeds)
    let firstChunk: BuiltJobs | undefined;
    let validation: Promise<void> | undefined;
    if (!this.validated) {
      firstChunk = this.buildJobs(batch.slice(0, perChunk), offset, base, folds);
      validation = ctx.executor.validate?.(firstChunk.jobs);
    }
    if (!this.prepared) {
      // while the executor answers (a pool: its threads start), the estimator prepares the data (a forest bins it)
      try {
        await this.prepareData();
      } catch (err) {
        // the executor's ValidationError (unknown estimator or scorer) comes first, as when it was awaited before
        if (validation) await validation;
        throw err;
      }
      this.prepared = true;
    }
    if (validation) await validation;
    this.validated = true;
    if (ctx.journalPath !== undefined && this.journal === undefined && offset === 0) this.journal = Journal.open(ctx.journalPath, headerOf());
    for (const cand of batch) this.candidates.push({ ...cand });
    this.columns.addCandidates(batch.length);
    for (const [k, v] of Object.entries(options.moreResults ?? {})) (this.more[k] ??= []).push(...v);
    this.assembled = undefined;
    this.progress.setRound(options.round);
    if (options.round) this.nIterations = options.round.nIterations;
    // `activity`: what the executor runs now, for live views (the dashboard's "running")
    const activity = ctx.executor.activity?.bind(ctx.executor);
    ctx.events.emit('candidates', { offset, candidates: batch, nSplits: ctx.folds.length, metric: ctx.progressMetric, activity });
    this.progress.addTotal(batch.length * ctx.folds.length);
    // copies of every candidate only for a listener (verbose): a 500,000-candidate grid does not pay for them otherwise
    if (ctx.events.listenerCount('batch') > 0) ctx.events.emit('batch', { candidates: batch.map((c) => ({ ...c })), offset, nSplits: ctx.folds.length });
    if (this.journal && this.journal.recorded.length > 0) this.resume(batch, offset, base, perChunk, folds);
    const recordedFailure = ctx.errorScore === 'raise' ? this.failures.find((f) => f.candidateIndex >= offset) : undefined;
    if (recordedFailure) {
      throw new FitError(
        `${describeFailure(recordedFailure, this.candidates)} (recorded in the journal ${ctx.journalPath}; errorScore: 'raise')`,
        recordedFailure.candidateIndex,
        recordedFailure.splitIndex,
        { cause: recordedFailure },
      );
    }
    // one search id per batch: the cluster keeps each batch's results under its own id
    const batchNo = this.batches++;
    let searchId: string | undefined;
    const searchIdOf = (): string =>
      (searchId ??=
        createHash('sha256')
          .update(canonicalJSON(headerOf() as never))
          .digest('hex')
          .slice(0, 24) + (batchNo > 0 ? `-${batchNo}` : ''));
    for (let k = 0; k < chunks; k++) {
      const from = k * perChunk;
      const { jobs, slots } = k === 0 && firstChunk ? firstChunk : this.buildJobs(batch.slice(from, from + perChunk), offset + from, base, folds);
      firstChunk = undefined;
      const pending = jobs.filter((j) => !this.columns.has(j.candidateIndex, j.splitIndex));
      // the very array the executor validated when none is done yet (a pool planned its run for it)
      const last = k === chunks - 1 && onPending ? (n: number) => onPending(n, offset) : undefined;
      await this.run(pending.length === jobs.length ? jobs : pending, slots, searchIdOf, last);
    }
    let failedHere = 0;
    let first: FitFailure | undefined;
    for (const f of this.failures) {
      if (f.candidateIndex < offset) continue;
      failedHere++;
      first ??= f;
    }
    if (first && failedHere === batch.length * ctx.folds.length) {
      throw new FitError(
        `all ${failedHere} fits failed; the first: ${describeFailure(first, this.candidates)}. The model is likely misconfigured: fix the parameters, or use errorScore: 'raise' to stop at the first failure.`,
        first.candidateIndex,
        first.splitIndex,
        { cause: first },
      );
    }
    return this.cvResults();
  }

  /** The jobs of candidates `cands` (the first at index `offset`), identical jobs once, with the slots each key fills. */
  private buildJobs(cands: readonly Params[], offset: number, base: Params, folds: readonly Fold[]): BuiltJobs {
    const { ctx } = this;
    const jobs: FitJob[] = [];
    const slots: Slots = new Map();
    const name = ctx.estimator.name;
    const keys = new JobKeys(ctx.data.id, name, canonicalJSON(ctx.scoring), ctx.returnTrainScore);
    const foldTexts = folds.map((f) => keys.fold(f.train, f.test));
    for (let c = 0; c < cands.length; c++) {
      const params = { ...base, ...cands[c] };
      const paramsJSON = canonicalJSON(params); // once per candidate, not per fold
      // the derived seed only fills a randomState left unset (paramsWithSeed): not hashed when nothing reads it
      const seeded = needsSeed(params);
      // one estimator reference per candidate: its jobs only read it
      const estimator = { name, params };
      for (let s = 0; s < folds.length; s++) {
        const fold = folds[s]!;
        const key = keys.key(paramsJSON, foldTexts[s]!);
        const list = slots.get(key);
        if (list) {
          list.push(offset + c, s);
          continue;
        }
        slots.set(key, [offset + c, s]);
        const job: FitJob = {
          key,
          candidateIndex: offset + c,
          splitIndex: s,
          estimator,
          dataId: ctx.data.id,
          train: fold.train,
          test: fold.test,
          scoring: ctx.scoring,
          returnTrainScore: ctx.returnTrainScore,
          seed: seeded ? deriveSeed(ctx.seed, key) : 0,
        };
        if (ctx.fitTimeout !== undefined) job.fitTimeout = ctx.fitTimeout;
        jobs.push(job);
      }
    }
    return { jobs, slots };
  }

  /**
   * cvResults over every candidate evaluated so far. Assembled once per state: `evaluate` returns
   * it and the search then asks again for the same results (a grid search assembled 2,500 rows twice).
   */
  cvResults(): CvResults {
    if (this.assembled) return this.assembled;
    const cv = this.columns.assemble(this.candidates);
    if (Object.keys(this.more).length === 0) return (this.assembled = cv);
    const more = Object.fromEntries(Object.entries(this.more).map(([k, v]) => [k, [...v]]));
    return (this.assembled = { ...more, ...cv } as CvResults);
  }

  /** Closes the journal. */
  close(): void {
    this.journal?.close();
  }

  /** A halving search's round of candidate `c` (iteration, its resources, the round count), written with its journal lines. */
  private roundFields(c: number): { iter?: number; nResources?: number; nIterations?: number } {
    const iter = this.more.iter?.[c];
    if (this.nIterations === undefined || iter === undefined) return {};
    return { iter, nResources: this.more.n_resources?.[c], nIterations: this.nIterations };
  }

  private fill(r: FitResult, slots: Slots): boolean {
    const list = slots.get(r.key);
    if (!list) return false;
    const nSplits = this.ctx.folds.length;
    for (let k = 0; k < list.length; k += 2) {
      const c = list[k]!;
      const s = list[k + 1]!;
      if (!this.columns.set(c, s, r)) continue;
      this.assembled = undefined;
      if (!r.ok) this.failures.push({ ...r, candidateIndex: c, splitIndex: s });
      this.warnings.add(r.warnings);
      this.progress.record(r, c, this.candidates[c]!, nSplits);
    }
    return true;
  }

  /** Takes the journal's results for this batch (chunk by chunk, to keep few keys alive) and reports them once. */
  private resume(batch: readonly Params[], offset: number, base: Params, perChunk: number, folds: readonly Fold[]): void {
    const byKey = new Map(this.journal!.recorded.map((r) => [r.key, r] as const));
    const taken: FitResult[] = [];
    for (let from = 0; from < batch.length; from += perChunk) {
      const { slots } = this.buildJobs(batch.slice(from, from + perChunk), offset + from, base, folds);
      for (const key of slots.keys()) {
        const r = byKey.get(key);
        if (r && this.fill(r, slots)) taken.push(r);
      }
    }
    if (taken.length > 0) {
      const info: ResumedInfo = { count: taken.length, results: taken, journal: this.journal!.path };
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

  /**
   * The data's derived payloads: from the executor's worker when it prepared them (a pool thread binned
   * airline's 563,000 rows while this thread built folds and fingerprint: the first fits began ~30–50 ms
   * sooner, medians of alternating runs), else — no such executor, or it failed — by the estimator here,
   * which reports any error.
   */
  private async prepareData(): Promise<void> {
    const { ctx } = this;
    const fromWorker = await ctx.prepared?.catch(() => undefined);
    if (fromWorker) for (const [key, payload] of fromWorker) ctx.data.derived.set(key, payload);
    else ctx.estimator.prepareData?.(ctx.data);
  }

  /**
   * The candidate among `count` from `offset` whose mean test score on `metric` over its finished splits is
   * highest (the first of equals, as scikit-learn's rank order); undefined while none has a finite score.
   */
  leader(offset: number, count: number, metric: string): number | undefined {
    const m = this.columns.metrics.indexOf(metric);
    if (m < 0) return undefined;
    let best: number | undefined;
    let bestScore = -Infinity;
    for (let c = offset; c < offset + count; c++) {
      const score = this.columns.partialMeanTest(c, m);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }

  private async run(jobs: FitJob[], slots: Slots, searchIdOf: () => string, onPending?: (pending: number) => void): Promise<void> {
    const { ctx } = this;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(ctx.signal?.reason);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    let raise: FitFailure | undefined;
    let finished = 0;
    try {
      // a local flag, not controller.signal.aborted: every run's AbortSignal has a new map (Node re-prototypes an
      // EventTarget; a full GC drops V8's cached transition), and reading it deoptimized this function in every run
      const abortedBefore = ctx.signal?.aborted === true;
      if (abortedBefore) controller.abort();
      // results the executor kept from an interrupted run (cluster: Redis) count as resumed, not run
      const onResumed = (rs: FitResult[]): void => {
        const taken = rs.filter((r) => slots.has(r.key));
        for (const r of taken) {
          this.journal?.append(r);
          this.fill(r, slots);
        }
        if (taken.length === 0) return;
        const info: ResumedInfo = {
          count: taken.length,
          results: taken,
          journal: this.journal?.path ?? '',
          from: ctx.executor.keptResults?.() ?? ctx.executor.kind,
        };
        ctx.events.emit('resumed', info);
        this.report();
      };
      if (jobs.length > 0 && !abortedBefore) {
        const options: RunOptions = {
          signal: controller.signal,
          onResumed,
          // read by the cluster only: the pool and inline executors never pay for the fingerprint
          get searchId() {
            return searchIdOf();
          },
        };
        for await (const r of ctx.executor.run(ctx.data, jobs, options)) {
          if (!slots.has(r.key)) throw new ExecutorError(`executor ${ctx.executor.kind} returned a result for an unknown job ${r.key}`);
          this.journal?.append(r, { params: this.candidates[r.candidateIndex], at: Date.now(), ...this.roundFields(r.candidateIndex) });
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
          onPending?.(jobs.length - finished);
        }
      }
    } catch (err) {
      if (!ctx.signal?.aborted) throw err;
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
    if (raise) {
      throw new FitError(
        `${describeFailure(raise, this.candidates)} (errorScore: 'raise'; outstanding jobs were cancelled)`,
        raise.candidateIndex,
        raise.splitIndex,
        { cause: raise },
      );
    }
    const total = this.columns.candidates * ctx.folds.length;
    const done = this.columns.filled;
    if (ctx.signal?.aborted && done < total) {
      const kept = ctx.executor.keptResults?.();
      const hint = this.journal
        ? `The finished fits are kept in the journal ${this.journal.path}: call fit again with the same data, options and journal to run only the remaining ${total - done}.`
        : kept
          ? `The finished fits are kept ${kept}: call fit again with the same data and options on the same cluster to reuse them (pass a journal for a durable record).`
          : "No journal was given, so they are lost: pass fit(X, y, { journal: 'search.jsonl' }) to make a search resumable.";
      throw new SearchAbortedError(`search aborted: ${done} of ${total} fits finished (${finished} in this call). ${hint}`, done, total);
    }
    const missing = jobs.filter((j) => !this.columns.has(j.candidateIndex, j.splitIndex)).length;
    if (missing > 0) throw new ExecutorError(`executor ${ctx.executor.kind} ended before every job finished (${missing} of ${jobs.length} without a result)`);
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
    if (cand === null || typeof cand !== 'object' || Array.isArray(cand))
      throw new ValidationError(`candidate ${i} is not a record of parameters: ${JSON.stringify(cand)}`);
    try {
      probe.setParams(cand);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new ValidationError(`candidate ${i} (${JSON.stringify(cand)}): ${msg}`);
    }
  });
}
