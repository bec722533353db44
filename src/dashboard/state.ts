/**
 * The dashboard's model of one search, aggregated on the server so the page
 * receives columns and deltas instead of every result: candidates and their
 * running mean ± std, the task stream (one bar per fit on the lane of the
 * thread that ran it), per-thread and per-process load, and the best-so-far curve.
 */
import type { Params, ParamValue } from '../estimators/estimator.js';
import type { ExecutorActivity } from '../executors/executor.js';
import type { FitResult } from '../jobs/types.js';
import type { CvResults, HalvingIterationInfo, ProgressInfo } from '../search/types.js';
import {
  TASK_STATUS,
  type ApiState,
  type BestView,
  type CandidateColumns,
  type CandidateScores,
  type CellValue,
  type LaneView,
  type ProcessView,
  type ProgressView,
  type RoundView,
  type SearchDelta,
  type SearchSnapshot,
  type TaskColumns,
  type TaskRaster,
} from './protocol.js';

/** A parameter value as a table cell: scalars as they are, lists and records as JSON text. */
export function toCell(v: ParamValue | undefined): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function cellParams(p: Params): Record<string, CellValue> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, toCell(v)]));
}

/** The status of a result in the task stream (ok, failed, timed out, retried, lost with its worker). */
export function taskStatus(r: FitResult): number {
  if (!r.ok && /timeout|timed out/i.test(`${r.errorClass} ${r.message}`)) return TASK_STATUS.timedOut;
  if (!r.ok && r.cause === 'infrastructure') return TASK_STATUS.lost;
  if (!r.ok) return TASK_STATUS.failed;
  const attempts = (r as { attempts?: unknown }).attempts;
  return typeof attempts === 'number' && attempts > 1 ? TASK_STATUS.retried : TASK_STATUS.ok;
}

/** The process a worker lane belongs to: cluster lanes are `host:pid/thread N`, local ones `thread N`. */
export function processOf(lane: string): string {
  const slash = lane.indexOf('/');
  if (slash > 0) return lane.slice(0, slash);
  return 'this process';
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * A score as the page gets it: 7 significant digits (the page shows 4 decimals; at 100,000
 * candidates full doubles would double the scores' share of a snapshot). Downloads are exact.
 */
function sig7(x: number | null): number | null {
  return x === null ? null : Number(x.toPrecision(7));
}

/** A fit may seem to end this long after it landed without its worker's clock being ahead (ms). */
const CLOCK_SLACK_MS = 50;

/** Fits a snapshot sends one by one (the latest); older ones are aggregated in a TaskRaster. */
export const TASK_DETAIL = 5_000;
/** Time bins of a TaskRaster (a full-width task stream is ~1,200 px). */
const RASTER_BINS = 2048;

/** Describes the search shown (set once, when it starts). */
export interface SearchStart {
  title: string;
  /** Metric whose mean test score ranks candidates. */
  metric: string;
  nSplits: number;
}

/** Aggregated state of one search; see the module comment. */
export class SearchState {
  /** Epoch ms the search started (bars and curves count from here). */
  readonly startedAt: number;
  title = 'search';
  metric = 'score';
  nSplits = 0;
  finished = false;
  private finishedAt: number | undefined;
  private readonly params: Params[] = [];
  private readonly paramNames: string[] = [];
  private readonly sum: number[] = [];
  private readonly sumSq: number[] = [];
  private readonly count: number[] = [];
  private readonly nanCount: number[] = [];
  private rank: number[] | undefined;
  private finalMean: number[] | undefined;
  private finalStd: number[] | undefined;
  private readonly tasks = {
    lane: [] as number[],
    start: [] as number[],
    end: [] as number[],
    cand: [] as number[],
    split: [] as number[],
    status: [] as number[],
    score: [] as (number | null)[],
  };
  private readonly lanes: string[] = [];
  private readonly laneIndex = new Map<string, number>();
  private readonly laneBusy: number[] = [];
  private readonly laneFits: number[] = [];
  private readonly laneFailed: number[] = [];
  private readonly laneCursor: number[] = [];
  private readonly laneFirst: number[] = [];
  private readonly curveT: number[] = [];
  private readonly curveV: number[] = [];
  private progressInfo: ProgressInfo = { done: 0, total: 0, failed: 0, elapsedMs: 0 };
  private best: BestView | null = null;
  private bestFinal = false;
  private dirty = new Set<number>();
  private sent = { tasks: 0, candidates: 0, curve: 0 };
  /** Resident set size of worker processes, by process name (this process is sampled on each read). */
  readonly rss = new Map<string, number>();
  private cvResults: CvResults | undefined;
  private activity: ExecutorActivity | undefined;
  private readonly roundList: RoundView[] = [];

  constructor(startedAt = Date.now()) {
    this.startedAt = startedAt;
  }

  /** Sets what the search is (title, metric, folds). */
  begin(s: SearchStart): void {
    this.title = s.title;
    this.metric = s.metric;
    this.nSplits = s.nSplits;
  }

  /** Successive halving: round `info.iteration` starts now; its candidates are the next batch added. */
  startRound(info: HalvingIterationInfo, atMs = Date.now()): void {
    this.roundList.push({
      iteration: info.iteration,
      nIterations: info.nIterations,
      nCandidates: info.nCandidates,
      nResources: info.nResources,
      offset: this.params.length,
      fitsDone: 0,
      fitsTotal: info.nCandidates * this.nSplits,
      startMs: atMs - this.startedAt,
      best: null,
    });
  }

  /** What the executor runs now (its own measure: see ExecutorActivity); undefined when it does not say. */
  setActivity(a: ExecutorActivity | undefined): void {
    this.activity = a;
  }

  /** The round candidate `c` belongs to (rounds add their candidates one after another). */
  private roundOf(c: number): RoundView | undefined {
    for (let k = this.roundList.length - 1; k >= 0; k--) if (this.roundList[k]!.offset <= c) return this.roundList[k];
    return undefined;
  }

  /** Adds a batch of candidates starting at index `offset` (their searched parameters). */
  addCandidates(offset: number, candidates: readonly Params[]): void {
    const round = this.roundList[this.roundList.length - 1];
    if (round && round.fitsDone === 0 && offset >= round.offset) {
      round.offset = offset;
      round.fitsTotal = candidates.length * this.nSplits;
    }
    this.addParams(offset, candidates);
  }

  private addParams(offset: number, candidates: readonly Params[]): void {
    candidates.forEach((c, i) => {
      const idx = offset + i;
      this.params[idx] = c;
      this.sum[idx] = 0;
      this.sumSq[idx] = 0;
      this.count[idx] = 0;
      this.nanCount[idx] = 0;
      for (const k of Object.keys(c)) if (!this.paramNames.includes(k)) this.paramNames.push(k);
    });
  }

  /** Records a finished fit that landed at `atMs` (epoch ms); `resumed` fits (from a journal) get no bar. */
  addResult(r: FitResult, atMs: number, resumed = false): void {
    const c = r.candidateIndex;
    if (this.count[c] === undefined) this.addParams(c, [{}]);
    const score = r.ok ? (r.testScores[this.metric] ?? Object.values(r.testScores)[0] ?? NaN) : NaN;
    this.count[c]!++;
    if (Number.isFinite(score)) {
      this.sum[c]! += score;
      this.sumSq[c]! += score * score;
    } else this.nanCount[c]!++;
    this.dirty.add(c);
    const round = this.roundList.length > 0 ? this.roundOf(c) : undefined;
    if (round) {
      round.fitsDone++;
      if (this.count[c] === this.nSplits && this.nanCount[c] === 0) {
        const mean = this.sum[c]! / this.nSplits;
        if (round.best === null || mean > round.best) round.best = mean;
      }
    }
    if (resumed) return;
    const laneName = r.worker ?? 'inline';
    let lane = this.laneIndex.get(laneName);
    if (lane === undefined) {
      lane = this.lanes.length;
      this.lanes.push(laneName);
      this.laneIndex.set(laneName, lane);
      this.laneBusy.push(0);
      this.laneFits.push(0);
      this.laneFailed.push(0);
      this.laneCursor.push(0);
      this.laneFirst.push(Infinity);
    }
    const { start, durMs } = this.barOf(r, atMs, lane);
    this.laneFirst[lane] = Math.min(this.laneFirst[lane]!, start);
    this.laneBusy[lane]! += durMs;
    this.laneFits[lane]!++;
    if (!r.ok) this.laneFailed[lane]!++;
    const t = this.tasks;
    t.lane.push(lane);
    // 0.1 ms is finer than any pixel of the task stream, and keeps the JSON short
    t.start.push(Math.round(start * 10) / 10);
    t.end.push(Math.round((start + durMs) * 10) / 10);
    t.cand.push(c);
    t.split.push(r.splitIndex);
    t.status.push(taskStatus(r));
    t.score.push(finite(score));
  }

  /**
   * A fit's bar on its lane (ms since the search started): from the fit's own wall-clock start
   * and end (FitResult.startedAt / endedAt, taken where it ran). A worker whose clock runs ahead
   * of this process's (by more than CLOCK_SLACK_MS) would draw a fit ending after it landed: such
   * a bar is shifted back to end when it landed. Results without times (journals of older versions, fits lost with their
   * worker) end when they landed and last their measured time, laid end to end on their lane.
   */
  private barOf(r: FitResult, atMs: number, lane: number): { start: number; durMs: number } {
    const landed = atMs - this.startedAt;
    if (r.startedAt !== undefined && r.endedAt !== undefined && r.endedAt >= r.startedAt) {
      // within a few ms it is the two timers of one machine (a thread's timeOrigin vs Date.now()), left as it is
      const ahead = r.endedAt - atMs > CLOCK_SLACK_MS ? r.endedAt - atMs : 0;
      const start = r.startedAt - ahead - this.startedAt;
      return { start, durMs: r.endedAt - r.startedAt };
    }
    const durMs = Math.max(0, (r.fitTime + r.scoreTime) * 1000);
    const start = Math.max(landed - durMs, this.laneCursor[lane]!, 0);
    this.laneCursor[lane] = start + durMs;
    return { start, durMs };
  }

  /** Takes the search's latest progress report (counters, ETA, best so far). */
  setProgress(p: ProgressInfo, atMs = Date.now()): void {
    this.progressInfo = p;
    if (p.best && !this.bestFinal && (this.best === null || p.best.candidateIndex !== this.best.candidateIndex || p.best.score !== this.best.score)) {
      this.best = { candidateIndex: p.best.candidateIndex, params: cellParams(p.best.params), score: p.best.score, metric: p.best.metric };
      this.curveT.push(atMs - this.startedAt);
      this.curveV.push(p.best.score);
    }
  }

  /** The search finished: final cvResults (ranks, means with errorScore) and the chosen best candidate. */
  finish(cv: CvResults | undefined, bestIndex: number | undefined, bestScore: number | undefined, atMs = Date.now()): void {
    this.finished = true;
    this.finishedAt = atMs;
    this.cvResults = cv;
    if (cv) {
      const rank = cv[`rank_test_${this.metric}`] as number[] | undefined;
      const mean = cv[`mean_test_${this.metric}`] as number[] | undefined;
      const std = cv[`std_test_${this.metric}`] as number[] | undefined;
      if (rank) this.rank = rank.slice();
      if (mean) this.finalMean = mean.slice();
      if (std) this.finalStd = std.slice();
      for (let i = 0; i < cv.params.length; i++) this.dirty.add(i);
    }
    if (bestIndex !== undefined && this.params[bestIndex]) {
      const score = bestScore ?? this.finalMean?.[bestIndex] ?? NaN;
      this.best = { candidateIndex: bestIndex, params: cellParams(this.params[bestIndex]!), score, metric: this.metric };
      this.bestFinal = true;
    }
  }

  /** The final cvResults (undefined until the search finished). */
  get results(): CvResults | undefined {
    return this.cvResults;
  }

  /** Number of candidates known so far. */
  get nCandidates(): number {
    return this.params.length;
  }

  private elapsedMs(): number {
    return (this.finishedAt ?? Date.now()) - this.startedAt;
  }

  /** The progress counters as shown. */
  progress(): ProgressView {
    const p = this.progressInfo;
    const elapsedMs = this.elapsedMs();
    const ran = this.tasks.lane.length;
    const a = this.activity;
    const running = this.finished ? 0 : a ? a.running : null;
    let etaMs: number | null = p.etaMs ?? null;
    if (p.etaMs !== undefined && !this.finished) etaMs = Math.max(0, p.etaMs - (Date.now() - this.startedAt - p.elapsedMs));
    if (this.finished) etaMs = 0;
    const runningUnit = a?.unit ?? null;
    return { done: p.done, total: p.total, failed: p.failed, running, runningUnit, elapsedMs, etaMs, fitsPerSec: elapsedMs > 0 ? ran / (elapsedMs / 1000) : 0 };
  }

  /** Per-thread and per-process load. */
  workers(): { lanes: LaneView[]; processes: ProcessView[] } {
    const now = this.elapsedMs();
    if (!this.finished) this.rss.set('this process', process.memoryUsage.rss());
    const lanes: LaneView[] = this.lanes.map((name, i) => {
      const since = Math.max(1, now - Math.min(this.laneFirst[i]!, now));
      return {
        name,
        process: processOf(name),
        fits: this.laneFits[i]!,
        failed: this.laneFailed[i]!,
        busy: Math.min(1, this.laneBusy[i]! / since),
        fitsPerSec: this.laneFits[i]! / (Math.max(1, now) / 1000),
      };
    });
    const byProc = new Map<string, ProcessView>();
    for (const l of lanes) {
      const p = byProc.get(l.process) ?? { name: l.process, threads: 0, fits: 0, busy: 0, fitsPerSec: 0, rss: this.rss.get(l.process) ?? null, lost: false };
      p.threads++;
      p.fits += l.fits;
      p.busy += l.busy;
      p.fitsPerSec += l.fitsPerSec;
      byProc.set(l.process, p);
    }
    const processes = [...byProc.values()].map((p) => ({ ...p, busy: p.threads > 0 ? p.busy / p.threads : 0 }));
    return { lanes, processes };
  }

  /** Fits [0, upTo) aggregated per lane and time bin (see TaskRaster). */
  private taskRaster(upTo: number): TaskRaster {
    const t = this.tasks;
    let tEnd = 1;
    for (let k = 0; k < upTo; k++) if (t.end[k]! > tEnd) tEnd = t.end[k]!;
    const bins = RASTER_BINS;
    const binMs = tEnd / bins;
    const lanes = this.lanes.length;
    const busy = Object.values(TASK_STATUS).map(() => new Float64Array(lanes * bins));
    for (let k = 0; k < upTo; k++) {
      const a = Math.max(0, t.start[k]!);
      const b = t.end[k]!;
      const row = busy[t.status[k]!]!;
      const base = t.lane[k]! * bins;
      for (let bin = Math.floor(a / binMs); bin <= Math.min(bins - 1, Math.floor(b / binMs)); bin++) {
        const lo = Math.max(a, bin * binMs);
        const hi = Math.min(b, (bin + 1) * binMs);
        if (hi > lo) row[base + bin]! += hi - lo;
      }
    }
    return {
      upTo,
      binMs,
      bins,
      lanes,
      busy: busy.map((row) => (row.some((x) => x > 0) ? Array.from(row, (x) => Math.round(x * 10) / 10) : [])),
    };
  }

  private scoresOf(idx: readonly number[]): CandidateScores {
    const mean: (number | null)[] = [];
    const std: (number | null)[] = [];
    const n: number[] = [];
    for (const i of idx) {
      n.push(this.count[i] ?? 0);
      if (this.finalMean) {
        mean.push(sig7(finite(this.finalMean[i] ?? NaN)));
        std.push(sig7(finite(this.finalStd?.[i] ?? NaN)));
        continue;
      }
      const k = this.count[i] ?? 0;
      if (k === 0 || this.nanCount[i]! > 0) {
        mean.push(null);
        std.push(null);
        continue;
      }
      const m = this.sum[i]! / k;
      mean.push(sig7(m));
      std.push(sig7(Math.sqrt(Math.max(0, this.sumSq[i]! / k - m * m))));
    }
    const out: CandidateScores = { idx: [...idx], mean, std, n };
    if (this.rank) out.rank = idx.map((i) => this.rank![i] ?? 0);
    return out;
  }

  private candidateColumns(from: number): CandidateColumns {
    const params: Record<string, CellValue[]> = {};
    for (const name of this.paramNames) {
      const col: CellValue[] = [];
      for (let i = from; i < this.params.length; i++) col.push(toCell(this.params[i]?.[name]));
      params[name] = col;
    }
    return { from, params };
  }

  private taskColumns(from: number): TaskColumns {
    const t = this.tasks;
    return {
      from,
      lane: t.lane.slice(from),
      start: t.start.slice(from),
      end: t.end.slice(from),
      cand: t.cand.slice(from),
      split: t.split.slice(from),
      status: t.status.slice(from),
      score: t.score.slice(from),
    };
  }

  /** The whole state (what a page gets when it connects, and what a report embeds). */
  snapshot(): SearchSnapshot {
    const { lanes, processes } = this.workers();
    const all = Array.from({ length: this.params.length }, (_, i) => i);
    const scores = this.scoresOf(all);
    delete scores.idx; // every candidate, in order: no index column
    scores.from = 0;
    const detailFrom = Math.max(0, this.tasks.lane.length - TASK_DETAIL);
    return {
      kind: 'search',
      title: this.title,
      startedAt: this.startedAt,
      metric: this.metric,
      nSplits: this.nSplits,
      finished: this.finished,
      progress: this.progress(),
      processes,
      lanes,
      best: this.best,
      candidates: this.candidateColumns(0),
      scores,
      tasks: this.taskColumns(detailFrom),
      taskRaster: detailFrom > 0 ? this.taskRaster(detailFrom) : null,
      curve: { from: 0, t: this.curveT.slice(), v: this.curveV.slice() },
      rounds: this.rounds(),
    };
  }

  /** What changed since the last delta (one shared delta per tick for every page). */
  delta(): SearchDelta {
    const { lanes, processes } = this.workers();
    const dirty = [...this.dirty].sort((a, b) => a - b);
    this.dirty = new Set();
    const d: SearchDelta = {
      kind: 'delta',
      title: this.title,
      metric: this.metric,
      nSplits: this.nSplits,
      finished: this.finished,
      progress: this.progress(),
      processes,
      lanes,
      best: this.best,
      candidates: this.candidateColumns(this.sent.candidates),
      scores: this.scoresOf(dirty),
      tasks: this.taskColumns(this.sent.tasks),
      curve: { from: this.sent.curve, t: this.curveT.slice(this.sent.curve), v: this.curveV.slice(this.sent.curve) },
      rounds: this.rounds(),
    };
    this.sent = { tasks: this.tasks.lane.length, candidates: this.params.length, curve: this.curveT.length };
    return d;
  }

  /** Successive halving's rounds so far (copies). */
  rounds(): RoundView[] {
    return this.roundList.map((r) => ({ ...r }));
  }

  /** The compact state of `GET /api/state`. */
  apiState(): ApiState {
    const { lanes, processes } = this.workers();
    return {
      kind: 'search',
      title: this.title,
      finished: this.finished,
      progress: this.progress(),
      nCandidates: this.params.length,
      workers: processes,
      threads: lanes,
      best: this.best,
      rounds: this.rounds(),
    };
  }
}
