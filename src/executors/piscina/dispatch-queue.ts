import type { FitJob } from '../../jobs/types.js';
import type { CostModel } from './cost.js';

/** How a pool orders jobs: costliest first (learned from finished folds), or as the search listed them. */
export type DispatchOrder = 'costliest-first' | 'as-given';

interface Entry {
  /** 1: no fold of the candidate dispatched yet (a probe); 0: otherwise. Higher tiers go first. */
  tier: number;
  priority: number;
  candidate: number;
  version: number;
}

/** Max-heap on priority; ties go to the smaller candidate index (stable, deterministic). Hand-written: ~30 lines, no dependency needed. */
class MaxHeap {
  private readonly items: Entry[] = [];
  private before(a: Entry, b: Entry): boolean {
    if (a.tier !== b.tier) return a.tier > b.tier;
    return a.priority > b.priority || (a.priority === b.priority && a.candidate < b.candidate);
  }
  get size(): number {
    return this.items.length;
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }
  peek(): Entry | undefined {
    return this.items[0];
  }
  pop(): void {
    const h = this.items;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      const t = h[i]!;
      h[i] = h[m]!;
      h[m] = t;
      i = m;
    }
  }
  clear(): void {
    this.items.length = 0;
  }
}

/**
 * The jobs of one run waiting for a thread, grouped by candidate. First one
 * fold of every candidate, costliest-looking first (a probe; for estimators that
 * run a candidate's folds together, `runFoldsTogether`, a started candidate's
 * folds come first instead and candidates start costliest-looking first); then the other
 * folds, ranked by the time their candidate's finished folds took — so the
 * end of a run is made of jobs whose cost is known, longest first.
 * Priorities are recomputed lazily when a fold finishes. After a thread died, the job it was running goes first, alone; the
 * others of its batches follow in ordinary batches.
 */
export class DispatchQueue {
  /** Candidates of the run, in order of first appearance. */
  private readonly candidates: number[] = [];
  /** Job indices grouped by candidate: candidate c's are items[head[c]] … items[end[c] - 1] (typed arrays indexed by candidate: no Map lookup per job). */
  private readonly items: Int32Array;
  private readonly head: Int32Array;
  private readonly end: Int32Array;
  /** Each candidate's first position in `items` (its head before any job was handed out). */
  private readonly starts: Int32Array;
  private readonly versions: Int32Array;
  private readonly heap = new MaxHeap();
  private readonly retries: number[] = [];
  private returned: number[] = [];
  private count = 0;

  constructor(
    jobs: readonly FitJob[],
    private readonly model: CostModel,
    private readonly order: DispatchOrder,
  ) {
    let maxCandidate = -1;
    for (const j of jobs) if (j.candidateIndex > maxCandidate) maxCandidate = j.candidateIndex;
    const n = maxCandidate + 1;
    this.head = new Int32Array(n);
    this.end = new Int32Array(n);
    this.versions = new Int32Array(n);
    const sizes = new Int32Array(n);
    for (const j of jobs) {
      if (sizes[j.candidateIndex]!++ === 0) this.candidates.push(j.candidateIndex);
    }
    let at = 0;
    for (const c of this.candidates) {
      this.head[c] = at;
      this.end[c] = at;
      at += sizes[c]!;
    }
    this.starts = this.head.slice();
    this.items = new Int32Array(jobs.length);
    for (let i = 0; i < jobs.length; i++) this.items[this.end[jobs[i]!.candidateIndex]!++] = i;
    this.count = jobs.length;
    this.rebuild();
  }

  /** Jobs not yet handed out. */
  get pending(): number {
    return this.count;
  }

  /** True when candidate `c` of this run still has jobs waiting. */
  private waiting(c: number): boolean {
    return c < this.head.length && this.head[c]! < this.end[c]!;
  }

  /** True when no job of candidate `c` was handed out yet. */
  private unprobed(c: number): boolean {
    return this.head[c] === this.starts[c];
  }

  private push(candidate: number): void {
    if (!this.waiting(candidate)) return;
    const asGiven = this.order === 'as-given';
    // costliest-first: a candidate's first fold goes ahead of the others (a probe of its cost); for an estimator that
    // runs a candidate's folds together, a started candidate's folds go ahead of every unstarted candidate instead
    const together = this.model.foldsTogether(candidate);
    const tier = asGiven ? 0 : this.unprobed(candidate) !== together ? 1 : 0;
    const priority = asGiven ? -this.items[this.head[candidate]!]! : this.model.priority(candidate);
    const version = ++this.versions[candidate]!;
    this.heap.push({ tier, priority, candidate, version });
  }

  /** Recomputes every candidate's priority (after the cost model's scale changed). */
  rebuild(): void {
    this.heap.clear();
    for (const c of this.candidates) this.push(c);
  }

  /** Re-ranks one candidate (one of its folds just finished) if it still has jobs waiting. */
  update(candidate: number): void {
    if (this.order === 'as-given') return;
    if (this.waiting(candidate)) this.push(candidate);
  }

  /** Puts job `i` back, to run first and alone (its thread died while running it). */
  retry(i: number): void {
    this.retries.push(i);
    this.count += 1;
  }

  /** Puts job `i` back, to run next in an ordinary batch (its thread died before reporting it). */
  putBack(i: number): void {
    this.returned.push(i);
    this.count += 1;
  }

  private top(): Entry | undefined {
    for (;;) {
      const e = this.heap.peek();
      if (!e) return undefined;
      if (e.version === this.versions[e.candidate] && this.waiting(e.candidate)) return e;
      this.heap.pop();
    }
  }

  /**
   * The next batch: a retried job alone, else jobs in priority order while
   * their predicted seconds fit in `targetSeconds` (at most `cap` jobs, or more while
   * they add up to no more than `floorSeconds`; a job of unknown cost goes alone).
   * `retry` marks a retried job (it must run on a fresh thread).
   */
  next(targetSeconds: number, cap: number, floorSeconds = 0): { jobs: number[]; retry: boolean } | undefined {
    if (this.retries.length > 0) {
      this.count -= 1;
      return { jobs: [this.retries.shift()!], retry: true };
    }
    if (this.returned.length > 0) {
      const out = this.returned.slice(0, cap);
      this.returned = this.returned.slice(cap);
      this.count -= out.length;
      return { jobs: out, retry: false };
    }
    const out: number[] = [];
    let sum = 0;
    let lastCandidate = -1;
    let p: number | undefined;
    for (;;) {
      const e = this.top();
      if (!e) break;
      const i = this.items[this.head[e.candidate]!]!;
      if (e.candidate !== lastCandidate) {
        lastCandidate = e.candidate;
        p = this.model.predict(e.candidate);
      }
      if (p === undefined && out.length > 0) break;
      if (p !== undefined && out.length > 0 && sum + p > targetSeconds) break;
      if (out.length >= cap && (p === undefined || sum + p > floorSeconds)) break;
      this.head[e.candidate]! += 1;
      out.push(i);
      this.count -= 1;
      // probed: its other folds wait for its measured time; started (folds together): its other folds go first
      if (e.tier === 1 || this.model.foldsTogether(e.candidate)) this.push(e.candidate);
      if (p === undefined) break;
      sum += p;
    }
    return out.length > 0 ? { jobs: out, retry: false } : undefined;
  }
}
