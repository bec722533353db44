/**
 * What the dashboard server sends to its page (and embeds in a static report):
 * plain JSON, column-oriented so 100,000 candidates cost one array per column,
 * not one object per row. Times are milliseconds since the search started.
 */

/** A parameter value as shown (objects and lists are sent as their JSON text). */
export type CellValue = number | string | boolean | null;

/** Status of one fit in the task stream. */
export const TASK_STATUS = { ok: 0, failed: 1, timedOut: 2, retried: 3, lost: 4 } as const;

/** Fits in the task stream, in columns (index k is one fit). */
export interface TaskColumns {
  /** Index of the first fit in these columns (deltas carry only new fits). */
  from: number;
  lane: number[];
  start: number[];
  end: number[];
  cand: number[];
  split: number[];
  /** A TASK_STATUS value. */
  status: number[];
  /** Test score of the progress metric; null for a failure. */
  score: (number | null)[];
}

/**
 * The task stream's older fits, aggregated on the server (a snapshot carries only the latest
 * fits one by one: at 400,000 fits the bars are far narrower than a pixel anyway): per lane and
 * time bin, the milliseconds spent in fits of each status.
 */
export interface TaskRaster {
  /** Fits [0, upTo) are in the raster; the snapshot's `tasks` start at `upTo`. */
  upTo: number;
  /** Width of a bin (ms); bin b covers [b·binMs, (b+1)·binMs) since the search started. */
  binMs: number;
  bins: number;
  lanes: number;
  /** busy[status][lane · bins + bin]: ms of that status in that bin; [] when no fit had that status. */
  busy: number[][];
}

/** Candidates added since `from`, their parameters in columns (param name → one value per candidate). */
export interface CandidateColumns {
  from: number;
  params: Record<string, CellValue[]>;
}

/** Per-candidate scores that changed (or all, in a snapshot). */
export interface CandidateScores {
  /** The candidates these scores are of (a snapshot sends `from` instead: every candidate from there on). */
  idx?: number[];
  /** With no `idx`: the scores are of candidates from, from + 1, … */
  from?: number;
  /** Mean test score over the folds done so far, to 7 significant digits (null: none done or NaN). */
  mean: (number | null)[];
  std: (number | null)[];
  /** Folds finished. */
  n: number[];
  /** Rank (1 = best, scikit-learn's rank_test_<metric>), only once the search finished. */
  rank?: number[];
}

/** Counters of the progress view. */
export interface ProgressView {
  done: number;
  total: number;
  failed: number;
  /**
   * Running now, as the executor measures it (null: the executor does not say): fits started and
   * not finished on the pool and inline, BullMQ batches held by workers on the cluster (`runningUnit`).
   */
  running: number | null;
  /** What `running` counts. */
  runningUnit: 'fits' | 'batches' | null;
  elapsedMs: number;
  etaMs: number | null;
  /** Fits finished per second over the search so far. */
  fitsPerSec: number;
}

/** One worker thread (pool thread, or cluster `host:pid/thread N`). */
export interface LaneView {
  name: string;
  process: string;
  fits: number;
  failed: number;
  /** Share of the wall time spent fitting (0..1). */
  busy: number;
  fitsPerSec: number;
}

/** One worker process. */
export interface ProcessView {
  name: string;
  threads: number;
  fits: number;
  busy: number;
  fitsPerSec: number;
  /** Resident set size in bytes, when known. */
  rss: number | null;
  /** True when the process stopped reporting (cluster heartbeats). */
  lost: boolean;
}

/** The best candidate so far. */
export interface BestView {
  candidateIndex: number;
  params: Record<string, CellValue>;
  score: number;
  metric: string;
}

/** One round of a successive-halving search (HalvingGridSearchCV / HalvingRandomSearchCV). */
export interface RoundView {
  /** From 0. */
  iteration: number;
  nIterations: number;
  nCandidates: number;
  /** Resource per fit in this round (samples, or the resource parameter's value). */
  nResources: number;
  /** Index of the round's first candidate (each round adds its candidates after the previous ones). */
  offset: number;
  fitsDone: number;
  fitsTotal: number;
  /** When the round started (ms since the search started). */
  startMs: number;
  /** Best mean test score among this round's fully evaluated candidates (null: none yet). */
  best: number | null;
}

/** Everything the live page shows of one search. */
export interface SearchSnapshot {
  kind: 'search';
  title: string;
  /** Epoch ms when the search started. */
  startedAt: number;
  metric: string;
  nSplits: number;
  finished: boolean;
  progress: ProgressView;
  processes: ProcessView[];
  lanes: LaneView[];
  best: BestView | null;
  candidates: CandidateColumns;
  scores: CandidateScores;
  tasks: TaskColumns;
  /** Fits before `tasks.from`, aggregated (null: every fit is in `tasks`). Snapshots only. */
  taskRaster: TaskRaster | null;
  /** Best-so-far curve: points where the best score improved. */
  curve: { from: number; t: number[]; v: number[] };
  /** Successive halving's rounds so far (empty for one-round searches); sent whole (a handful). */
  rounds: RoundView[];
}

/** What changed since the previous delta (the snapshot's fields but its start time; columns hold only what is new). */
export type SearchDelta = Omit<SearchSnapshot, 'kind' | 'startedAt' | 'taskRaster'> & { kind: 'delta' };

/** The compact machine-readable state (`GET /api/state`). */
export interface ApiState {
  kind: 'search';
  title: string;
  finished: boolean;
  progress: ProgressView;
  nCandidates: number;
  workers: ProcessView[];
  threads: LaneView[];
  best: BestView | null;
  /** Successive halving's rounds (empty for one-round searches). */
  rounds: RoundView[];
}

/** One cluster worker process, from its heartbeat. */
export interface ClusterWorkerView {
  id: string;
  host: string;
  pid: number | null;
  concurrency: number | null;
  rss: number | null;
  fits: number | null;
  fitsPerSec: number | null;
  /** Seconds since the last heartbeat. */
  lastSeenSec: number;
  lost: boolean;
}

/** A search known to Redis (its results hash and state key). */
export interface ClusterSearchView {
  id: string;
  state: string;
  results: number;
}

/** The cluster page's state (`hyperfold dashboard --redis`). */
export interface ClusterSnapshot {
  kind: 'cluster';
  title: string;
  redis: string;
  queue: string;
  prefix: string;
  counts: { waiting: number; active: number; completed: number; failed: number; delayed: number };
  workers: ClusterWorkerView[];
  searches: ClusterSearchView[];
  /** Completed BullMQ jobs over time (for the throughput chart): epoch ms and counts. */
  history: { t: number[]; completed: number[]; active: number[]; waiting: number[] };
  error: string | null;
}
